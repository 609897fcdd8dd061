"""Hand closures from worker threads to the GUI thread (like Anki's ``run_on_main``).

A ``Relay`` lives on the GUI thread; a worker emits a closure on its signal and Qt
queues the call into the GUI event loop. A relay that is already gone (the window was
torn down) swallows the emit: nobody is waiting for that answer any more.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Signal


class Relay(QObject):
    posted = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.posted.connect(self._call)

    def _call(self, closure: Callable[[], None]) -> None:
        closure()

    def post(self, closure: Callable[[], None]) -> None:
        """Run ``closure`` on the relay's (GUI) thread; safe to call from any thread."""
        try:
            if shiboken6.isValid(self):
                self.posted.emit(closure)
        except RuntimeError:
            pass  # deleted between the check and the emit: drop the answer


_MAIN_RELAY: Relay | None = None


def main_thread_relay() -> Relay:
    """The one relay of the process, made on the GUI thread and never deleted.

    A relay owned by a window could be destroyed on the GUI thread while a worker is in
    the middle of emitting on it (a crash no ``isValid`` check can prevent); one that
    lives as long as the process cannot. Answers for windows that are gone are dropped
    by the closures themselves.
    """
    global _MAIN_RELAY
    if _MAIN_RELAY is None or not shiboken6.isValid(_MAIN_RELAY):
        _MAIN_RELAY = Relay()
    return _MAIN_RELAY


class Work(QRunnable):
    """A plain callable as a pool runnable; the pool deletes it after ``run``."""

    def __init__(self, fn: Callable[[], None]) -> None:
        super().__init__()
        self._fn: Callable[[], None] | None = fn

    def run(self) -> None:  # on a pool thread
        fn, self._fn = self._fn, None
        if fn is not None:
            fn()


def alive(obj: object) -> bool:
    """False once a Qt object's C++ side was deleted (window closed, dialog gone)."""
    return not isinstance(obj, QObject) or shiboken6.isValid(obj)


def receiver_alive(callback: Callable[..., object]) -> bool:
    return alive(getattr(callback, "__self__", None))
