"""Dialogs open on their first field and Tab reaches every field (real key presses)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.incidents.templates import list_templates
from app.rota import service as rota
from app.rota.records import ShiftInfo
from app.shiftlog import service as shiftlog
from ui.dialog_focus import laid_out_fields

DAY = dt.date(2026, 1, 6)


def _shift(i: int, officer: str) -> ShiftInfo:
    start = dt.datetime(2026, 1, 6, 7, tzinfo=dt.timezone.utc) + dt.timedelta(hours=8 * i)
    return ShiftInfo(f"s{i}", f"o{i}", officer, "early", start, start + dt.timedelta(hours=8))


def _dialogs(window):  # type: ignore[no-untyped-def]
    from ui.dialogs.first_run import FirstRunDialog
    from ui.incidents.dialogs import CloseIncidentDialog, ContactDialog, StartIncidentDialog
    from ui.log.dialogs import AmendDialog, EndShiftDialog
    from ui.rota.dialogs import ApplyPatternDialog, LeaveDialog, ShiftDialog, SwapDialog
    from ui.rota.pattern_editor import PatternEditor

    shell = window.shell
    ctx = shell.ctx
    officers = ["Alex Morgan", "Bea Khan"]
    zone = rota.zone()
    return {
        "add contact": lambda: (ContactDialog(None, window), "name_edit"),
        "start incident": lambda: (StartIncidentDialog(list_templates(ctx), window), "title_edit"),
        "close incident": lambda: (CloseIncidentDialog("Wrong post", 2, window), "summary_edit"),
        "first run": lambda: (FirstRunDialog(ctx, window), "officer"),
        "amend entry": lambda: (AmendDialog(shell, shiftlog.add_entry(ctx, "Posted the wrong bin day"), window), "reason"),
        "end shift": lambda: (EndShiftDialog(shell, window), "handover"),
        "add shift": lambda: (ShiftDialog(window, officers, zone, day=DAY), None),
        "apply pattern": lambda: (ApplyPatternDialog(window, rota.list_patterns(ctx), officers, DAY), None),
        "leave": lambda: (LeaveDialog(window, officers, officer=None, day=DAY), None),
        "swap": lambda: (SwapDialog(window, _shift(0, "Alex Morgan"), [_shift(1, "Bea Khan")], zone), None),
        "patterns": lambda: (PatternEditor(window, rota.list_patterns(ctx), lambda data: None), None),
    }


def _owner(widget: QWidget | None, fields: list[QWidget]) -> QWidget | None:
    for field in fields:
        if widget is field or (widget is not None and field.isAncestorOf(widget)):
            return field
    return widget


NAMES = ["add contact", "start incident", "close incident", "first run", "amend entry", "end shift", "add shift",
         "apply pattern", "leave", "swap", "patterns"]


@pytest.mark.parametrize("name", NAMES)
def test_dialog_opens_on_its_first_field_and_tab_reaches_every_field(qtbot, main_window, name):  # type: ignore[no-untyped-def]
    dialog, first_attr = _dialogs(main_window)[name]()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    fields, buttons = laid_out_fields(dialog)
    fields = [f for f in fields if f.isVisible() and f.isEnabled()]
    expected_first = getattr(dialog, first_attr) if first_attr else fields[0]
    qtbot.waitUntil(lambda: _owner(QApplication.focusWidget(), fields) is expected_first)
    assert not any(b is QApplication.focusWidget() for b in buttons)

    reached: list[QWidget] = []
    for _ in range(4 * (len(fields) + len(buttons)) + 10):
        owner = _owner(QApplication.focusWidget(), fields + buttons)
        if owner is not None and owner not in reached:
            reached.append(owner)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    missing = [f.accessibleName() or type(f).__name__ for f in fields if f not in reached]
    assert missing == []
    # Fields come before the OK/Cancel buttons in the Tab order (read round from the first field).
    start = reached.index(fields[0])
    reached = reached[start:] + reached[:start]
    field_positions = [reached.index(f) for f in fields if f in reached]
    button_positions = [reached.index(b) for b in buttons if b in reached]
    if button_positions:
        assert max(field_positions) < min(button_positions)
    dialog.reject()


def test_typing_a_name_in_add_contact_does_not_submit_it(qtbot, main_window):  # type: ignore[no-untyped-def]
    from ui.incidents.dialogs import ContactDialog

    dialog = ContactDialog(None, main_window)
    submitted: list[bool] = []
    dialog.submitted.connect(lambda: submitted.append(True))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClicks(QApplication.focusWidget(), "Jane Doe")
    assert dialog.name_edit.text() == "Jane Doe" and not submitted and dialog.isVisible()
    dialog.reject()


def test_tab_reaches_the_more_fields_of_the_log_entry_line(qtbot, main_window):  # type: ignore[no-untyped-def]
    from ui.log.quick_entry import QuickEntry

    view = main_window.show_view("log")
    entry = view.findChildren(QuickEntry)[0]
    entry.text.setFocus()
    qtbot.waitUntil(entry.text.hasFocus)
    order: list[QWidget] = []
    parts = [entry.text, entry.category, entry.channel, entry.more, entry.link, entry.earlier, entry.is_open,
             entry.has_due, entry.due, entry.foi, entry.rationale, entry.save_button]
    for _ in range(40):
        focus = _owner(QApplication.focusWidget(), parts)
        if focus is entry.more and not entry.more.isChecked():
            qtbot.keyClick(focus, Qt.Key.Key_Space)  # open "More" from the keyboard
            qtbot.waitUntil(entry.details.isVisible)
        if focus in parts and focus not in order:
            order.append(focus)
        if focus is entry.save_button:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert order == parts
