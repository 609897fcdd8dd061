"""The Team page: the team is managed in the window, keyboard first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from app.team import service as team
from tests.modal import when_modal


def _team_page(main_window, qtbot):  # type: ignore[no-untyped-def]
    view = main_window.show_view("settings")
    page = next(s for s in view.sections if type(s).__name__ == "TeamSection")
    view.tabs.setCurrentWidget(page)
    page.load()
    qtbot.waitUntil(lambda: page.model.rowCount() >= 1, timeout=10_000)
    return page


def _type(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    widget.setFocus()
    widget.selectAll()
    QTest.keyClicks(widget, text)


def test_add_rename_hours_retire_and_reactivate_in_the_window(main_window, qtbot, ctx):  # type: ignore[no-untyped-def]
    page = _team_page(main_window, qtbot)
    assert [page.model.officer(r).name for r in range(page.model.rowCount())] == ["Test Officer"]
    QTest.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # a new officer
    assert page.name.hasFocus() and page.name.text() == ""
    QTest.keyClicks(page.name, "Bea Khan")
    _type(qtbot, page.role, "Duty press officer")
    _type(qtbot, page.hours, "37.5")
    QTest.keyClick(page.hours, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    bea = team.find_officer(ctx, "Bea Khan")
    assert (bea.role, bea.contracted_hours, bea.active) == ("Duty press officer", 37.5, True)

    page.table.setFocus()
    page.table.selectRow(page.model.row_of(bea.id))
    qtbot.waitUntil(lambda: page.name.text() == "Bea Khan", timeout=5_000)
    _type(qtbot, page.name, "Bea Khan-Reid")
    _type(qtbot, page.hours, "30")
    QTest.keyClick(page.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: team.get_officer(ctx, bea.id).name == "Bea Khan-Reid", timeout=10_000)
    assert team.get_officer(ctx, bea.id).contracted_hours == 30

    qtbot.waitUntil(lambda: page.selected() is not None and page.selected().name == "Bea Khan-Reid", timeout=10_000)
    page.retire_button.setFocus()
    asked: list[str] = []

    def confirm(box) -> None:  # type: ignore[no-untyped-def]
        asked.append(box.text())
        QTest.keyClick(box, Qt.Key.Key_Return)  # the default: retire

    finished: list[bool] = []
    when_modal(QMessageBox, confirm, finished)
    QTest.keyClick(page.retire_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(finished), timeout=10_000)
    assert asked == ["Retire Bea Khan-Reid? They have no shifts from tomorrow on. Past shifts and the log keep their name."]
    qtbot.waitUntil(lambda: not team.get_officer(ctx, bea.id).active, timeout=10_000)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)  # retired: hidden unless asked
    assert "Bea Khan-Reid" not in [o.name for o in team.list_officers(ctx)]
    page.show_retired.setChecked(True)
    assert page.model.rowCount() == 2
    page.table.selectRow(page.model.row_of(bea.id))
    assert page.retire_button.text() == "Re-ac&tivate"
    QTest.keyClick(page.retire_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: team.get_officer(ctx, bea.id).active, timeout=10_000)


def test_bad_input_shows_one_line_and_changes_nothing(main_window, qtbot, ctx):  # type: ignore[no-untyped-def]
    page = _team_page(main_window, qtbot)
    QTest.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(page.name, "test officer")  # already on the team
    QTest.keyClick(page.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "already on the team" in page.message.text(), timeout=10_000)
    _type(qtbot, page.name, "Cal Reid")
    _type(qtbot, page.hours, "lots")
    QTest.keyClick(page.hours, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Contracted hours" in page.message.text(), timeout=10_000)
    assert [o.name for o in team.list_officers(ctx)] == ["Test Officer"]


def test_apply_pattern_picks_each_line_from_the_team(qtbot, ctx):  # type: ignore[no-untyped-def]
    import datetime as dt

    from app.rota import service as rota
    from ui.rota.dialogs import ApplyPatternDialog

    names = ["Alex Morgan", "Bea Khan", "Cal Reid"]
    patterns = rota.list_patterns(ctx)
    dialog = ApplyPatternDialog(None, patterns, names, dt.date(2026, 1, 7))
    qtbot.addWidget(dialog)
    four = next(i for i in range(dialog.pattern.count()) if dialog.pattern.itemData(i) == "four-week-out-of-hours")
    dialog.pattern.setCurrentIndex(four)
    assert len(dialog.lines) == 4
    assert [c.currentText() for c in dialog.lines] == [*names, "(open line)"]
    dialog.lines[3].setFocus()
    QTest.keyClick(dialog.lines[3], Qt.Key.Key_Down)  # keyboard: the next name on the list
    assert dialog.lines[3].currentText() == "Alex Morgan"
    values = dialog.values()
    assert values["start"] == dt.date(2026, 1, 5) and values["officers"] == [*names, "Alex Morgan"]
    dialog.lines[3].setCurrentIndex(0)
    assert dialog.values()["officers"][3] == "-"
    for combo in dialog.lines:
        assert {combo.itemText(i) for i in range(combo.count())} == {"(open line)", *names}


def test_duplicates_are_offered_merged_and_the_merge_undone(main_window, qtbot, ctx):  # type: ignore[no-untyped-def]
    from app.team.models import Officer

    with ctx.write() as session:  # as two laptops would leave it: same name, different e-mails
        session.add(Officer(name="Eve Park", email="eve@city.example"))
        session.add(Officer(name="Eve Park", email="eve.park@police.example"))
    page = _team_page(main_window, qtbot)
    qtbot.waitUntil(lambda: page.duplicates.count() == 1, timeout=10_000)
    assert "different e-mail" in page.duplicates.item(0).text() and page.merge_button.isVisible()
    page.duplicates.setCurrentRow(0)
    page.merge_button.setFocus()
    QTest.keyClick(page.merge_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: len([o for o in team.list_officers(ctx) if o.name == "Eve Park"]) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: page.merges.count() == 1 and not page.merge_button.isVisible(), timeout=10_000)
    page.merges.setCurrentRow(0)
    QTest.keyClick(page.undo_merge_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: len([o for o in team.list_officers(ctx) if o.name == "Eve Park"]) == 2, timeout=10_000)


def test_team_tab_shows_no_save_or_revert_because_each_change_saves_at_once(main_window, qtbot):  # type: ignore[no-untyped-def]
    """Save/Revert would mislead on the Team page (every add, rename, retire is stored at once);
    the other pages, saved together, keep them."""
    view = main_window.show_view("settings")
    bar = view.tabs.tabBar()
    titles = [view.tabs.tabText(i) for i in range(view.tabs.count())]
    team_index = next(i for i, s in enumerate(view.sections) if type(s).__name__ == "TeamSection")
    other_index = next(i for i, s in enumerate(view.sections) if not s.saves_at_once)
    assert len(titles) > 1

    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(other_index).center())
    qtbot.waitUntil(lambda: view.tabs.currentIndex() == other_index, timeout=5_000)
    assert view.save_button.isVisible() and view.revert_button.isVisible()

    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(team_index).center())
    qtbot.waitUntil(lambda: view.tabs.currentIndex() == team_index, timeout=5_000)
    assert not view.save_button.isVisible() and not view.revert_button.isVisible()
    assert "saved at once" in " ".join(label.text() for label in view.tabs.widget(team_index).findChildren(type(view.message)))

    QTest.keyClick(view.tabs, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)  # on to the next page
    qtbot.waitUntil(lambda: view.tabs.currentIndex() != team_index, timeout=5_000)
    page = view.tabs.currentWidget()
    assert view.save_button.isVisible() == (not page.saves_at_once)
