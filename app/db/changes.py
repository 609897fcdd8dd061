"""What a unit of work changed, as tables and row ids: the typed change notice.

The ``before_flush`` hook in ``app.db.changelog`` already sees every row a session
writes; it notes them in ``session.info`` with :func:`note`. When the transaction
commits, the rows move to the collector of the calling thread, if one is open
(:func:`collect`). A rolled-back transaction reports nothing. So any caller (the GUI's
write ops, the CLI, a test) learns exactly what a service call changed, without the
services having to say so and without Qt.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

_PENDING = "pending_changes"


@dataclass(frozen=True)
class Changes:
    """Row ids per table that a piece of work changed (inserted, updated or tombstoned)."""

    rows: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @property
    def tables(self) -> frozenset[str]:
        return frozenset(self.rows)

    def touches(self, *tables: str) -> bool:
        return any(t in self.rows for t in tables)

    def ids(self, table: str) -> frozenset[str]:
        return self.rows.get(table, frozenset())

    def __bool__(self) -> bool:
        return bool(self.rows)

    def merged(self, other: Changes) -> Changes:
        rows = {t: self.ids(t) | other.ids(t) for t in self.tables | other.tables}
        return Changes(rows)

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str]]) -> Changes:
        rows: dict[str, set[str]] = {}
        for table, row_id in pairs:
            rows.setdefault(table, set()).add(str(row_id))
        return cls({t: frozenset(ids) for t, ids in rows.items()})


class ChangeCollector:
    """Gathers the committed changes of one thread while it is open."""

    def __init__(self) -> None:
        self.changes = Changes()

    def add(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.changes = self.changes.merged(Changes.of(pairs))


_current: ContextVar[ChangeCollector | None] = ContextVar("dutydesk_change_collector", default=None)


@contextmanager
def collect() -> Iterator[ChangeCollector]:
    """Collect what committed on this thread inside the ``with`` block."""
    collector = ChangeCollector()
    token = _current.set(collector)
    try:
        yield collector
    finally:
        _current.reset(token)


def report(changes: Changes) -> None:
    """Changes committed elsewhere (a worker process) count for this thread's collector."""
    collector = _current.get()
    if changes and collector is not None:
        collector.add((table, row_id) for table, ids in changes.rows.items() for row_id in ids)


def note(session: Session, pairs: Iterable[tuple[str, Any]]) -> None:
    """Remember rows this session changed; they count once it commits."""
    pending: set[tuple[str, str]] = session.info.setdefault(_PENDING, set())
    pending.update((table, str(row_id)) for table, row_id in pairs)


def _after_flush(session: Session, flush_context: Any) -> None:
    """Every row the flush wrote (keys are assigned by now), shared or device-only."""
    objects = [*session.new, *session.dirty, *session.deleted]
    note(session, ((o.__tablename__, _key(o)) for o in objects if hasattr(o, "__tablename__")))


def _key(obj: Any) -> str:
    key = inspect(obj).mapper.primary_key_from_instance(obj)
    return "/".join("" if part is None else str(part) for part in key)


def _after_commit(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    collector = _current.get()
    if pending and collector is not None:
        collector.add(pending)


def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


def install(session_class: type[Session]) -> None:
    event.listen(session_class, "after_flush", _after_flush)
    event.listen(session_class, "after_commit", _after_commit)
    event.listen(session_class, "after_soft_rollback", lambda session, previous: _after_rollback(session))
