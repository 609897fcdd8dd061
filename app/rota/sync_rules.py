"""Rules a rota record must keep after sync merges other laptops' changes into it.

Each rule gets the merged record as JSON values (what the change log carries) and
returns a plain sentence when the record breaks it. The services refuse such input at
the edge; these catch what arrives from another laptop (see ``app.db.groups``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session


def _when(value: Any) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:
        return None


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:
        return None


def shift_ends_after_start(session: Session, table: Table, values: dict[str, Any]) -> str | None:
    start, end = _when(values.get("start")), _when(values.get("end"))
    if start is None or end is None:
        return "the shift has no start or end"
    if end <= start:
        return "the shift would end before it starts"
    if int(values.get("unpaid_break_minutes") or 0) * 60 >= (end - start).total_seconds():
        return "the shift's break would be as long as the shift"
    return None


def leave_dates_in_order(session: Session, table: Table, values: dict[str, Any]) -> str | None:
    first, last = _day(values.get("start_date")), _day(values.get("end_date"))
    if first is None or last is None or last < first:
        return "the leave would end before it starts"
    return None


def no_overlapping_leave(session: Session, table: Table, values: dict[str, Any]) -> tuple[str, str] | None:
    """One officer cannot be on two leaves the same day (names the other leave)."""
    first, last = _day(values.get("start_date")), _day(values.get("end_date"))
    if values.get("deleted") or first is None or last is None:
        return None
    other = session.execute(
        select(table.c.id, table.c.start_date, table.c.end_date).where(
            table.c.officer_id == values.get("officer_id"), table.c.id != values.get("id"),
            table.c.deleted.is_(False), table.c.start_date <= last, table.c.end_date >= first,
        ).limit(1)
    ).first()
    if other is None:
        return None
    return f"it overlaps the same officer's leave {other.start_date:%a %-d %b}–{other.end_date:%a %-d %b}", other.id
