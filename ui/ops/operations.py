"""Query and write operations: the one road from a widget to ``app/``.

    shell.ops.query(parent=self, op=lambda ctx: service.list_x(ctx), key="list") \\
        .success(self._show).run()
    shell.ops.write(parent=self, op=lambda ctx: service.save(ctx, draft)) \\
        .success(self._saved).failure(self._refused).run()

``op`` runs on a worker thread with the ``AppContext``; ``success``/``failure`` run on
the GUI thread. An answer is dropped when its ``parent`` was deleted meanwhile, or when
a newer op with the same ``(parent, key)`` was started (typing fast, paging). Queries
share a small pool; writes go one at a time, in the order asked, on their own thread
(SQLite takes one writer anyway), so a burn or a sync job never holds them up. A write
reports what it changed (:class:`app.db.changes.Changes`, from the change-log hook) on
``bus.changes``; views refresh what changed. A failure without a ``failure`` handler
is shown plainly in the status bar, never as a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QObject, QThreadPool, Signal

from app.db import changes as change_log
from ui.ops.delivery import Outcome, alive, receiver_alive, run_in_pool
from ui.ops.failures import plain_message

if TYPE_CHECKING:
    from app.context import AppContext
    from app.db.changes import Changes

T = TypeVar("T")
QUERY_THREADS = 3


class _Op(Generic[T]):
    def __init__(self, ops: Ops, parent: QObject | None, op: Callable[[AppContext], T], key: str | None, doing: str) -> None:
        self._ops, self._parent, self._op, self._key, self._doing = ops, parent, op, key, doing
        self._success: Callable[[T], Any] | None = None
        self._failure: Callable[[BaseException], Any] | None = None

    def success(self, callback: Callable[[T], Any] | None) -> _Op[T]:
        self._success = callback
        return self

    def failure(self, callback: Callable[[BaseException], Any] | None) -> _Op[T]:
        self._failure = callback
        return self

    def run(self) -> None:
        self._ops._start(self)

    # --- called by Ops -------------------------------------------------------------
    def _call(self, ctx: AppContext) -> tuple[T, Changes | None]:
        return self._op(ctx), None

    def _wanted(self, generation: int) -> bool:
        return alive(self._parent) and self._ops._current(self._parent, self._key) == generation

    def _deliver(self, generation: int, result: T, changes: Changes | None) -> None:
        if changes:  # the data changed even if nobody waits for the answer any more
            self._ops._announce(changes)
        if self._wanted(generation) and self._success is not None and receiver_alive(self._success):
            self._success(result)

    def _fail(self, generation: int, exc: BaseException) -> None:
        if not self._wanted(generation):
            return
        if self._failure is not None:
            if receiver_alive(self._failure):
                self._failure(exc)
        else:
            self._ops.failed.emit(plain_message(exc, self._doing))


class QueryOp(_Op[T]):
    """Reads; many may run at once."""


class WriteOp(_Op[T]):
    """One unit of work; its committed changes are collected and announced."""

    def _call(self, ctx: AppContext) -> tuple[T, Changes | None]:
        with change_log.collect() as collector:
            result = self._op(ctx)
        return result, collector.changes


class Ops(QObject):
    """Owns the query pool and the writer thread of one window."""

    changes = Signal(object)  # app.db.changes.Changes, after every write that changed rows
    failed = Signal(str)  # a plain message for a failure nobody handled
    busy_changed = Signal(bool)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._queries = QThreadPool(self)
        self._queries.setMaxThreadCount(QUERY_THREADS)
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)  # in the order asked
        self._generations: dict[tuple[int, str], int] = {}
        self._watched: set[int] = set()
        self._pending = 0
        self._owner: QObject | None = None

    def attach_to(self, owner: QObject) -> None:
        """Tie answers to ``owner`` (the main window): once it is destroyed, all are dropped."""
        self._owner = owner

    def query(self, *, parent: QObject | None, op: Callable[[AppContext], T], key: str | None = None,
              doing: str = "") -> QueryOp[T]:
        return QueryOp(self, parent, op, key, doing)

    def write(self, *, parent: QObject | None, op: Callable[[AppContext], T], key: str | None = None,
              doing: str = "") -> WriteOp[T]:
        return WriteOp(self, parent, op, key, doing)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until every op ran (tests and quit only); answers arrive on the next events."""
        return self._writes.waitForDone(msecs) and self._queries.waitForDone(msecs)

    # --- internals -----------------------------------------------------------------
    def _alive(self) -> bool:
        return alive(self) and (self._owner is None or alive(self._owner))

    def _start(self, op: _Op[Any]) -> None:
        if not self._alive():
            return
        generation = self._next_generation(op._parent, op._key)
        ctx = self.ctx

        def answered(outcome: Outcome) -> None:  # on the GUI thread
            if outcome.error is not None:
                self._finish(lambda: op._fail(generation, outcome.error))  # type: ignore[arg-type]
            else:
                result, changed = outcome.value
                self._finish(lambda: op._deliver(generation, result, changed))

        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        pool = self._writes if isinstance(op, WriteOp) else self._queries
        run_in_pool(pool, lambda: op._call(ctx), answered)  # the op is let go of on the GUI thread

    def _finish(self, deliver: Callable[[], None]) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)
        if self._alive():
            deliver()

    def _announce(self, changed: Changes) -> None:
        self.changes.emit(changed)

    def _next_generation(self, parent: QObject | None, key: str | None) -> int:
        if key is None:
            return 0
        slot = (id(parent), key)
        self._generations[slot] = self._generations.get(slot, 0) + 1
        if parent is not None and id(parent) not in self._watched:
            self._watched.add(id(parent))
            parent.destroyed.connect(lambda *_a, pid=id(parent): self._forget(pid))
        return self._generations[slot]

    def _current(self, parent: QObject | None, key: str | None) -> int:
        return 0 if key is None else self._generations.get((id(parent), key), 0)

    def _forget(self, parent_id: int) -> None:
        if not alive(self):
            return
        self._watched.discard(parent_id)
        for slot in [s for s in self._generations if s[0] == parent_id]:
            del self._generations[slot]
