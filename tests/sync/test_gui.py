"""The status segment and the Sync view, in the real window (offscreen)."""

from __future__ import annotations

from pathlib import Path

from app.settings import device
from app.sync import service
from tests.sync.helpers import get_setting, set_setting, sync


def _segment(window):
    return next(s for s in window.status_segments if s.objectName() == "status-sync")


def _settle(qtbot, window) -> None:
    window.shell.wait(20_000)
    qtbot.wait(50)
    window.shell.wait(20_000)
    qtbot.wait(50)


def test_status_states_and_conflict_resolution(qtbot, main_window, ctx, make_ctx, tmp_path: Path) -> None:
    segment = _segment(main_window)
    qtbot.waitUntil(lambda: "Local only" in segment.plain_text(), timeout=60_000)

    # offline: the share folder does not exist
    device.set_many(ctx, {device.SHARE_DIR: str(tmp_path / "missing")})
    main_window.actions_by_id["sync_now"].trigger()
    assert segment.plain_text() == "Syncing…"  # shown at once; the round runs off the GUI thread
    qtbot.waitUntil(lambda: segment.plain_text().startswith("Offline"), timeout=60_000)

    # conflicts: two laptops change the same setting
    share = tmp_path / "share"
    share.mkdir()
    device.set_many(ctx, {device.SHARE_DIR: str(share)})
    other = make_ctx("other", "Olu")
    set_setting(ctx, "escalation", "call the duty manager")
    sync(ctx, share), sync(other, share), sync(ctx, share)
    set_setting(ctx, "escalation", "text the press office")
    set_setting(other, "escalation", "phone the chief")
    sync(other, share)
    main_window.actions_by_id["sync_now"].trigger()
    qtbot.waitUntil(lambda: "conflict" in segment.plain_text(), timeout=60_000)
    assert segment.state == "conflicts"

    view = main_window.show_view("sync")
    qtbot.waitUntil(lambda: view.conflicts_model.rowCount() == 1, timeout=60_000)
    # worded for where the officer is: already in Sync, so no "open Sync"
    qtbot.waitUntil(lambda: "conflict" in view.message.text(), timeout=60_000)
    assert "open Sync" not in view.message.text()
    assert view.message.text() == "1 conflict to resolve: select it in the Conflicts tab below and choose which value to keep."
    assert view.tabs.tabText(0).startswith("Conflicts")
    panel = view.conflict_panel
    assert {panel.local_text.toPlainText(), panel.remote_text.toPlainText()} == {"text the press office", "phone the chief"}
    # in words: the record named, who set what, the question
    assert "team setting “escalation”" in panel.caption.text() and "Olu set" in panel.caption.text()
    assert "keep which?" in view.conflicts_model.data(view.conflicts_model.index(0, 1))
    panel.keep_remote.click()
    qtbot.waitUntil(lambda: view.conflicts_model.rowCount() == 0, timeout=60_000)
    _settle(qtbot, main_window)
    assert get_setting(ctx, "escalation") == "phone the chief"
    assert not service.list_conflicts(ctx)


def test_problem_state_names_the_reason(qtbot, main_window, ctx, make_ctx, tmp_path: Path) -> None:
    theirs = tmp_path / "their-share"
    theirs.mkdir()
    sync(make_ctx("other-team", "Zed"), theirs)
    mine = tmp_path / "share"
    mine.mkdir()
    sync(ctx, mine)
    device.set_many(ctx, {device.SHARE_DIR: str(theirs)})
    main_window.actions_by_id["sync_now"].trigger()
    segment = _segment(main_window)
    qtbot.waitUntil(lambda: segment.state == "problem", timeout=60_000)
    assert "another Duty Desk team" in segment.toolTip()
    view = main_window.show_view("sync")
    qtbot.waitUntil(lambda: "another Duty Desk team" in view.message.text(), timeout=60_000)
    _settle(qtbot, main_window)


def test_settings_interval(qtbot, main_window, ctx) -> None:
    view = main_window.show_view("settings")
    section = next(s for s in view.sections if type(s).__name__ == "SyncSection")
    qtbot.waitUntil(lambda: not section.loading, timeout=60_000)
    section.interval.setValue(12)
    assert section.is_dirty()
    with qtbot.waitSignal(section.saved, timeout=60_000):
        section.save()  # (the whole view's save also runs General, which is not this feature's)
    assert service.interval_minutes(ctx) == 12
    _settle(qtbot, main_window)


def test_a_record_set_aside_shows_in_the_status_bar_and_the_sync_view(qtbot, main_window, ctx, make_ctx,
                                                                      tmp_path: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from tests.sync.helpers import log
    from tests.sync.test_quarantine import _poison, _rewrite_segment

    share = tmp_path / "share"
    share.mkdir()
    ann = make_ctx("ann", "Ann Able")
    sync(ann, share)
    log(ann, "unparseable")
    log(ann, "fine")
    sync(ann, share)
    _rewrite_segment(share, ann.device_id, _poison)
    device.set_many(ctx, {device.SHARE_DIR: str(share)})
    segment = _segment(main_window)
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    QTest.keyClick(main_window, Qt.Key.Key_F5)  # during the start-up round too: it runs one more after
    qtbot.waitUntil(lambda: segment.state == "problem", timeout=60_000)
    assert "1 record from Ann Able's laptop could not be applied" in segment.toolTip()
    view = main_window.show_view("sync")
    qtbot.waitUntil(lambda: view.quarantine_model.rowCount() == 1, timeout=60_000)
    assert view.tabs.tabText(2).startswith("Problems (")
    _settle(qtbot, main_window)


def test_asking_for_a_round_while_one_runs_runs_one_more_after_it(qtbot, main_window, ctx, make_ctx,
                                                                   tmp_path: Path) -> None:
    """F5 after setting the share, while a round that began without it still runs: the
    officer's request is not dropped, so what is on the share arrives."""
    from ui.sync.controller import controller_for

    share = tmp_path / "share"
    share.mkdir()
    ann = make_ctx("ann", "Ann Able")
    sync(ann, share)
    set_setting(ann, "welcome", "from Ann")
    sync(ann, share)
    controller = controller_for(main_window.shell)
    qtbot.waitUntil(lambda: controller.last_result is not None and not controller.running, timeout=60_000)  # start-up round
    _settle(qtbot, main_window)
    finished: list[dict] = []
    controller.finished.connect(finished.append)
    controller.sync_now()  # no share yet: this round cannot bring Ann's work
    assert controller.running
    device.set_many(ctx, {device.SHARE_DIR: str(share)})
    controller.sync_now()  # asked again while it runs
    qtbot.waitUntil(lambda: len(finished) >= 2 and not controller.running, timeout=60_000)
    assert get_setting(ctx, "welcome") == "from Ann"
    _settle(qtbot, main_window)
