"""Undo in the window: real Ctrl+Z / Ctrl+Shift+Z key presses on the rota, change sets from the core."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.rota import service, swaps
from tests.rota.conftest import START, TEAM, shift_of

TUE = START + dt.timedelta(days=1)
CTRL = Qt.KeyboardModifier.ControlModifier


def _idle(window) -> bool:  # type: ignore[no-untyped-def]
    return not window.shell.busy


def _settle(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: _idle(window), timeout=10_000)
    qtbot.wait(10)
    qtbot.waitUntil(lambda: _idle(window), timeout=10_000)


def _press(window, qtbot, key, modifiers=CTRL) -> None:  # type: ignore[no-untyped-def]
    """A real key event to whatever has focus (as a keyboard would send it)."""
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, key, modifiers)


def test_pattern_swap_accept_then_one_ctrl_z_undoes_only_the_swap(ctx, team, main_window, qtbot):
    view = main_window.show_view("rota")
    view.apply_pattern({"name": "four-week-out-of-hours", "start": START, "weeks": 4, "officers": TEAM})
    _settle(main_window, qtbot)
    created = service.list_shifts(ctx, START, START + dt.timedelta(weeks=4))
    a, d = shift_of(ctx, "Alex Morgan", TUE, "early"), shift_of(ctx, "Dee Osei", TUE, "late")
    proposal = swaps.propose_swap(ctx, a.id, d.id)  # proposed by someone, accepted here
    view.editing.accept_swap(proposal.swap_id)
    _settle(main_window, qtbot)
    assert view.undo_action.text().replace("&", "") == "Undo swap: Tue 06 Jan early ⇄ late"
    edit_menu = main_window.edit_menu
    assert edit_menu.menuAction().isVisible()
    assert [a.text().replace("&", "") for a in edit_menu.actions()][0] == "Undo swap: Tue 06 Jan early ⇄ late"
    view.grid.setFocus()
    qtbot.waitUntil(lambda: view.grid.hasFocus())
    _press(main_window, qtbot, Qt.Key.Key_Z)
    _settle(main_window, qtbot)
    assert [service.get_shift(ctx, i).officer for i in (a.id, d.id)] == ["Alex Morgan", "Dee Osei"]
    assert len(service.list_shifts(ctx, START, START + dt.timedelta(weeks=4))) == len(created)
    assert [s.status for s in swaps.list_swaps(ctx)] == ["proposed"]
    assert view.undo_action.text().replace("&", "").startswith("Undo apply pattern four-week-out-of-hours")
    # Redo with the standard key brings the swap back exactly.
    _press(main_window, qtbot, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    _settle(main_window, qtbot)
    assert [service.get_shift(ctx, i).officer for i in (a.id, d.id)] == ["Dee Osei", "Alex Morgan"]


def test_swap_from_the_view_then_ctrl_z(seeded, main_window, qtbot):
    view = main_window.show_view("rota")
    view.go_to(START, "month")
    _settle(main_window, qtbot)
    a, d = shift_of(seeded, "Alex Morgan", TUE, "early"), shift_of(seeded, "Dee Osei", TUE, "late")
    view.edit_shift(a, {"officer": "Alex Morgan", "kind": "early", "unpaid_break_minutes": 15})
    view.swap(a.id, d.id)
    _settle(main_window, qtbot)
    assert view.undo_stack.count() == 2
    view.grid.setFocus()
    qtbot.waitUntil(lambda: view.grid.hasFocus())
    _press(main_window, qtbot, Qt.Key.Key_Z)
    _settle(main_window, qtbot)
    after_a, after_d = service.get_shift(seeded, a.id), service.get_shift(seeded, d.id)
    assert (after_a.officer, after_a.unpaid_break_minutes, after_d.officer) == ("Alex Morgan", 15, "Dee Osei")
    assert swaps.list_swaps(seeded) == []  # the swap record no longer says accepted


def test_undo_that_cannot_apply_says_why(seeded, main_window, qtbot):
    view = main_window.show_view("rota")
    _settle(main_window, qtbot)
    a = shift_of(seeded, "Alex Morgan", TUE, "early")
    view.edit_shift(a, {"officer": "Cal Reid"})
    _settle(main_window, qtbot)
    service.update_shift(seeded, a.id, officer="Bea Khan")  # changed elsewhere since
    messages: list[str] = []
    view.editing.on_notice = messages.append
    for command in (view.undo_stack.command(i) for i in range(view.undo_stack.count())):
        command._on_notice = messages.append
    view.grid.setFocus()
    qtbot.waitUntil(lambda: view.grid.hasFocus())
    _press(main_window, qtbot, Qt.Key.Key_Z)
    _settle(main_window, qtbot)
    assert service.get_shift(seeded, a.id).officer == "Bea Khan"
    assert messages and "now Bea Khan" in messages[0] and "Could not undo" in messages[0]


def test_a_refused_undo_leaves_the_stack_showing_the_change(seeded, main_window, qtbot):
    view = main_window.show_view("rota")
    _settle(main_window, qtbot)
    a = shift_of(seeded, "Alex Morgan", TUE, "early")
    view.edit_shift(a, {"officer": "-"})  # open the shift
    _settle(main_window, qtbot)
    service.add_shift(seeded, officer="Alex Morgan", start=a.start, end=a.end, kind="cover")  # Alex is busy now
    messages: list[str] = []
    view.undo_stack.command(0)._on_notice = messages.append
    view.grid.setFocus()
    qtbot.waitUntil(lambda: view.grid.hasFocus())
    _press(main_window, qtbot, Qt.Key.Key_Z)
    _settle(main_window, qtbot)
    assert service.get_shift(seeded, a.id).officer is None
    assert messages and "already has a shift" in messages[0]
    assert view.undo_stack.index() == 1 and view.undo_stack.canUndo()


def test_fill_period_with_its_key_plans_in_a_worker_asks_then_ctrl_z_takes_it_back(ctx, team, main_window, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from app import worker
    from tests.modal import when_modal

    started: list[list[str]] = []
    real_start = worker._start
    monkeypatch.setattr(worker, "_start", lambda stderr: started.append(worker.command()) or real_start(stderr))
    service.apply_pattern(ctx, "four-week-out-of-hours", start=START, weeks=1, officers=team[:2])
    sun = START + dt.timedelta(days=6)
    open_ids = [s.id for s in service.list_shifts(ctx, START, sun) if s.officer is None]
    view = main_window.show_view("rota")
    view.go_to(START, "week")
    _settle(main_window, qtbot)
    asked: list[str] = []

    def apply(box) -> None:  # type: ignore[no-untyped-def]
        asked.append(box.text())
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setFocus()
        QTest.keyClick(yes, Qt.Key.Key_Space)

    finished: list[bool] = []
    when_modal(QMessageBox, apply, finished)
    view.grid.setFocus()
    qtbot.waitUntil(lambda: view.grid.hasFocus())
    _press(main_window, qtbot, Qt.Key.Key_F, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: bool(finished), timeout=60_000)
    _settle(main_window, qtbot)
    assert started and started[0][-1] in ("app.worker", worker.WORKER_ARG)  # planned in a worker process
    assert asked[0].startswith(f"The solver can assign {len(open_ids)} shift(s); 0 stay open")
    assert all(service.get_shift(ctx, i).officer for i in open_ids)
    assert view.undo_action.text().replace("&", "") == f"Undo fill: {len(open_ids)} shifts"
    main_window.activateWindow()  # back from the question
    qtbot.waitUntil(main_window.isActiveWindow)
    view.grid.setFocus()
    qtbot.waitUntil(view.grid.hasFocus)
    _press(main_window, qtbot, Qt.Key.Key_Z)
    _settle(main_window, qtbot)
    assert all(service.get_shift(ctx, i).officer is None for i in open_ids)
    assert worker.running() == 0
