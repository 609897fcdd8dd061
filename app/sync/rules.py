"""Check each model's rules on what a merge changed, and say what to hold back.

A record a merge touched is checked with its model's ``__sync_rules__`` (see
``app.db.groups``). When one breaks, the merge is held, never left in place: a record
that arrived new is set aside (tombstoned), a changed record goes back to what it was;
when two records collide (overlapping leave), the later one is set aside and the other
kept. The choice depends only on the two records, so every laptop holds the same one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from app.db import groups
from app.db.base import SYNC_BOOKKEEPING
from app.db.values import to_json_value


@dataclass
class Hold:
    table: str
    row_id: str
    message: str
    revert: dict[str, Any] | None  # None: set the record aside (tombstone)
    held_values: dict[str, Any]
    held_version: tuple[int, str]
    kept_values: dict[str, Any]
    kept_version: tuple[int, str]
    other_row_id: str | None = None


def _values(session: Session, table: Table, row_id: str) -> dict[str, Any] | None:
    row = session.execute(select(table).where(table.c.id == row_id)).mappings().first()
    return None if row is None else {k: to_json_value(v) for k, v in row.items()}


def _visible(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k not in SYNC_BOOKKEEPING and k not in ("id", "deleted")}


def _values_of(session: Session, tables: dict[str, Table], keys: list[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
    """The stored values of many rows: one SELECT per table per chunk, not one per row."""
    by_table: dict[str, list[str]] = {}
    for name, row_id in keys:
        by_table.setdefault(name, []).append(row_id)
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for name, ids in by_table.items():
        table = tables[name]
        for start in range(0, len(ids), 500):
            for row in session.execute(select(table).where(table.c.id.in_(ids[start : start + 500]))).mappings():
                found[(name, row["id"])] = {k: to_json_value(v) for k, v in row.items()}
    return found


def broken(session: Session, rows: dict[tuple[str, str], Any], tables: dict[str, Table]) -> list[Hold]:
    holds: list[Hold] = []
    held: set[tuple[str, str]] = set()
    checked = [key for key, row in rows.items() if groups.rules_of(key[0]) and (row.new or row.dirty - SYNC_BOOKKEEPING)]
    stored = _values_of(session, tables, checked)
    for name, row_id in checked:
        row, checks = rows[(name, row_id)], groups.rules_of(name)
        if (name, row_id) in held:
            continue
        values = stored.get((name, row_id))
        if values is None or values.get("deleted"):
            continue
        for check in checks:
            outcome = check(session, tables[name], values)
            if not outcome:
                continue
            message, other_id = (outcome, None) if isinstance(outcome, str) else outcome
            hold = _hold(session, tables[name], name, values, row, message, other_id)
            if (hold.table, hold.row_id) not in held:
                held.add((hold.table, hold.row_id))
                holds.append(hold)
            break
    return holds


def _version(values: dict[str, Any]) -> tuple[int, str]:
    return int(values.get("hlc") or 0), str(values.get("updated_device") or "")


def _hold(session: Session, table: Table, name: str, values: dict[str, Any], row: Any,
          message: str, other_id: str | None) -> Hold:
    if other_id is not None:
        other = _values(session, table, other_id) or {}
        # set aside the later of the two records (the same choice on every laptop)
        if (_version(other), other_id) > (_version(values), values["id"]):
            return Hold(name, other_id, message, None, _visible(other), _version(other),
                        _visible(values), _version(values), values["id"])
        return Hold(name, values["id"], message, None, _visible(values), _version(values),
                    _visible(other), _version(other), other_id)
    if row.new:
        return Hold(name, values["id"], message, None, _visible(values), _version(values), {}, (0, ""))
    kept = {**_visible(values), **row.before}
    return Hold(name, values["id"], message, dict(row.before), _visible(values), _version(values), kept, (0, ""))
