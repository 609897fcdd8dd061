"""Run slow work off the GUI thread and get the answer back on it.

``TaskRunner.run(fn, on_done=..., on_error=...)`` wraps ``fn`` in a ``QRunnable`` on a
thread pool; the result or exception comes back through a signal of an object that
lives on the GUI thread, so callbacks always run there (widgets are only touched from
the GUI thread). Workers open their own database sessions through the services.

A result that arrives after its window was destroyed is dropped: the main window owns
the runner, and a runner that is gone, or a callback bound to a deleted Qt object,
gets no call.
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


class Task:
    """The caller's handle on one piece of background work."""

    def __init__(self, relay: _Relay | None) -> None:
        self.relay = relay
        self.finished = relay is None


class _Runnable(QRunnable):
    """Runs ``fn`` on a pool thread. Auto-deleted by the pool after ``run`` returns, so the
    GUI thread never frees a runnable the pool is still touching."""

    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:  # runs on a worker thread
        relay, fn = self._relay, self._fn
        self._fn = None  # type: ignore[assignment]
        try:
            result = fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread as is
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            exc.__traceback__ = None  # frames would keep this runnable alive on the GUI thread
            _emit(relay.failed, exc)
        else:
            _emit(relay.done, result)


def _emit(signal: Any, value: Any) -> None:
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
            return Task(None)
        relay = _Relay()  # owned by the task handle, not by the runner: deleting a runner
        task = Task(relay)  # never frees an object a worker may still emit on
        relay.done.connect(lambda result: self._finish(task, on_done, result))
        relay.failed.connect(lambda exc: self._finish(task, on_error, exc, failed=True))
        self._running.add(task)
        self.busy_changed.emit(True)
        self._pool.start(_Runnable(fn, relay))
        return task

    def _finish(self, task: Task, callback: Callable[[Any], None] | None, value: Any, failed: bool = False) -> None:
        task.finished = True
        self._running.discard(task)
        task.relay = None
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
