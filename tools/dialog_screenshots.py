"""Render the dialogs an officer meets (add shift, leave, swap, apply pattern, fill preview,
retire officer, add contact, start/close incident, amend, end shift, the decision card) over
the realistic demo data of ``tools/screenshot_data.py``, light and dark, to check them by eye.

Each dialog is opened the way the window opens it; a timer grabs the modal dialog once it
shows, then closes it (nothing is saved). Run: python tools/dialog_screenshots.py OUT_DIR
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox  # noqa: E402

from tools.screenshot_data import seed  # noqa: E402
from tools.view_screenshots import settle  # noqa: E402


class Grabber:
    """Grabs the next modal dialog to a file and closes it without saving anything."""

    def __init__(self, app: QApplication) -> None:
        self.app, self.target, self.done = app, None, True
        self.timer = QTimer()
        self.timer.setInterval(50)
        self.timer.timeout.connect(self._poll)
        self.seen_at = 0.0

    def expect(self, target: Path) -> None:
        self.target, self.done, self.seen_at = target, False, 0.0
        self.timer.start()

    def _poll(self) -> None:
        dialog = QApplication.activeModalWidget() or next(
            (w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()), None)
        if dialog is None:
            return
        if not self.seen_at:
            self.seen_at = time.monotonic()  # let its own queries (previews) answer first
            return
        if time.monotonic() - self.seen_at < 0.8:
            return
        dialog.grab().save(str(self.target), "PNG")
        print(self.target, f"{dialog.width()}x{dialog.height()}")
        self.timer.stop()
        self.done = True
        if isinstance(dialog, QMessageBox):
            dialog.done(0)
        elif isinstance(dialog, QDialog):
            dialog.reject()
        else:
            dialog.close()

    def run(self, target: Path, open_it: Callable[[], Any]) -> None:
        self.expect(target)
        QTimer.singleShot(0, open_it)  # exec() blocks: it runs inside the event loop below
        deadline = time.monotonic() + 30
        while not self.done and time.monotonic() < deadline:
            self.app.processEvents()
            time.sleep(0.01)
        if not self.done:
            self.timer.stop()
            print(f"no dialog for {target.name}", file=sys.stderr)


def openers(window: Any) -> dict[str, Callable[[], Any]]:
    def rota() -> Any:
        return window.show_view("rota")

    def on_a_shift() -> Any:
        view = rota()
        shift = next(s for s in view.snapshot.shifts if s.officer)
        view.grid.select_shift(shift.id)
        return view

    def team() -> Any:
        view = window.show_view("settings")
        section = next(s for s in view.sections if type(s).__name__ == "TeamSection")
        return section

    def retire() -> None:
        section = team()
        settle(QApplication.instance(), window)  # type: ignore[arg-type]  # the team list loads first
        section.table.selectRow(1)
        section.retire_button.click()

    def incidents() -> Any:
        return window.show_view("incidents")

    def decision() -> None:
        view = incidents()
        settle(QApplication.instance(), window)  # type: ignore[arg-type]
        step = next(s for s in view.running.incident.steps if s.kind == "decision")
        view.running.select_step(step.no)

    def log_view() -> Any:
        view = window.show_view("log")
        settle(QApplication.instance(), window)  # type: ignore[arg-type]  # its entries load first
        return view

    return {
        "rota-add-shift": lambda: rota().add_shift_dialog(),
        "rota-leave": lambda: on_a_shift().leave_dialog(),
        "rota-swap": lambda: on_a_shift().swap_dialog(),
        "rota-apply-pattern": lambda: rota().apply_pattern_dialog(),
        "rota-patterns": lambda: rota().patterns_dialog(),
        "rota-fill-preview": lambda: rota().fill_period(),
        "team-retire": retire,
        "incident-contact": lambda: (incidents().tabs.setCurrentIndex(2), incidents().contacts.add()),
        "incident-start": lambda: incidents().open_start_dialog(),
        "incident-close": lambda: incidents().open_close_dialog(incidents().running.incident.id),
        "incident-decision-card": decision,
        "log-amend": lambda: (view := log_view(), view.table.selectRow(3), view.amend_selected()),
        "log-end-shift": lambda: log_view().bar.end_shift(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    from app.context import open_context
    from app.setup import setup
    from ui import theme
    from ui.application import build_window

    app = QApplication.instance() or QApplication([])
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_context(Path(tmp) / "laptop")
        setup(ctx, officer="Sam Night")
        seed(ctx, Path(tmp))
        window = build_window(ctx)
        window.resize(1024, 640)
        window.show()
        settle(app, window)
        grabber = Grabber(app)
        for scheme in ("light", "dark"):
            theme.apply(app, scheme)  # type: ignore[arg-type]
            for name, open_it in openers(window).items():
                if args.only and name not in args.only.split(","):
                    continue
                settle(app, window)
                if name.endswith("-card"):  # part of the window, not a dialog: the window at 1024x640
                    open_it()
                    settle(app, window)
                    window.grab().save(str(args.out / f"{name}-{scheme}.png"), "PNG")
                    continue
                grabber.run(args.out / f"{name}-{scheme}.png", open_it)
        window.close()
        settle(app, window)
        ctx.close()


if __name__ == "__main__":
    main()
