"""Render the Team page, the "Who are you?" step and the Today view's due shift to
docs/screenshots/ (run: python tools/team_screenshots.py; offscreen, demo data in a temp folder)."""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DUTYDESK_TZ", "Europe/London")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from app.context import open_context  # noqa: E402
from app.db.base import utcnow  # noqa: E402
from app.rota import service as rota  # noqa: E402
from app.setup import setup  # noqa: E402
from app.sync.service import sync_now  # noqa: E402
from app.team import service as team  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
TEAM = [("Alex Morgan", "Duty manager", 37.5), ("Bea Khan", "Press officer", 37.5),
        ("Cal Reid", "Press officer", 30), ("Dee Osei", "Digital officer", 22.5)]


def settle(app: QApplication, window: object) -> None:
    for _ in range(5):
        app.processEvents()
    window.shell.wait(10_000)  # type: ignore[attr-defined]
    for _ in range(10):
        app.processEvents()


def main() -> None:
    from ui.application import build_window
    from ui.dialogs.first_run import FirstRunDialog

    app = QApplication.instance() or QApplication([])
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        share = Path(tmp) / "share"
        share.mkdir()
        ctx = open_context(Path(tmp) / "laptop-1")
        setup(ctx, officer="Alex Morgan", share=str(share))
        for name, role, hours in TEAM:
            team.ensure_officer(ctx, name)
            team.update_details(ctx, name, role=role, contracted_hours=hours)
        team.add_officer(ctx, "Sam Patel", role="Press officer", contracted_hours=37.5)
        team.set_active(ctx, "Sam Patel", False)
        start = (utcnow() + dt.timedelta(hours=1)).replace(minute=30, second=0, microsecond=0)
        rota.add_shift(ctx, officer="Alex Morgan", start=start, end=start + dt.timedelta(hours=5, minutes=30), kind="late")
        sync_now(ctx)
        window = build_window(ctx)
        for size in ((1024, 640), (1600, 1000)):
            window.resize(*size)
            window.show()
            view = window.show_view("settings")
            page = next(s for s in view.sections if type(s).__name__ == "TeamSection")
            view.tabs.setCurrentWidget(page)
            page.show_retired.setChecked(True)
            page.load()
            settle(app, window)
            page.table.selectRow(1)
            settle(app, window)
            window.grab().save(str(OUT / f"team-page-{size[0]}.png"), "PNG")
            window.show_view("today")
            settle(app, window)
            window.grab().save(str(OUT / f"team-today-due-shift-{size[0]}.png"), "PNG")
        window.close()
        ctx.close()

        joiner = open_context(Path(tmp) / "laptop-2")
        dialog = FirstRunDialog(joiner)
        dialog.share.setText(str(share))
        dialog.officer.setText("Bea Khan")
        dialog.show()
        dialog.accept()
        for _ in range(600):
            app.processEvents()
            if dialog.pages.currentIndex() == 1:
                break
            import time

            time.sleep(0.05)
        for _ in range(10):
            app.processEvents()
        dialog.grab().save(str(OUT / "team-who-are-you.png"), "PNG")
        dialog.close()
        joiner.close()
    print(f"Wrote screenshots to {OUT}")


if __name__ == "__main__":
    main()
