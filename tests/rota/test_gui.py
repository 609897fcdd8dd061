"""The rota view and the Today panel, with real widgets over a real database."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from app.rota import service, swaps
from tests.rota.conftest import START, TEAM


def _rota_view(main_window, qtbot):  # type: ignore[no-untyped-def]
    view = main_window.show_view("rota")
    view.go_to(START, "month")
    _settle(main_window, qtbot)
    return view


def _settle(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not main_window.shell.busy, timeout=10_000)
    qtbot.wait(10)
    qtbot.waitUntil(lambda: not main_window.shell.busy, timeout=10_000)


def test_month_grid_shows_the_rota_and_marks_problems(seeded, main_window, qtbot):
    service.add_leave(seeded, "Alex Morgan", START + dt.timedelta(days=3), START + dt.timedelta(days=3), "sick")
    view = _rota_view(main_window, qtbot)
    grid = view.grid
    rows = grid.rows()
    assert rows[:5] == sorted([*TEAM, "Test Officer"]) and rows[-1] == "Open / needs cover"
    alex = rows.index("Alex Morgan")
    first_monday_col = (START - START.replace(day=1)).days
    shifts = grid.shifts_at(alex, first_monday_col)
    assert [s.kind for s in shifts] == ["early"]
    assert grid.shifts_at(rows.index("Open / needs cover"), first_monday_col + 3)  # Thursday needs cover
    messages = [view.findings_model.finding(r).message for r in range(view.findings_model.rowCount())]
    assert any("sick leave" in m for m in messages)
    assert "problem" in view.checks_label.text()


def test_remove_and_reassign_with_undo(seeded, main_window, qtbot):
    view = _rota_view(main_window, qtbot)
    shift = next(s for s in service.list_shifts(seeded, START, START) if s.officer == "Alex Morgan")

    def ids() -> set[str]:
        return {s.id for s in service.list_shifts(seeded, START, START)}

    view.remove_shift(shift)
    _settle(main_window, qtbot)
    assert shift.id not in ids()
    view.undo_stack.undo()
    _settle(main_window, qtbot)
    assert shift.id in ids()
    view.undo_stack.redo()
    _settle(main_window, qtbot)
    assert shift.id not in ids()
    view.undo_stack.undo()
    _settle(main_window, qtbot)

    view.edit_shift(shift, {"officer": "Test Officer"})
    _settle(main_window, qtbot)
    assert service.get_shift(seeded, shift.id).officer == "Test Officer"
    view.undo_stack.undo()
    _settle(main_window, qtbot)
    assert service.get_shift(seeded, shift.id).officer == "Alex Morgan"
    # A refused edit changes nothing and is not put on the stack.
    depth = view.undo_stack.count()
    monkey_errors = []
    view.editing.on_error = monkey_errors.append
    view.edit_shift(shift, {"end": shift.start - dt.timedelta(hours=1)})
    _settle(main_window, qtbot)
    assert monkey_errors and view.undo_stack.count() == depth
    assert service.get_shift(seeded, shift.id).end == shift.end


def test_apply_pattern_then_undo_removes_it(ctx, team, main_window, qtbot):
    view = main_window.show_view("rota")
    view.apply_pattern({"name": "four-week-out-of-hours", "start": START, "weeks": 2, "officers": team})
    _settle(main_window, qtbot)
    assert len(service.list_shifts(ctx, START, START + dt.timedelta(days=13))) == 28
    assert view.undo_stack.undoText().startswith("apply pattern four-week-out-of-hours")
    view.undo_stack.undo()
    _settle(main_window, qtbot)
    assert service.list_shifts(ctx, START, START + dt.timedelta(days=13)) == []


def test_keyboard_moves_and_deletes(seeded, main_window, qtbot):
    view = _rota_view(main_window, qtbot)
    grid = view.grid
    grid.setFocus()
    grid.select_shift(next(s.id for s in service.list_shifts(seeded, START, START) if s.officer == "Alex Morgan"))
    assert grid.current_shift() is not None and grid.current_officer() == "Alex Morgan"
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    assert grid.current_day() == START + dt.timedelta(days=1)
    target = grid.current_shift()
    assert target is not None and target.kind == "early"
    qtbot.keyClick(grid, Qt.Key.Key_Delete)  # the real key, not QAction.trigger
    _settle(main_window, qtbot)
    assert target.id not in {s.id for s in service.list_shifts(seeded, START, START + dt.timedelta(days=1))}
    _settle(main_window, qtbot)


def test_week_and_list_layouts(seeded, main_window, qtbot):
    view = _rota_view(main_window, qtbot)
    view.set_layout("week")
    _settle(main_window, qtbot)
    assert view.period() == (START, START + dt.timedelta(days=6))
    assert "Week of Mon 05 Jan 2026" in view.period_label.text()
    view.set_layout("list")
    _settle(main_window, qtbot)
    view.officer_combo.setCurrentText("Bea Khan")
    model = view.list_model
    assert model.rowCount() == 14  # the four seeded weeks of January
    assert sum(float(model.data(model.index(r, 5))) for r in range(model.rowCount())) == 84
    assert model.data(model.index(0, 3)) == "late" and model.data(model.index(1, 5)) == "7.25"
    _settle(main_window, qtbot)


def test_today_panel_shows_who_is_on(seeded, main_window, qtbot):
    from ui.panels.rota_now import RotaNowPanel

    panel = RotaNowPanel(main_window.shell)
    qtbot.addWidget(panel)
    info = service.who_is_on(seeded, dt.datetime(2026, 1, 5, 17, 0, tzinfo=service.zone()))
    panel._show(info)
    assert "Dee Osei" in panel.on_now.text() and "Alex Morgan" in panel.next_on.text()
    _settle(main_window, qtbot)


def test_settings_section_saves_windows_and_nation(ctx, main_window, qtbot):
    import pytest

    from app.errors import ValidationError
    from ui.settings_sections.rota import RotaSection

    section = RotaSection(main_window.shell)
    qtbot.addWidget(section)
    qtbot.waitUntil(lambda: not section.loading, timeout=10_000)  # read off the GUI thread
    assert section.windows["weekend"].text() == "07:00-22:00"
    section.windows["weekday"].setText("00:00-24:00")
    section.nation.setCurrentIndex(section.nation.findData("SCT"))
    assert section.is_dirty()
    with qtbot.waitSignal(section.saved, timeout=10_000):
        section.save()
    assert service.service_windows(ctx)["weekday"] == [["00:00", "24:00"]]
    assert service.nation(ctx) == "SCT"
    section.windows["weekend"].setText("7am till late")
    with qtbot.waitSignal(section.refused, timeout=10_000) as refused:
        section.save()
    assert "07:00-12:30" in refused.args[0]
    assert service.service_windows(ctx)["weekend"] == [["07:00", "22:00"]]
    _settle(main_window, qtbot)


def test_swap_summary_names_the_broken_rest(seeded):
    from tests.rota.conftest import shift_of
    from ui.views.rota import swap_summary

    tue = START + dt.timedelta(days=1)
    preview = swaps.preview_swap(seeded, shift_of(seeded, "Alex Morgan", tue, "early").id,
                                   shift_of(seeded, "Dee Osei", tue, "late").id)
    text = swap_summary(preview)
    assert "New error" in text and "9 h rest" in text


def test_pattern_editor_saves_a_copy_and_shows_errors(ctx, main_window, qtbot):
    from ui.rota.pattern_editor import PatternEditor

    ops = main_window.shell.ops

    def save(data, saved, refused):  # type: ignore[no-untyped-def]
        ops.write(parent=editor, op=lambda c: service.save_pattern(c, data)).success(saved).failure(refused).run()

    editor = PatternEditor(None, service.list_patterns(ctx), save)
    qtbot.addWidget(editor)
    editor.choose.setCurrentIndex(editor.choose.findData("four-week-out-of-hours"))
    assert editor.name.text() == "four-week-out-of-hours-copy" and editor.model.rowCount() == 14
    editor.model.item(0, 4).setText("07:00")  # zero-length
    editor.save()
    qtbot.waitUntil(lambda: not editor.saving, timeout=15_000)
    assert "zero-length" in editor.message.text() and editor.saved is None
    editor.model.item(0, 4).setText("12:30")
    editor.save()
    qtbot.waitUntil(lambda: editor.saved is not None, timeout=15_000)
    copy = service.get_pattern(ctx, "four-week-out-of-hours-copy")
    assert copy.weekly_paid_hours() == [22, 20, 20, 22]


def test_print_opens_the_print_dialog_on_the_rota_pages(qtbot, main_window):
    from pypdf import PdfReader

    view = main_window.show_view("rota")
    view.printer_action.trigger()
    qtbot.waitUntil(lambda: getattr(view, "print_dialog", None) is not None, timeout=15_000)
    assert view.print_dialog.windowTitle() == "Print rota"
    view.print_dialog.reject()
    assert view.print_dialog.printer().docName().startswith("rota-")
    pages = PdfReader(view.print_source).pages
    assert len(pages) >= 4  # a month view prints one A4 page per week


def test_calendar_export_covers_the_whole_rota_not_only_the_month_on_screen(seeded, main_window, qtbot, tmp_path):
    import icalendar
    from PySide6.QtTest import QTest

    later = dt.datetime.combine(START + dt.timedelta(days=120), dt.time(7), service.zone())
    service.add_shift(seeded, officer="Alex Morgan", start=later, end=later + dt.timedelta(hours=8), kind="early")
    view = _rota_view(main_window, qtbot)
    target = tmp_path / "whole.ics"
    view._save_path = lambda *args: target  # type: ignore[method-assign]
    QTest.keyClick(main_window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: getattr(view, "calendar_dialog", None) is not None and view.calendar_dialog.isVisible())
    dialog = view.calendar_dialog
    dialog.buttons["whole"].setFocus()
    QTest.keyClick(dialog.buttons["whole"], Qt.Key.Key_Space)
    assert dialog.choice() == "whole"
    QTest.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(target.exists, timeout=10_000)
    _settle(main_window, qtbot)
    events = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    starts = {e.decoded("dtstart").date() for e in events}
    assert later.date() in starts  # four months past the month on screen
    assert len(events) == len(service.list_shifts(seeded, START - dt.timedelta(days=400), START + dt.timedelta(days=400)))
