"""Joining a team in the window: laptops 2-4 sync first, then pick themselves."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.context import open_context
from app.rota import ics
from app.rota import service as rota
from app.setup import setup
from app.sync.service import list_conflicts, sync_now
from app.team.service import ensure_officer, list_officers
from ui.dialogs.first_run import FirstRunDialog

TEAM = ["Alex Morgan", "Bea Khan", "Cal Reid", "Dee Osei"]
START, END = dt.date(2026, 1, 5), dt.date(2026, 2, 1)


def _join_by_picking(qtbot, ctx, share: Path, me: str) -> FirstRunDialog:  # type: ignore[no-untyped-def]
    dialog = FirstRunDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    QTest.keyClicks(dialog.share, str(share))
    QTest.keyClick(dialog.share, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=20_000)
    names = [dialog.who.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dialog.who.count())]
    assert names[:-1] == TEAM and dialog.who.item(len(names) - 1).text() == "I'm new to the team"
    assert dialog.who.hasFocus()
    for _ in range(TEAM.index(me)):
        QTest.keyClick(dialog.who, Qt.Key.Key_Down)
    QTest.keyClick(dialog.who, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result() == FirstRunDialog.DialogCode.Accepted, timeout=20_000)
    return dialog


def test_three_laptops_join_by_picking_themselves(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    share = tmp_path / "share"
    share.mkdir()
    first = open_context(tmp_path / "laptop-1")
    laptops = {TEAM[0]: first}
    try:
        setup(first, officer=TEAM[0], share=str(share))
        for name in TEAM:
            ensure_officer(first, name)
        rota.apply_pattern(first, "four-week-out-of-hours", start=START, weeks=4, officers=TEAM)
        sync_now(first)
        for n, me in enumerate(TEAM[1:], 2):
            ctx = laptops[me] = open_context(tmp_path / f"laptop-{n}")
            _join_by_picking(qtbot, ctx, share, me)
            assert ctx.officer == me
            assert list_conflicts(ctx) == []  # just joined: nothing to resolve
        for _ in range(2):
            for ctx in laptops.values():
                sync_now(ctx)
        everyone = rota.list_shifts(first, START, END)
        for me, ctx in laptops.items():
            officers = list_officers(ctx)
            assert sorted(o.name for o in officers) == TEAM and len({o.id for o in officers}) == 4
            mine = rota.list_shifts(ctx, START, END, officer=ctx.officer)
            assert mine and sorted(s.id for s in mine) == sorted(s.id for s in everyone if s.officer == me)
            path, count = ics.export_ics(ctx, tmp_path / f"{me}.ics", START, END, officer=ctx.officer)
            assert count == len(mine) and path.read_text(encoding="utf-8").count("BEGIN:VEVENT") == count
            assert list_conflicts(ctx) == []
    finally:
        for ctx in laptops.values():
            ctx.close()


def test_im_new_adds_one_record_and_a_new_share_needs_no_pick(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    share = tmp_path / "share"
    share.mkdir()
    with open_context(tmp_path / "one") as one:
        dialog = FirstRunDialog(one)
        qtbot.addWidget(dialog)
        QTest.keyClicks(dialog.officer, "Alex Morgan")
        QTest.keyClicks(dialog.share, str(share))
        dialog.accept()  # an empty share: no team yet, so no question
        qtbot.waitUntil(lambda: dialog.result() == FirstRunDialog.DialogCode.Accepted, timeout=20_000)
        assert one.officer == "Alex Morgan" and [o.name for o in list_officers(one)] == ["Alex Morgan"]
        sync_now(one)
    with open_context(tmp_path / "two") as two:
        dialog = FirstRunDialog(two)
        qtbot.addWidget(dialog)
        dialog.show()
        QTest.keyClicks(dialog.share, str(share))
        dialog.accept()
        qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=20_000)
        dialog.who.setCurrentRow(dialog.who.count() - 1)  # I'm new
        assert dialog.new_name.isVisibleTo(dialog)
        dialog.accept()
        qtbot.waitUntil(lambda: "cannot be empty" in dialog.error.text(), timeout=5_000)
        QTest.keyClicks(dialog.new_name, "Eve Park")
        QTest.keyClick(dialog.new_name, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.result() == FirstRunDialog.DialogCode.Accepted, timeout=20_000)
        assert two.officer == "Eve Park"
        assert sorted(o.name for o in list_officers(two)) == ["Alex Morgan", "Eve Park"]
