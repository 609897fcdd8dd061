"""Run slow work off the GUI thread and get the answer back on it.

``TaskRunner.run(fn, on_done=..., on_error=...)`` runs ``fn`` on a thread pool; the
result or exception comes back through the process's main-thread relay
(``ui.ops.delivery.run_in_pool``), so callbacks always run on the GUI thread, and
``fn`` with all it captured is let go of there too (never on a worker, where Qt would
destroy a captured widget on the wrong thread). Workers open their own database
sessions through the services. New code uses ``shell.ops``/``shell.jobs``.

A result that arrives after its window was destroyed is dropped: the main window owns
the runner, and a runner that is gone, or a callback bound to a deleted Qt object,
gets no call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QThreadPool, Signal

from ui.ops.delivery import Outcome, run_in_pool


class Task:
    """The caller's handle on one piece of background work."""

    def __init__(self, finished: bool = False) -> None:
        self.finished = finished


def _receiver_alive(callback: Callable[[Any], None]) -> bool:
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


class TaskRunner(QObject):
    """Keeps its tasks alive until their callbacks ran; ``wait()`` is for tests and quit."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._running: set[Task] = set()
        self._owner: QObject | None = None

    def attach_to(self, owner: QObject) -> None:
        """Tie results to ``owner`` (the main window): once it is destroyed, they are dropped."""
        self._owner = owner

    def _alive(self) -> bool:
        return shiboken6.isValid(self) and (self._owner is None or shiboken6.isValid(self._owner))

    def run(
        self,
        fn: Callable[[], Any],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Task:
        if not self._alive():  # the window is being torn down: nothing to run for
            return Task(finished=True)
        task = Task()

        def answered(outcome: Outcome) -> None:  # on the GUI thread
            if outcome.error is not None:
                self._finish(task, on_error, outcome.error, failed=True)
            else:
                self._finish(task, on_done, outcome.value)

        self._running.add(task)
        self.busy_changed.emit(True)
        run_in_pool(self._pool, fn, answered)  # fn and the callbacks are let go of on the GUI thread
        return task

    def _finish(self, task: Task, callback: Callable[[Any], None] | None, value: Any, failed: bool = False) -> None:
        task.finished = True
        self._running.discard(task)
        if not self._alive():
            return  # the window that asked is gone: drop the result
        if not self._running:
            self.busy_changed.emit(False)
        if callback is not None:
            if _receiver_alive(callback):
                callback(value)
        elif failed:
            raise value

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def wait(self, msecs: int = 30_000) -> bool:
        return self._pool.waitForDone(msecs)
