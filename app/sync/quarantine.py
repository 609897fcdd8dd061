"""Quarantine records, not rounds: a remote record that cannot be applied is set aside.

A record from another laptop may be malformed, carry a value that does not convert
(``"2026-13-45"`` for a date), a date out of the sane range (``0226-11-23``), or be
refused by the database. Such a record is parked in ``sync_parked`` with its operation
id and a plain reason; the round applies everything else. Parked records are retried
each round (an update of Duty Desk may make them applicable) and are never dropped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import Table
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session

from app.validation import dates

REASON_PREFIX = "cannot be applied: "
_SQLITE_VALUES = (int, float, str, bytes)
_TEXT_KEYS = ("op_id", "table", "row", "op", "device")


def is_unapplicable(reason: str) -> bool:
    return reason.startswith(REASON_PREFIX)


def malformed(entry: Any) -> str | None:
    """Why ``entry`` is not a change record at all, or None if it is well formed."""
    if not isinstance(entry, dict):
        return "it is not a change record"
    for key in _TEXT_KEYS:
        if not isinstance(entry.get(key), str) or not entry.get(key):
            return f"its {key!r} is missing or not text"
    if not isinstance(entry.get("hlc"), int) or isinstance(entry.get("hlc"), bool):
        return "its clock value is missing or not a number"
    changes = entry.get("changes")
    if not isinstance(changes, dict) or not all(isinstance(c, dict) for c in changes.values()):
        return "its changed fields are not readable"
    return None


def unapplicable(entry: dict[str, Any], tables: dict[str, Table], dialect: Any) -> str | None:
    """Why a well-formed record cannot be written here, or None. Unknown tables and
    fields are left to the merge (they come from a newer version: parked apart)."""
    from app.sync.merge import from_json

    table = tables.get(entry["table"])
    if table is None:
        return None
    for name, change in entry["changes"].items():
        if name not in table.c:
            return None
        column, value = table.c[name], change.get("new")
        try:
            converted = from_json(column, value)
        except Exception:  # noqa: BLE001 - any conversion failure is this record's problem
            return f"its field {name} holds {_short(value)}, which is not a valid {_kind(column)}"
        if isinstance(converted, dt.date) and not dates.in_range(converted):
            return (f"its field {name} holds {_short(value)}, a date out of range "
                    f"(years {dates.MIN_YEAR}-{dates.MAX_YEAR} only)")
        try:
            processor = column.type.dialect_impl(dialect).bind_processor(dialect)  # the dialect's own (SQLite dates are text)
            bound = processor(converted) if processor else converted
        except Exception as exc:  # noqa: BLE001
            return f"its field {name} holds {_short(value)}: {one_line(exc)}"
        if bound is not None and not isinstance(bound, _SQLITE_VALUES):
            return f"its field {name} holds {_short(value)}, where a {_kind(column)} is expected"
    return None


def merge_guarded(session: Session, todo: list[dict[str, Any]],
                  run: Callable[[list[dict[str, Any]], Any], None], result: Any) -> None:
    """Run the merge of ``todo`` in a savepoint; if anything fails, merge one record at a
    time and park each record that fails, so one bad record never stops the round."""
    from app.sync.merge import MergeResult

    try:
        with session.begin_nested():
            part = MergeResult()
            run(todo, part)
        _add(result, part)
        return
    except Exception:  # noqa: BLE001 - narrowed down record by record below
        pass
    for entry in todo:
        try:
            with session.begin_nested():
                part = MergeResult()
                run([entry], part)
            _add(result, part)
        except Exception as exc:  # noqa: BLE001
            result.parked += park(session, [(entry, one_line(exc))])


def park(session: Session, refused: list[tuple[Any, str]]) -> int:
    from app.sync.models import SyncParked

    for entry, problem in refused:
        stored = entry if isinstance(entry, dict) else {"raw": entry}
        op_id = stored.get("op_id") if isinstance(stored.get("op_id"), str) else None
        op_id = (op_id or _digest(stored))[:36]
        session.merge(SyncParked(op_id=op_id, entry=stored, reason=REASON_PREFIX + problem))
    session.flush()
    return len(refused)


def one_line(exc: BaseException) -> str:
    if isinstance(exc, StatementError) and exc.orig is not None:
        exc = exc.orig
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def _add(total: Any, part: Any) -> None:
    total.applied_ops += part.applied_ops
    total.field_changes += part.field_changes
    total.conflicts += part.conflicts
    total.parked += part.parked
    total.holds += part.holds
    total.touched_rows |= part.touched_rows


def _digest(entry: dict[str, Any]) -> str:
    return "bad-" + hashlib.sha256(json.dumps(entry, sort_keys=True, default=str).encode()).hexdigest()[:32]


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _kind(column: Any) -> str:
    from app.db.types import UTCDateTime

    if isinstance(column.type, UTCDateTime):
        return "date and time"
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        return "value"
    return {dt.datetime: "date and time", dt.date: "date", int: "whole number", float: "number",
            bool: "yes/no value", str: "text"}.get(python_type, python_type.__name__)
