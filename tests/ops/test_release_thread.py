"""What the GUI thread made is let go of on the GUI thread, never on a worker.

An op's closure may hold the last reference to a Qt object (a view, a dialog nobody
else keeps, a job handle). Had a pool thread dropped it, Qt would destroy the object on
the wrong thread while the event loop may be using it: the rare segfault seen inside
the event loop in GUI tests. These tests force the unlucky order deterministically:
the worker is held right after it posted its answer until the GUI thread has delivered
it, so the worker is the last to let go whenever it still holds anything.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QObject

from ui.ops import delivery


class Owned(QObject):
    """A Qt object owned by Python only (no parent), like a dialog kept by a closure."""


class Hold:
    """The work sets ``last`` on its way out; the worker's next answer then waits on
    ``delivered``, which the test sets once the GUI thread has handled the answer."""

    def __init__(self) -> None:
        self.last, self.delivered = threading.Event(), threading.Event()


@pytest.fixture
def hold(monkeypatch: pytest.MonkeyPatch) -> Iterator[Hold]:
    hold = Hold()

    def held(original: Callable[..., None]) -> Callable[..., None]:
        def answer(self: delivery.Relay, *args: object) -> None:
            original(self, *args)
            if threading.current_thread() is not threading.main_thread() and hold.last.is_set():
                hold.delivered.wait(30)  # a guard against a hang, not a timing: the GUI sets it at once
        return answer

    monkeypatch.setattr(delivery.Relay, "answer", held(delivery.Relay.answer))
    monkeypatch.setattr(delivery.Relay, "post", held(delivery.Relay.post))
    yield hold
    hold.delivered.set()


def _watch(obj: object, where: list[str]) -> None:
    weakref.finalize(obj, lambda: where.append(threading.current_thread().name))


def test_an_ops_closure_is_let_go_of_on_the_gui_thread(qtbot, shell, hold) -> None:
    where: list[str] = []
    answers: list[int] = []

    def ask() -> None:  # the only reference to the object is in the op's closure
        owned = Owned()
        _watch(owned, where)
        shell.ops.query(parent=None, op=lambda ctx: (hold.last.set(), len(owned.objectName()) + 1)[1]) \
            .success(answers.append).run()

    ask()
    qtbot.waitUntil(lambda: answers == [1])
    hold.delivered.set()
    assert shell.wait(10_000)
    qtbot.waitUntil(lambda: bool(where))
    assert where == [threading.main_thread().name]


def test_a_failed_write_is_let_go_of_on_the_gui_thread(qtbot, shell, hold) -> None:
    where: list[str] = []
    errors: list[str] = []

    def ask() -> None:
        owned = Owned()
        _watch(owned, where)

        def refuse(ctx: object) -> None:
            hold.last.set()
            raise ValueError(f"no {owned.objectName()}")

        shell.ops.write(parent=None, op=refuse).failure(lambda exc: errors.append(str(exc))).run()

    ask()
    qtbot.waitUntil(lambda: errors == ["no "])
    hold.delivered.set()
    assert shell.wait(10_000)
    qtbot.waitUntil(lambda: bool(where))
    assert where == [threading.main_thread().name]


def test_a_finished_job_and_its_work_are_let_go_of_on_the_gui_thread(qtbot, shell, hold) -> None:
    """The handle is freed as soon as nobody keeps it (not left to the cyclic collector,
    which may run on any thread), and so is whatever the work captured."""
    where_job: list[str] = []
    where_work: list[str] = []
    results: list[str] = []

    def start() -> None:
        owned = Owned()
        _watch(owned, where_work)

        def work(ctx: object, control: object) -> str:
            control.progress(0.5, "half")  # type: ignore[attr-defined]
            hold.last.set()
            return owned.objectName() or "done"

        job = shell.jobs.start(parent=None, title="Burning", work=work)
        _watch(job, where_job)
        job.finished.connect(results.append)

    start()
    qtbot.waitUntil(lambda: results == ["done"])
    hold.delivered.set()
    assert shell.wait(10_000)
    qtbot.waitUntil(lambda: bool(where_job) and bool(where_work))
    assert where_job == where_work == [threading.main_thread().name]
