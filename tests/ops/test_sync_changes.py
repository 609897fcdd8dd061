"""A sync round reports what it applied the way a write op does, and views refresh from it."""

from __future__ import annotations

from pathlib import Path

from app.settings import device
from app.shiftlog import service as shiftlog
from tests.sync.helpers import sync


def test_a_sync_round_announces_the_remote_rows_and_the_log_shows_them(qtbot, main_window, ctx, make_ctx,
                                                                        tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    device.set_many(ctx, {device.SHARE_DIR: str(share)})
    other = make_ctx("other", "Olu")
    controller = main_window.duties.sync
    qtbot.waitUntil(lambda: controller.last_result is not None and not controller.running,
                    timeout=60_000)  # the window's start-up round (joins the share)
    sync(other, share)
    remote = shiftlog.add_entry(other, "Road reopened, posted by Olu")
    sync(other, share)
    view = main_window.show_view("log")
    qtbot.waitUntil(lambda: not view.model.loading, timeout=60_000)
    with qtbot.waitSignal(main_window.shell.bus.changes, timeout=120_000,
                          check_params_cb=lambda changes: changes.touches("log_entry")) as announced:
        controller.sync_now()
    assert remote.id in announced.args[0].ids("log_entry")
    qtbot.waitUntil(lambda: any(view.model.entry(r).id == remote.id for r in range(view.model.rowCount())),
                    timeout=60_000)  # the view refreshed from the notice, nobody asked it to
