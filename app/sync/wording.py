"""Conflicts in words: which record, who set what (in the team's local time), what to choose.

"Sam set Thu 3 Dec 16:00–22:00; Alex set 17:00–22:30 — keep which?" rather than raw
field names, UTC values and id prefixes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, select
from sqlalchemy.orm import Session

from app.cli.support import local_zone
from app.db.types import UTCDateTime

LABEL_FIELDS = ("name", "title", "key", "text", "label", "subject")
OFFICER_FIELDS = ("officer_id", "officer_a", "officer_b")
TABLE_WORDS = {
    "rota_shift": "shift", "rota_leave": "leave", "rota_pattern": "rota pattern", "rota_swap": "shift swap",
    "officer": "officer", "team_setting": "team setting", "contact": "contact", "incident": "incident",
    "incident_step": "incident step", "incident_template": "checklist template", "shift": "shift log",
    "log_entry": "log entry", "handover_item": "handover item", "photo_export": "photo export",
    "sync_team_resolution": "decision",
}


class Words:
    """Formats records and values of one database (officer names looked up once)."""

    def __init__(self, session: Session, tables: dict[str, Any]) -> None:
        self.session = session
        self.tables = tables
        self._officers: dict[str, str] | None = None

    def officer(self, officer_id: Any) -> str:
        if self._officers is None:
            table = self.tables.get("officer")
            rows = self.session.execute(select(table.c.id, table.c.name)).all() if table is not None else []
            self._officers = {r.id: r.name for r in rows}
        if not officer_id:
            return "nobody (open)"
        return self._officers.get(officer_id, "an officer not on this laptop")

    # --- records ---------------------------------------------------------------------
    def row(self, table_name: str, row_id: str) -> dict[str, Any] | None:
        table = self.tables.get(table_name)
        if table is None:
            return None
        found = self.session.execute(select(table).where(table.c.id == row_id)).mappings().first()
        return dict(found) if found is not None else None

    def record(self, table_name: str, row_id: str) -> str:
        row = self.row(table_name, row_id)
        noun = TABLE_WORDS.get(table_name, table_name.replace("_", " "))
        if row is None:
            return f"a {noun} not on this laptop yet"
        if table_name == "rota_shift":
            return f"{self.officer(row['officer_id'])}'s {row['kind']} shift on {day(row['start'])}"
        if table_name == "rota_leave":
            return f"{self.officer(row['officer_id'])}'s {row['kind']} leave from {day(row['start_date'])}"
        if table_name == "incident_step":
            incident = self.row("incident", row["incident_id"]) or {}
            return f"step {row['no']} of incident “{incident.get('title', '?')}”"
        if table_name == "shift":
            return f"{row['officer']}'s shift log of {day(row['started_at'])}"
        if table_name == "team_setting":
            return f"team setting “{row['key']}”"
        label = next((row[f] for f in LABEL_FIELDS if f in row and row[f]), None)
        return f"{noun} “{str(label)[:60]}”" if label is not None else f"a {noun} created {day(row['created_at'])}"

    # --- values ----------------------------------------------------------------------
    def values(self, table_name: str, values: dict[str, Any]) -> str:
        if not values:
            return "nothing"
        if {"start", "end"} <= set(values):
            text = span(parse_time(values["start"]), parse_time(values["end"]))
            brk = values.get("unpaid_break_minutes")
            return text + (f" with a {brk}-minute break" if brk else "")
        if {"start_date", "end_date"} <= set(values):
            kind = values.get("kind")
            return f"{kind + ' leave ' if kind else ''}{day(values['start_date'])}–{day(values['end_date'])}"
        table = self.tables.get(table_name)
        parts = [self.value(table, name, value) for name, value in values.items()]
        if len(values) == 1:
            return parts[0].split(": ", 1)[-1]
        return ", ".join(parts)

    def value(self, table: Any, name: str, value: Any) -> str:
        label = name.replace("_", " ")
        if value is None or value == "":
            return f"{label}: (empty)"
        if name in OFFICER_FIELDS:
            return f"{label.replace(' id', '')}: {self.officer(value)}"
        column = table.c[name] if table is not None and name in table.c else None
        if column is not None and isinstance(column.type, UTCDateTime) and isinstance(value, str):
            return f"{label}: {when(parse_time(value))}"
        if column is not None and isinstance(column.type, Date) and isinstance(value, str):
            return f"{label}: {day(value)}"
        if isinstance(value, bool):
            return f"{label}: {'yes' if value else 'no'}"
        if isinstance(value, list):  # phone numbers and the like: the items, not a Python list
            return f"{label}: {', '.join(str(item) for item in value) or '(empty)'}"
        text = value if isinstance(value, str) else str(value)
        return f"{label}: “{text[:60]}{'…' if len(text) > 60 else ''}”" if isinstance(value, str) else f"{label}: {text}"


def parse_time(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    try:
        return dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None


def local(value: dt.datetime) -> dt.datetime:
    return value.astimezone(local_zone()) if value.tzinfo else value


def day(value: Any) -> str:
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10]) if len(value) <= 10 else parse_time(value)
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        value = local(value).date()
    if isinstance(value, dt.date):
        return f"{value:%a} {value.day} {value:%b}"
    return "?"


def when(value: dt.datetime | None) -> str:
    if value is None:
        return "?"
    here = local(value)
    return f"{day(here)} {here:%H:%M}"


def span(start: dt.datetime | None, end: dt.datetime | None) -> str:
    if start is None or end is None:
        return "?"
    a, b = local(start), local(end)
    return f"{day(a)} {a:%H:%M}–{b:%H:%M}" if a.date() == b.date() else f"{day(a)} {a:%H:%M}–{day(b)} {b:%H:%M}"


def drop_shared_day(first: str, second: str) -> str:
    """"Thu 3 Dec 17:00–22:30" after "Thu 3 Dec 16:00–22:00" reads as "17:00–22:30"."""
    prefix = " ".join(first.split(" ")[:3])
    if first.count(" ") >= 3 and second.startswith(prefix + " ") and second[len(prefix) + 1 : len(prefix) + 2].isdigit():
        return second[len(prefix) + 1 :]
    return second


def who(name: str) -> str:
    return name or "another laptop"


def _sides(c: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    fields = c.field.split("+")

    def as_dict(value: Any) -> dict[str, Any]:
        return value if isinstance(value, dict) and (len(fields) > 1 or c.kind != "edit") else {fields[0]: value}

    return as_dict(c.local_value), as_dict(c.remote_value)


def side_words(words: Words, c: Any) -> tuple[str, str]:
    here, there = _sides(c)
    if c.kind == "delete":
        return tuple("deleted" if side.get("deleted") is True else words.values(c.table_name, side) for side in (here, there))  # type: ignore[return-value]
    return words.values(c.table_name, here), words.values(c.table_name, there)


def sentence(words: Words, c: Any) -> str:
    """One conflict (a ``SyncConflict`` row) as a sentence, this laptop's side first."""
    table = c.table_name
    here, there = _sides(c)
    me = who(c.local_officer) if c.local_officer else "this laptop"
    them = who(c.remote_officer)
    record = words.record(table, c.row_id)
    if c.kind == "delete":
        deleter, editor, edit = (me, them, there) if here.get("deleted") is True else (them, me, here)
        return (f"{deleter} deleted {record}; {editor} changed it at the same time ({words.values(table, edit)}) — "
                "restore it or confirm the delete?")
    if c.kind == "rule":
        held = here if c.winner == "remote" else there
        return (f"A change to {record} ({words.values(table, held)}) was held back: {c.message} — "
                "keep the held version or the current one?")
    mine = words.values(table, here)
    theirs = drop_shared_day(mine, words.values(table, there))
    return f"{record}: {me} set {mine}; {them} set {theirs} — keep which?"
