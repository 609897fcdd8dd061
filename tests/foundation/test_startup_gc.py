"""Once the window is up, what start-up built is frozen out of the cyclic collector
(``ui.application.keep_startup_objects_out_of_gc``): a full collection no longer walks
the window's objects, new garbage is still collected, and the window still works."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtWidgets import QApplication

from app.context import open_context
from app.setup import setup
from app.shiftlog import service as shiftlog
from app.shiftlog.service import EntryFilter
from ui import application
from ui.main_window import MainWindow


@pytest.fixture
def thawed_afterwards():  # type: ignore[no-untyped-def]
    """The test process must not keep what these tests freeze (nor anything else) forever."""
    yield
    gc.unfreeze()


def _walked_by_a_collection(objects: list[Any]) -> list[Any]:
    """Those of ``objects`` a full collection would visit (frozen ones sit outside its lists)."""
    tracked = {id(o) for o in gc.get_objects()}
    return [o for o in objects if id(o) in tracked]


def _built_at_start_up(window: MainWindow) -> list[Any]:
    shell = window.shell
    return [window, shell, shell.ctx, *(v for v in vars(window).values() if gc.is_tracked(v))]


def _log_an_entry_with_keys(qtbot, window: MainWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    view = window.show_view("log")
    qtbot.waitUntil(lambda: not view.model.loading and view.bar.state is not None, timeout=30_000)
    before = shiftlog.count_entries(window.shell.ctx, EntryFilter())
    view.entry.text.setFocus()
    qtbot.keyClicks(view.entry.text, text)
    qtbot.keyClick(view.entry.text, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shiftlog.count_entries(window.shell.ctx, EntryFilter()) == before + 1, timeout=30_000)
    qtbot.waitUntil(lambda: not view.entry.busy, timeout=30_000)


def test_the_windows_objects_sit_out_of_later_collections_and_the_window_still_works(
        main_window, qtbot, thawed_afterwards) -> None:  # type: ignore[no-untyped-def]
    started = _built_at_start_up(main_window)
    assert len(_walked_by_a_collection(started)) == len(started)  # before: every collection walks them
    frozen_before = gc.get_freeze_count()
    application.keep_startup_objects_out_of_gc()
    assert _walked_by_a_collection(started) == []
    assert gc.get_freeze_count() >= frozen_before + len(started)
    # what a full collection now walks is what came after start-up, a small part of it
    assert len(gc.get_objects()) < gc.get_freeze_count() // 10

    class Cycle:
        pair: Any = None

    garbage = Cycle()
    garbage.pair = Cycle()
    garbage.pair.pair = garbage
    gone = weakref.ref(garbage)
    del garbage
    gc.collect()
    assert gone() is None  # new garbage is still collected

    _log_an_entry_with_keys(qtbot, main_window, "Posted the road closure after the freeze")
    gc.collect()
    texts = [e.text for e in shiftlog.list_entries(main_window.shell.ctx, where=EntryFilter())]
    assert texts == ["Posted the road closure after the freeze"]


def test_the_real_start_up_freezes_once_the_window_is_attached(
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, thawed_afterwards) -> None:  # type: ignore[no-untyped-def]
    """run_gui (what ``dutydesk`` with no command runs) calls it after the window is filled
    and before the event loop; the first event after it finds the window frozen and working."""
    folder = tmp_path / "data"
    with open_context(folder) as ctx:
        setup(ctx, officer="Test Officer")
    seen: dict[str, Any] = {}
    real_freeze = application.keep_startup_objects_out_of_gc

    def freeze_and_look() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        seen["attached"] = [w.shell is not None and w.shell.ctx.data_dir == folder for w in windows]
        real_freeze()
        seen["calls"] = seen.get("calls", 0) + 1
        QTimer.singleShot(0, lambda: in_the_event_loop(windows[-1]))

    def in_the_event_loop(window: MainWindow) -> None:
        try:
            seen["walked"] = len(_walked_by_a_collection(_built_at_start_up(window)))
            _log_an_entry_with_keys(qtbot, window, "Logged in the window run_gui opened")
            seen["logged"] = [e.text for e in shiftlog.list_entries(window.shell.ctx, where=EntryFilter())]
        finally:
            window.close()
            QApplication.exit(0)  # run_gui's exec() returns

    monkeypatch.setattr(application, "keep_startup_objects_out_of_gc", freeze_and_look)
    try:
        assert application.run_gui(str(folder)) == 0
    finally:
        # closing the last window inside exec() posted a Quit: delivered later, it would end
        # every event loop of this test process at once (pytest-qt's waits among them)
        QCoreApplication.removePostedEvents(QApplication.instance(), QEvent.Type.Quit)
    assert seen["calls"] == 1 and seen["attached"] == [True]
    assert seen["walked"] == 0
    assert seen["logged"] == ["Logged in the window run_gui opened"]
