"""Team changes on the Team page go on the core undo stack: the Edit menu names them,
real Ctrl+Z / Ctrl+Shift+Z presses take them back field by field, and retiring someone
asks first and opens their shifts from tomorrow on (undone together)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from app.rota import service as rota
from app.team import retire
from app.team import service as team
from tests.modal import when_modal

CTRL = Qt.KeyboardModifier.ControlModifier
TEAM = ["Alex Morgan", "Bea Khan", "Cal Reid", "Dee Osei"]


def _settle(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.shell.busy, timeout=15_000)
    qtbot.wait(10)
    qtbot.waitUntil(lambda: not window.shell.busy, timeout=15_000)


def _team_page(window, qtbot):  # type: ignore[no-untyped-def]
    view = window.show_view("settings")
    page = next(s for s in view.sections if type(s).__name__ == "TeamSection")
    view.tabs.setCurrentWidget(page)
    page.load()
    _settle(window, qtbot)
    return page


def _pick(page, qtbot, officer_id: str) -> None:  # type: ignore[no-untyped-def]
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    page.table.selectRow(page.model.row_of(officer_id))
    qtbot.waitUntil(lambda: page.selected() is not None and page.selected().id == officer_id)


def _undo_text(page) -> str:  # type: ignore[no-untyped-def]
    return page.undo_action.text().replace("&", "")


def _press(page, qtbot, key, modifiers=CTRL) -> None:  # type: ignore[no-untyped-def]
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    QTest.keyClick(page.table, key, modifiers)


def test_rename_is_named_in_the_edit_menu_undone_redone_and_a_stale_undo_says_why(ctx, main_window, qtbot):
    sam = team.add_officer(ctx, "Sam Hill", role="Press officer", contracted_hours=37.5)
    page = _team_page(main_window, qtbot)
    _pick(page, qtbot, sam.id)
    page.name.setFocus()
    page.name.selectAll()
    QTest.keyClicks(page.name, "Sam Hall")
    QTest.keyClick(page.name, Qt.Key.Key_Return)
    _settle(main_window, qtbot)
    assert team.get_officer(ctx, sam.id).name == "Sam Hall"
    assert _undo_text(page) == "Undo rename: Sam Hill → Sam Hall"
    menu = [a.text().replace("&", "") for a in main_window.edit_menu.actions()]
    assert main_window.edit_menu.menuAction().isVisible() and menu[0] == "Undo rename: Sam Hill → Sam Hall"

    _press(page, qtbot, Qt.Key.Key_Z)
    _settle(main_window, qtbot)
    assert team.get_officer(ctx, sam.id).name == "Sam Hill"
    assert team.get_officer(ctx, sam.id).role == "Press officer"  # the fields it did not change stay as they are
    qtbot.waitUntil(lambda: "Sam Hill" in [page.model.officer(r).name for r in range(page.model.rowCount())])

    _press(page, qtbot, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    _settle(main_window, qtbot)
    assert team.get_officer(ctx, sam.id).name == "Sam Hall"

    team.rename_officer(ctx, "Sam Hall", "Sam Hull")  # another laptop renamed him since (arrives by sync)
    _press(page, qtbot, Qt.Key.Key_Z)
    _settle(main_window, qtbot)
    assert team.get_officer(ctx, sam.id).name == "Sam Hull"
    assert page.message.text() == ("Could not undo rename: Sam Hill → Sam Hall: The name of the officer Sam Hull "
                                   "was changed since (now Sam Hull), so it was left as it is.")


def test_role_and_hours_then_added_officer_undo_in_order(ctx, main_window, qtbot):
    sam = team.add_officer(ctx, "Sam Hill", role="Press officer", contracted_hours=37.5)
    page = _team_page(main_window, qtbot)
    _pick(page, qtbot, sam.id)
    for field, text in ((page.role, "Duty manager"), (page.hours, "30")):
        field.setFocus()
        field.selectAll()
        QTest.keyClicks(field, text)
    QTest.keyClick(page.hours, Qt.Key.Key_Return)
    _settle(main_window, qtbot)
    assert _undo_text(page) == "Undo Sam Hill: role Press officer → Duty manager; hours 37.5 h → 30 h"
    QTest.keyClick(page, Qt.Key.Key_N, CTRL)
    QTest.keyClicks(page.name, "Bea Khan")
    QTest.keyClick(page.name, Qt.Key.Key_Return)
    _settle(main_window, qtbot)
    assert _undo_text(page) == "Undo add officer: Bea Khan"

    _press(page, qtbot, Qt.Key.Key_Z)
    _settle(main_window, qtbot)
    assert [o.name for o in team.list_officers(ctx)] == ["Sam Hill", "Test Officer"]
    _press(page, qtbot, Qt.Key.Key_Z)
    _settle(main_window, qtbot)
    back = team.get_officer(ctx, sam.id)
    assert (back.role, back.contracted_hours) == ("Press officer", 37.5)


def test_retire_says_how_many_shifts_open_and_ctrl_z_on_the_rota_gives_them_back(ctx, main_window, qtbot):
    for name in TEAM:
        team.ensure_officer(ctx, name)
    today = dt.datetime.now(rota.zone()).date()
    monday = today - dt.timedelta(days=today.weekday())
    rota.apply_pattern(ctx, "four-week-out-of-hours", start=monday, weeks=4, officers=TEAM)
    period = (monday, monday + dt.timedelta(weeks=4))
    before = {s.id: s.officer for s in rota.list_shifts(ctx, *period)}
    future = retire.future_shifts(ctx, "Bea Khan")
    assert future
    bea = team.find_officer(ctx, "Bea Khan")
    page = _team_page(main_window, qtbot)
    _pick(page, qtbot, bea.id)

    asked: list[str] = []

    def cancel(box) -> None:  # type: ignore[no-untyped-def]
        asked.append(box.text())
        QTest.keyClick(box, Qt.Key.Key_Escape)

    finished: list[bool] = []
    when_modal(QMessageBox, cancel, finished)
    page.retire_button.setFocus()
    QTest.keyClick(page.retire_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(finished), timeout=15_000)
    _settle(main_window, qtbot)
    first = future[0].local_start(rota.zone())
    assert asked == [f"Retire Bea Khan? Their {len(future)} shifts from {first:%a %d %b %Y} on will become open "
                     "shifts needing cover. Past shifts, today's and the log keep their name."]
    assert team.get_officer(ctx, bea.id).active  # Escape: nothing changed
    assert {s.id: s.officer for s in rota.list_shifts(ctx, *period)} == before

    finished.clear()
    when_modal(QMessageBox, lambda box: QTest.keyClick(box, Qt.Key.Key_Return), finished)  # the default: retire
    page.retire_button.setFocus()
    QTest.keyClick(page.retire_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(finished), timeout=15_000)
    _settle(main_window, qtbot)
    assert not team.get_officer(ctx, bea.id).active
    now = {s.id: s.officer for s in rota.list_shifts(ctx, *period)}
    assert {i for i, who in now.items() if who is None and before[i] == "Bea Khan"} == {s.id for s in future}
    assert page.message.text().startswith(f"Retired Bea Khan: {len(future)} future shifts now open and need cover.")
    label = f"Undo retire: Bea Khan ({len(future)} future shifts opened)"
    assert _undo_text(page) == label

    # The same stack: the Rota view names the retirement too, and its Ctrl+Z takes it back.
    view = main_window.show_view("rota")
    _settle(main_window, qtbot)
    assert view.undo_action.text().replace("&", "") == label
    main_window.activateWindow()  # back from the confirmation box
    qtbot.waitUntil(main_window.isActiveWindow)
    view.grid.setFocus()
    qtbot.waitUntil(view.grid.hasFocus)
    QTest.keyClick(view.grid, Qt.Key.Key_Z, CTRL)
    _settle(main_window, qtbot)
    assert team.get_officer(ctx, bea.id).active
    assert {s.id: s.officer for s in rota.list_shifts(ctx, *period)} == before
