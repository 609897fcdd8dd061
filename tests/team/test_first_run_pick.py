"""Joining a share in the window: the name typed on the first page picks that officer on
the second, as the team compares names (capitals and spaces aside: ``name_key``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.context import open_context
from app.setup import setup
from app.sync.service import sync_now
from app.team.service import ensure_officer
from ui.dialogs.first_run import FirstRunDialog

TEAM = ["Alex Morgan", "Bea Khan", "Cal Reid"]


def test_the_name_typed_before_joining_is_picked_whatever_its_capitals_and_spaces(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    share = tmp_path / "share"
    share.mkdir()
    with open_context(tmp_path / "laptop-1") as first:
        setup(first, officer=TEAM[0], share=str(share))
        for name in TEAM:
            ensure_officer(first, name)
        sync_now(first)
    with open_context(tmp_path / "laptop-2") as ctx:
        dialog = FirstRunDialog(ctx)
        qtbot.addWidget(dialog)
        dialog.show()
        QTest.keyClicks(dialog.officer, "  bea   KHAN ")
        QTest.keyClicks(dialog.share, str(share))
        QTest.keyClick(dialog.share, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=20_000)
        assert dialog.who.currentItem().data(Qt.ItemDataRole.UserRole) == "Bea Khan"
        QTest.keyClick(dialog.who, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.result() == FirstRunDialog.DialogCode.Accepted, timeout=20_000)
        assert ctx.officer == "Bea Khan"
