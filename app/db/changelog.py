"""Record every change to shared data in the outbox, inside the same transaction.

A ``before_flush`` hook on the application's sessions stamps each new or changed
``SharedRecord`` with a fresh hybrid-logical-clock version and who/which device made
the change, and appends a ``ChangeLogEntry`` with the changed fields' old and new
values. Because it happens in the flush, a service cannot forget it, and the outbox
commits or rolls back together with the data.

The sync job sets ``session.info["applying_remote"] = True`` while it applies other
devices' changes: those are already versioned and must not be re-published.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from app.db import changes, groups, hlc
from app.db.base import SYNC_BOOKKEEPING, is_shared, utcnow
from app.db.ids import new_id
from app.db.local_models import ChangeLogEntry, DeviceState
from app.db.values import to_json_value
from app.errors import DutyDeskError


class HardDeleteError(DutyDeskError):
    """Shared records are tombstoned, never removed (other laptops must learn of it)."""


def install(session_class: type[Session]) -> None:
    event.listen(session_class, "before_flush", _before_flush)
    changes.install(session_class)  # the rows each commit changed, for typed change notices


def _before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    if session.info.get("applying_remote"):
        return
    shared_new = [o for o in session.new if is_shared(o)]
    shared_dirty = [o for o in session.dirty if is_shared(o) and session.is_modified(o)]
    forced = session.info.pop("force_write", {})
    shared_dirty += [o for o in forced.values() if o not in shared_dirty]
    for obj in session.deleted:
        if is_shared(obj):
            raise HardDeleteError(
                f"{type(obj).__name__} records are shared: mark them deleted instead of removing them."
            )
    if not shared_new and not shared_dirty:
        return
    identity = session.info["identity"]
    state = session.execute(select(DeviceState)).scalar_one()
    for obj in shared_new:
        state.hlc_last = hlc.tick(state.hlc_last, identity.now_ms)
        _record_insert(session, obj, identity, state.hlc_last)
    for obj in shared_dirty:
        changes = _changed_fields(obj)
        for name in forced_fields(session, obj, forced):
            value = to_json_value(getattr(obj, name))
            changes.setdefault(name, {"old": value, "new": value})
        if not changes:
            continue
        state.hlc_last = hlc.tick(state.hlc_last, identity.now_ms)
        _record_update(session, obj, identity, state.hlc_last, changes)


def _record_insert(session: Session, obj: Any, identity: Any, version: int) -> None:
    now = utcnow()
    if not obj.id:
        obj.id = new_id()
    obj.created_at = obj.created_at or now
    obj.updated_at = now
    obj.created_by = obj.created_by or identity.officer
    obj.updated_by = identity.officer
    obj.created_device = obj.created_device or identity.device_id
    obj.updated_device = identity.device_id
    obj.deleted = bool(obj.deleted)
    obj.hlc = version
    _fill_column_defaults(obj)
    changes = {
        name: {"old": None, "new": to_json_value(getattr(obj, name))}
        for name in _column_names(obj)
    }
    _append(session, obj, "insert", changes, identity, version)
    groups.record_local_write(session, obj.__tablename__, obj.id, changes, (version, identity.device_id), identity.officer)


def _record_update(
    session: Session, obj: Any, identity: Any, version: int, changes: dict[str, Any]
) -> None:
    obj.updated_at = utcnow()
    obj.updated_by = identity.officer
    obj.updated_device = identity.device_id
    obj.hlc = version
    op = "delete" if changes.get("deleted", {}).get("new") is True else "update"
    changes = _whole_groups(obj, changes)
    held = session.info.get("held", {}).pop((obj.__tablename__, obj.id), None)
    if held is not None and "deleted" in changes:
        changes["deleted"] = {**changes["deleted"], groups.HELD_KEY: held}
    seen, settled = groups.record_local_write(session, obj.__tablename__, obj.id, changes, (version, identity.device_id),
                                              identity.officer, held)
    if seen:  # the heads this write replaced: tells a concurrent edit from a later one
        first = min(changes)
        changes[first] = {**changes[first], groups.SEEN_KEY: {k: [list(v) for v in vs] for k, vs in seen.items()}}
    if settled:  # the conflicts it decided: every laptop lists them resolved, even one that never saw them open
        first = min(changes)
        changes[first] = {**changes[first], groups.SETTLED_KEY: settled}
    _append(session, obj, op, changes, identity, version)


def force_write(session: Session, obj: Any, fields: list[str]) -> None:
    """Record a write of ``fields`` even if their values do not change (a decision that
    keeps what the record holds must still be a write that has seen both sides)."""
    session.info.setdefault("force_write", {})[id(obj)] = obj
    session.info.setdefault("force_fields", {})[id(obj)] = list(fields)
    flag_modified(obj, fields[0])  # so that the flush (and this hook) runs at all


def forced_fields(session: Session, obj: Any, forced: dict[int, Any]) -> list[str]:
    if id(obj) not in forced:
        return []
    return session.info.get("force_fields", {}).pop(id(obj), [])


def _whole_groups(obj: Any, changes: dict[str, Any]) -> dict[str, Any]:
    """A change to part of a field group records the whole group as this laptop has it."""
    out = dict(changes)
    for group in groups.touched_groups(obj.__tablename__, changes):
        for name in group:
            if name not in out:
                value = to_json_value(getattr(obj, name))
                out[name] = {"old": value, "new": value}
    return out


def _changed_fields(obj: Any) -> dict[str, Any]:
    state = inspect(obj)
    changes: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in SYNC_BOOKKEEPING:
            continue
        history = state.attrs[attr.key].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if old == new:
            continue
        changes[attr.key] = {"old": to_json_value(old), "new": to_json_value(new)}
    return changes


def _column_names(obj: Any) -> list[str]:
    return [a.key for a in inspect(obj).mapper.column_attrs]


def _fill_column_defaults(obj: Any) -> None:
    """Apply scalar Python-side defaults now, so the insert record carries real values."""
    for attr in inspect(obj).mapper.column_attrs:
        column = attr.columns[0]
        if getattr(obj, attr.key) is None and column.default is not None:
            default = column.default
            if default.is_scalar:
                setattr(obj, attr.key, default.arg)
            elif default.is_callable:
                try:
                    setattr(obj, attr.key, default.arg(None))
                except TypeError:
                    pass


def _append(
    session: Session, obj: Any, op: str, changes: dict[str, Any], identity: Any, version: int
) -> None:
    session.add(
        ChangeLogEntry(
            op_id=new_id(),
            table_name=obj.__tablename__,
            row_id=obj.id,
            op=op,
            changes=changes,
            hlc=version,
            device_id=identity.device_id,
            officer=identity.officer,
        )
    )
