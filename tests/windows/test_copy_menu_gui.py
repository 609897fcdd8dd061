"""The window's "Copy ffmpeg command" offers the text for cmd, PowerShell and POSIX shells."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from app.subtitles.cues import Cue
from tests.subtitles.conftest import make_clip


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_clip(tmp_path_factory.mktemp("media") / "clip & 100%.mp4", seconds=1)


def _choose_from_menu(menu, downs: int) -> None:  # type: ignore[no-untyped-def]
    """Once the menu is up (its own event loop), move down and press Return like a person."""
    if not menu.isVisible():
        QTimer.singleShot(20, lambda: _choose_from_menu(menu, downs))
        return
    for _ in range(downs):
        QTest.keyClick(menu, Qt.Key.Key_Down)
    QTest.keyClick(menu, Qt.Key.Key_Return)


@pytest.mark.parametrize("position,shell", [(1, "cmd"), (2, "powershell"), (3, "posix")])
def test_copy_menu_gives_each_shell_its_text(main_window, qtbot, clip: Path, position: int, shell: str) -> None:  # type: ignore[no-untyped-def]
    view = main_window.show_view("subtitles")
    view.open_video(clip)
    qtbot.waitUntil(lambda: view.project is not None, timeout=20_000)
    view.model.apply("seed", lambda _c: [Cue(0, 900, "Police are at the scene")])
    view.output.copy.setFocus()
    menu = view.output.copy.menu()
    assert [a.text() for a in menu.actions()] == ["For Command Prompt (cmd)", "For Windows PowerShell",
                                                  "For Terminal (bash, zsh)"]
    QGuiApplication.clipboard().clear()
    QTimer.singleShot(0, lambda: _choose_from_menu(menu, position))
    QTest.keyClick(view.output.copy, Qt.Key.Key_Space)  # opens the menu on a button that has one
    qtbot.waitUntil(lambda: "libx264" in QGuiApplication.clipboard().text(), timeout=20_000)
    text = QGuiApplication.clipboard().text()
    first = text.splitlines()[0]
    expected_start = {"cmd": "cd /d ", "powershell": "Set-Location -LiteralPath ", "posix": "cd "}[shell]
    assert first.startswith(expected_start)
    assert "&&" not in text or shell == "posix"
