"""Hand work to pool threads and answers back to the GUI thread (like Anki's ``run_on_main``).

The rule that keeps Qt alive here: **a worker thread never lets go of the last reference
to anything the GUI thread made.** An op's closure may hold a widget, a dialog or a
``Job`` (Qt objects owned by Python); if a pool thread dropped the last reference, Qt
would destroy that object on the wrong thread while the GUI thread may be using it: a
rare segfault inside the event loop. So the GUI thread keeps the work (and all it
captured) in the relay until the answer has been delivered; the worker only borrows
it, stores the outcome, lets go, and then posts a bare number (a token). The answer
is looked up, called and dropped on the GUI thread.
"""

from __future__ import annotations

import itertools
import threading
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class Relay(QObject):
    """Lives on the GUI thread; workers post tokens (and plain payloads) to it."""

    posted = Signal(object)
    answered = Signal(int, object)  # token, a plain payload made on the worker

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._waiting: dict[int, tuple[Callable[[Any], None], bool]] = {}
        self._tokens = itertools.count(1)
        self.posted.connect(self._call)
        self.answered.connect(self._answer)

    # --- GUI thread ------------------------------------------------------------------
    def expect(self, on_answer: Callable[[Any], None], *, repeat: bool = False) -> int:
        """A token for a worker to answer with; ``on_answer(payload)`` runs on the GUI
        thread, once (or on every answer with ``repeat`` until :meth:`forget`). The relay
        holds ``on_answer`` and all it captured until then."""
        token = next(self._tokens)
        self._waiting[token] = (on_answer, repeat)
        return token

    def forget(self, token: int) -> None:
        self._waiting.pop(token, None)

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    def _answer(self, token: int, payload: object) -> None:
        entry = self._waiting.get(token)
        if entry is None:
            return  # forgotten (a progress report after its job ended)
        on_answer, repeat = entry
        if not repeat:
            del self._waiting[token]
        on_answer(payload)

    def _call(self, closure: Callable[[], None]) -> None:
        closure()

    # --- any thread ------------------------------------------------------------------
    def answer(self, token: int, payload: object = None) -> None:
        """Queue the answer for ``token``; ``payload`` must be plain data (no Qt object)."""
        try:
            self.answered.emit(token, payload)
        except RuntimeError:
            pass  # the process is shutting down: nobody waits any more

    def post(self, closure: Callable[[], None]) -> None:
        """Run ``closure`` on the relay's (GUI) thread. Only for closures that hold
        nothing the GUI thread owns (use :func:`run_in_pool` / tokens for those)."""
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
    by the answer callbacks themselves.
    """
    global _MAIN_RELAY
    if _MAIN_RELAY is None or not shiboken6.isValid(_MAIN_RELAY):
        _MAIN_RELAY = Relay()
    return _MAIN_RELAY


class Outcome:
    """What a piece of work did: its ``value`` or the ``error`` it raised."""

    __slots__ = ("_work", "value", "error")

    def __init__(self, work: Callable[[], Any]) -> None:
        self._work = work
        self.value: Any = None
        self.error: BaseException | None = None

    def settle(self) -> None:  # on the worker; only borrows ``_work``
        try:
            self.value = self._work()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread as is
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            exc.__traceback__ = None  # its frames would hold the worker's locals
            self.error = exc


class _Flight(QRunnable):
    """Settles one :class:`Outcome` on a pool thread, lets go of it, then answers."""

    def __init__(self, outcome: Outcome, token: int, relay: Relay) -> None:
        super().__init__()
        self._outcome: Outcome | None = outcome
        self._token, self._relay = token, relay

    def run(self) -> None:  # on a pool thread; the pool deletes this runnable after
        outcome, self._outcome = self._outcome, None
        if outcome is not None:
            outcome.settle()
        del outcome  # every reference this thread had is gone before the GUI may drop its own
        self._relay.answer(self._token)


def run_in_pool(pool: QThreadPool, work: Callable[[], Any], answer: Callable[[Outcome], None]) -> None:
    """GUI thread: run ``work()`` on ``pool``; ``answer(outcome)`` runs on the GUI thread.

    The relay keeps ``work`` (and whatever it captured) until ``answer`` has run, so
    everything the GUI thread made is released on the GUI thread.
    """
    relay = main_thread_relay()
    outcome = Outcome(work)
    token = relay.expect(lambda _payload: answer(outcome))
    pool.start(_Flight(outcome, token, relay))


def run_in_thread(name: str, work: Callable[[], Any], answer: Callable[[Outcome], None]) -> None:
    """Like :func:`run_in_pool` on a plain daemon thread (before the window's pools exist;
    a hung share must not hold the app open at quit)."""
    relay = main_thread_relay()
    outcome = Outcome(work)
    token = relay.expect(lambda _payload: answer(outcome))
    lent = [outcome]

    def target() -> None:  # on the thread
        borrowed = lent.pop()
        borrowed.settle()
        del borrowed  # let go before the GUI thread may drop its own reference
        relay.answer(token)

    threading.Thread(target=target, name=name, daemon=True).start()


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
