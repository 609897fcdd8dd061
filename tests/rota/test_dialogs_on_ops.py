"""The pattern editor and the swap dialog, opened and driven with real key presses: every
read and write they make runs as an op (the autouse GUI-write guard would refuse one on
the GUI thread), and what they write is on the rota's undo stack."""

from __future__ import annotations

import datetime as dt
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from app.errors import NotFoundError
from app.rota import service
from tests.modal import when_modal
from tests.rota.conftest import START, shift_of

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = CTRL | Qt.KeyboardModifier.ShiftModifier
TUE = START + dt.timedelta(days=1)


def _settle(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.shell.busy, timeout=15_000)
    qtbot.wait(10)
    qtbot.waitUntil(lambda: not window.shell.busy, timeout=15_000)


def _key(qtbot, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(QApplication.focusWidget(), key, modifiers)


def _focus_grid(window, view, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Back in the window once the dialog has gone."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.grid.setFocus()
    qtbot.waitUntil(view.grid.hasFocus)


def _through_dialog(window, view, qtbot, kind, script, key) -> None:  # type: ignore[no-untyped-def]
    """Press ``key`` on the grid, let ``script`` drive the dialog it opens, wait till done."""
    finished: list[bool] = []
    timer = when_modal(kind, script, finished)
    qtbot.keyClick(view.grid, key, CTRL_SHIFT)
    qtbot.waitUntil(lambda: bool(finished), timeout=20_000)
    timer.stop()
    qtbot.waitUntil(lambda: not any(isinstance(w, kind) and w.isVisible() for w in QApplication.topLevelWidgets()),
                    timeout=15_000)
    _settle(window, qtbot)


def _undo_with_ctrl_z(window, view, qtbot) -> None:  # type: ignore[no-untyped-def]
    _focus_grid(window, view, qtbot)
    qtbot.keyClick(view.grid, Qt.Key.Key_Z, CTRL)
    _settle(window, qtbot)


def _rota(window, qtbot):  # type: ignore[no-untyped-def]
    view = window.show_view("rota")
    view.go_to(START, "month")
    _settle(window, qtbot)
    _focus_grid(window, view, qtbot)
    return view


def test_pattern_editor_saves_through_an_op_refuses_plainly_and_undoes(seeded, main_window, qtbot):
    from ui.rota.pattern_editor import PatternEditor

    view = _rota(main_window, qtbot)
    seen: dict[str, str] = {}

    def script(editor: QDialog) -> None:
        assert isinstance(editor, PatternEditor)
        qtbot.waitUntil(lambda: editor.choose.hasFocus())
        _key(qtbot, Qt.Key.Key_Down)  # start from the built-in pattern
        assert editor.name.text() == "four-week-out-of-hours-copy" and editor.model.rowCount() == 14
        _key(qtbot, Qt.Key.Key_Tab)
        qtbot.waitUntil(editor.name.hasFocus)
        _key(qtbot, Qt.Key.Key_A, CTRL)
        qtbot.keyClicks(editor.name, "Four-Week-Out-Of-Hours")  # the built-in's own name: refused
        _key(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not editor.saving, timeout=15_000)
        seen["refused"] = editor.message.text()
        assert editor.isVisible() and editor.saved is None
        _key(qtbot, Qt.Key.Key_A, CTRL)
        qtbot.keyClicks(editor.name, "Winter nights")
        _key(qtbot, Qt.Key.Key_Return)

    _through_dialog(main_window, view, qtbot, PatternEditor, script, Qt.Key.Key_T)

    assert "built in and cannot be changed" in seen["refused"]
    saved = service.get_pattern(seeded, "Winter nights")
    assert saved.weekly_paid_hours() == [22, 20, 20, 22]
    assert view.undo_action.text().replace("&", "") == "Undo save pattern Winter nights"
    _undo_with_ctrl_z(main_window, view, qtbot)
    with pytest.raises(NotFoundError):
        service.get_pattern(seeded, "Winter nights")
    assert view.redo_action.text().replace("&", "") == "Redo save pattern Winter nights"


def test_swap_dialog_previews_and_swaps_through_ops_then_ctrl_z(seeded, main_window, qtbot):
    from ui.rota.dialogs import SwapDialog

    view = _rota(main_window, qtbot)
    alex = shift_of(seeded, "Alex Morgan", TUE, "early")
    assert view.grid.select_shift(alex.id)
    seen: dict[str, str] = {}

    def script(dialog: QDialog) -> None:
        assert isinstance(dialog, SwapDialog)
        qtbot.waitUntil(lambda: dialog.other.hasFocus())
        wanted = dialog.other.findText("Dee Osei", Qt.MatchFlag.MatchStartsWith)
        while dialog.other.currentIndex() != wanted:  # walk the list with the keyboard
            _key(qtbot, Qt.Key.Key_Down if dialog.other.currentIndex() < wanted else Qt.Key.Key_Up)
        qtbot.waitUntil(lambda: dialog.effect.text() not in ("Checking…", "Choose a shift to see the effect."),
                        timeout=15_000)
        seen["effect"] = dialog.effect.text()
        seen["other"] = dialog.other_id() or ""
        _key(qtbot, Qt.Key.Key_Return)

    _through_dialog(main_window, view, qtbot, SwapDialog, script, Qt.Key.Key_W)

    other = service.get_shift(seeded, seen["other"])
    assert "rest" in seen["effect"] or "No new rule" in seen["effect"]
    assert service.get_shift(seeded, alex.id).officer == "Dee Osei" and other.officer == "Alex Morgan"
    assert view.undo_action.text().replace("&", "").startswith("Undo swap: Tue 06 Jan early ⇄")
    _undo_with_ctrl_z(main_window, view, qtbot)
    assert service.get_shift(seeded, alex.id).officer == "Alex Morgan"
    assert service.get_shift(seeded, other.id).officer == "Dee Osei"
