"""Search across every shift with the local FTS5 index, newest first, with filters."""

from __future__ import annotations

from sqlalchemy import select, text

from app.context import AppContext
from app.db.types import to_utc_text
from app.shiftlog.fts import FTS_TABLE, column_equals, match_query
from app.shiftlog.models import LogEntry
from app.shiftlog.service import EntryFilter, EntryInfo, _with_amended

DEFAULT_LIMIT = 200


def search(ctx: AppContext, query: str, where: EntryFilter | None = None, *, limit: int = DEFAULT_LIMIT) -> list[EntryInfo]:
    """Entries whose text, rationale, amendment reason, link or officer contain every
    word typed (the last word may be incomplete), newest first."""
    match = match_query(query)
    if match is None:
        return []
    where = where or EntryFilter()
    for column in ("category", "channel"):
        value = getattr(where, column)
        if value and column_equals(column, value):
            match += f" AND {column_equals(column, value)}"
    clauses = [f"{FTS_TABLE} MATCH :match", "e.deleted = 0"]
    params: dict[str, object] = {"match": match, "limit": limit}
    for column, value in (
        ("shift_id", where.shift_id), ("category", where.category),
        ("channel", where.channel), ("officer", where.officer),
    ):
        if value:
            clauses.append(f"e.{column} = :{column}")
            params[column] = value
    if where.start is not None:
        clauses.append("e.event_at >= :start")
        params["start"] = to_utc_text(where.start)
    if where.end is not None:
        clauses.append("e.event_at < :end")
        params["end"] = to_utc_text(where.end)
    sql = text(
        f"SELECT e.id FROM {FTS_TABLE} JOIN log_entry AS e ON e.rowid = {FTS_TABLE}.rowid "
        f"WHERE {' AND '.join(clauses)} ORDER BY {FTS_TABLE}.rowid DESC LIMIT :limit"
    )
    with ctx.read() as session:
        ids = list(session.execute(sql, params).scalars())
        if not ids:
            return []
        rows = {r.id: r for r in session.execute(select(LogEntry).where(LogEntry.id.in_(ids))).scalars()}
        return _with_amended(session, [rows[i] for i in ids if i in rows])
