"""Run slow work off the GUI thread and get the answer back on it.

``TaskRunner.run(fn, on_done=..., on_error=...)`` wraps ``fn`` in a ``QRunnable`` on a
thread pool; the result or exception comes back through a signal of an object that
lives on the GUI thread, so callbacks always run there (widgets are only touched from
the GUI thread). Workers open their own database sessions through the services.

A result that arrives after its widget was destroyed (the window closed while a task
ran) is dropped: the relay objects are children of the runner, which the main window
owns, and a callback bound to a deleted Qt object is skipped.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay_parent: QObject | None) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self._fn = fn
        self.relay = _Relay(relay_parent)
        self.finished = False

    def run(self) -> None:  # runs on a worker thread
        try:
            result = self._fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread as is
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self._emit(self.relay.failed, exc)
        else:
            self._emit(self.relay.done, result)

    def _emit(self, signal: Any, value: Any) -> None:
        try:
            signal.emit(value)
        except RuntimeError:
            pass  # the runner (and its window) is gone: nobody is waiting for this result


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

    def run(
        self,
        fn: Callable[[], Any],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Task:
        if not shiboken6.isValid(self):  # the window is being torn down: nothing to run for
            task = Task(fn, None)
            task.finished = True
            return task
        task = Task(fn, self)
        task.relay.done.connect(lambda result: self._finish(task, on_done, result))
        task.relay.failed.connect(lambda exc: self._finish(task, on_error, exc, failed=True))
        self._running.add(task)
        self.busy_changed.emit(True)
        self._pool.start(task)
        return task

    def _finish(self, task: Task, callback: Callable[[Any], None] | None, value: Any, failed: bool = False) -> None:
        task.finished = True
        self._running.discard(task)
        task.relay.deleteLater()
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
