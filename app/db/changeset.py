"""Revertable change sets: what a unit of work changed, field by field, so it can be undone.

``recording()`` watches every write made on this thread while it is open (a
``before_flush`` hook, like the change log's) and keeps, per row and field, the value
before and the value after; rows created inside it count as ``deleted: True -> False``
(undoing a creation tombstones the row, since shared rows are never removed).

``apply(ctx, changes, undo=True)`` writes the ``before`` values back, but only for
groups of fields that still hold what the change wrote: a field someone changed since
is left alone and the result says plainly which and why. Fields that belong together
(a shift's start and end; both sides of a swap) are reverted together or not at all.
Nothing here knows about Qt: the GUI's undo stack only holds these change sets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from app.db.base import SYNC_BOOKKEEPING, Base, is_shared
from app.db.ids import new_id

# Columns that are bookkeeping for undo too: who/when, the clock, and the change counter.
IGNORED = SYNC_BOOKKEEPING | {"revision"}
_PENDING = "changeset_pending"


@dataclass(frozen=True)
class FieldChange:
    table: str
    row_id: str
    field: str
    before: Any = field(hash=False)  # may be a JSON dict or list (a pattern's definition)
    after: Any = field(hash=False)
    guard: bool = False  # only checked (the created row's value), never written


@dataclass(frozen=True)
class ChangeSet:
    """A described, revertable change: groups of field changes that stand or fall together."""

    label: str
    groups: tuple[tuple[FieldChange, ...], ...]

    @property
    def changes(self) -> list[FieldChange]:
        return [c for group in self.groups for c in group]

    def __bool__(self) -> bool:
        return bool(self.groups)

    def row_ids(self, table: str) -> list[str]:
        return list(dict.fromkeys(c.row_id for c in self.changes if c.table == table))


@dataclass(frozen=True)
class ApplyResult:
    """What an undo (or redo) did: the part it applied, and what it left alone and why."""

    applied: ChangeSet
    skipped: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.skipped

    def message(self, verb: str = "undo") -> str:
        if not self.skipped:
            return ""
        if not self.applied:
            return f"Could not {verb} {self.applied.label}: " + " ".join(self.skipped)
        return f"Partly {verb}ne: {self.applied.label}. Left as it is: " + " ".join(self.skipped)


class Recorder:
    """Collects committed field changes; a row's first ``before`` and last ``after`` win."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[str, str, str], FieldChange] = {}
        self.created: set[tuple[str, str]] = set()

    def add(self, changes: Sequence[FieldChange]) -> None:
        for c in changes:
            key = (c.table, c.row_id, c.field)
            first = self._by_key.get(key)
            if c.field == "deleted" and c.before is True and first is None:
                self.created.add((c.table, c.row_id))
            if first is None:
                self._by_key[key] = c
            else:  # a created row's value changed later in the same recording becomes a real change
                same = first.guard and _same(first.before, c.after)
                self._by_key[key] = FieldChange(c.table, c.row_id, c.field, first.before, c.after, guard=same)

    def changes(self) -> list[FieldChange]:
        return [c for c in self._by_key.values() if c.guard or not _same(c.before, c.after)]

    def change_set(self, label: str, group: Callable[[FieldChange], Any] | None = None) -> ChangeSet:
        """Group with ``group(change) -> key`` (default: by row and field group, see ``FIELD_GROUPS``)."""
        keyed: dict[Any, list[FieldChange]] = {}
        for c in self.changes():
            if group is not None:
                key = group(c)
            elif (c.table, c.row_id) in self.created:  # a created row stands or falls as a whole
                key = (c.table, c.row_id, "*")
            else:
                key = default_group(c)
            keyed.setdefault(key, []).append(c)
        keyed = {k: g for k, g in keyed.items() if not all(c.guard for c in g)}
        return ChangeSet(label, tuple(tuple(g) for g in keyed.values()))


# Fields of one row that only make sense together.
FIELD_GROUPS: dict[str, tuple[frozenset[str], ...]] = {
    "rota_shift": (frozenset({"start", "end"}),),
    "rota_leave": (frozenset({"start_date", "end_date"}),),
}


def default_group(c: FieldChange) -> tuple[str, str, str]:
    for fields in FIELD_GROUPS.get(c.table, ()):
        if c.field in fields:
            return (c.table, c.row_id, "+".join(sorted(fields)))
    return (c.table, c.row_id, c.field)


_recorders: ContextVar[tuple[Recorder, ...]] = ContextVar("dutydesk_change_recorders", default=())


@contextmanager
def recording() -> Iterator[Recorder]:
    """Record the changes committed on this thread inside the block."""
    recorder = Recorder()
    token = _recorders.set((*_recorders.get(), recorder))
    try:
        yield recorder
    finally:
        _recorders.reset(token)


def install(session_class: type[Session]) -> None:
    event.listen(session_class, "before_flush", _before_flush)
    event.listen(session_class, "after_commit", _after_commit)
    event.listen(session_class, "after_rollback", _after_rollback)


def _before_flush(session: Session, _flush_context: Any, _instances: Any) -> None:
    if not _recorders.get() or session.info.get("applying_remote"):
        return
    pending: list[FieldChange] = session.info.setdefault(_PENDING, [])
    for obj in session.new:
        if is_shared(obj):
            if not obj.id:
                obj.id = new_id()
            pending.append(FieldChange(obj.__tablename__, obj.id, "deleted", True, bool(obj.deleted)))
            pending.extend(_guards(obj))
    for obj in session.dirty:
        if is_shared(obj) and session.is_modified(obj):
            pending.extend(_field_changes(obj))


def _field_changes(obj: Any) -> list[FieldChange]:
    state = inspect(obj)
    out = []
    for attr in state.mapper.column_attrs:
        if attr.key in IGNORED:
            continue
        history = state.attrs[attr.key].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if not _same(old, new):
            out.append(FieldChange(obj.__tablename__, obj.id, attr.key, old, new))
    return out


def _guards(obj: Any) -> list[FieldChange]:
    """A new row's values: undoing its creation needs them unchanged."""
    keys = [a.key for a in inspect(obj).mapper.column_attrs if a.key not in IGNORED | {"id", "deleted"}]
    return [FieldChange(obj.__tablename__, obj.id, k, getattr(obj, k), getattr(obj, k), guard=True) for k in keys]


def _after_commit(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if pending:
        for recorder in _recorders.get():
            recorder.add(pending)


def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except TypeError:  # naive against aware datetimes
        return False


def model_for(table: str) -> type[Any]:
    for mapper in Base.registry.mappers:
        if getattr(mapper.class_, "__tablename__", None) == table:
            return mapper.class_
    raise KeyError(table)


Explain = Callable[[Session, Sequence[FieldChange], Any], str]
Check = Callable[[Session, list[Any]], None]


def apply(
    ctx: Any, changes: ChangeSet, *, undo: bool, explain: Explain | None = None, check: Check | None = None,
) -> ApplyResult:
    """Undo (write ``before``) or redo (write ``after``) each group that still holds the other side.

    One unit of work: ``check(session, rows)`` may refuse the result (raise), and then
    nothing changes at all.
    """
    skipped: list[str] = []
    applied: list[tuple[FieldChange, ...]] = []
    touched: dict[int, Any] = {}
    with ctx.write() as session:
        for group in changes.groups:
            rows = {c: session.get(model_for(c.table), c.row_id) for c in group}
            stale = [c for c in group if rows[c] is None or not _same(getattr(rows[c], c.field), c.after if undo else c.before)]
            removed = [c for c in group if rows[c] is not None and rows[c].deleted and c.field != "deleted"
                       and not any(o.row_id == c.row_id and o.field == "deleted" for o in group)]
            if stale or removed:
                bad = stale or removed
                skipped.append((explain or _plain)(session, bad, rows[bad[0]]))
                continue
            for c, row in rows.items():
                if not c.guard:
                    setattr(row, c.field, c.before if undo else c.after)
                touched[id(row)] = row
            applied.append(group)
        for row in touched.values():
            if hasattr(row, "revision"):
                row.revision = (row.revision or 0) + 1
        session.flush()
        if check is not None:
            check(session, list(touched.values()))
    return ApplyResult(ChangeSet(changes.label, tuple(applied)), tuple(skipped))


def _plain(_session: Session, stale: Sequence[FieldChange], row: Any) -> str:
    c = stale[0]
    if row is None:
        return f"the {c.table} record {c.row_id} no longer exists."
    return f"{c.field} of {c.table} {c.row_id} was changed since."
