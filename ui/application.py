"""Starting the GUI: the QApplication, the checks that may refuse to start, the window."""

from __future__ import annotations

import os
import sys

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from app import __version__
from app.context import AppContext, open_context
from app.errors import DutyDeskError
from app.resources import resource_path
from app.settings import device
from app.setup import is_set_up
from ui import theme
from ui.main_window import FirstPaintReporter, MainWindow
from ui.shell import EventBus, Shell
from ui.tasks import TaskRunner


def qt_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv or [sys.argv[0]])
    app.setApplicationName("Duty Desk")
    app.setOrganizationName("DutyDesk")
    app.setApplicationVersion(__version__)
    icon = resource_path("icons", "dutydesk.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    theme.load_fonts()
    return app


def build_window(ctx: AppContext) -> MainWindow:
    """The main window over an open context (used by the GUI, screenshots and tests)."""
    app = qt_application()
    theme.apply(app, device.get(ctx, device.THEME, "system"))
    shell = Shell(ctx, TaskRunner(), EventBus())
    return MainWindow(shell)


def run_gui(data_dir: str | None) -> int:
    app = qt_application()
    theme.apply(app, "system")
    try:
        ctx = open_context(data_dir)
    except DutyDeskError as exc:
        QMessageBox.critical(None, "Duty Desk cannot start", str(exc))
        print(f"dutydesk: {exc}", file=sys.stderr)
        return exc.exit_code
    try:
        if not is_set_up(ctx):
            from ui.dialogs.first_run import FirstRunDialog

            if FirstRunDialog(ctx).exec() != FirstRunDialog.DialogCode.Accepted:
                return 0
        window = build_window(ctx)
        theme.follow_system(app, lambda: device.get(ctx, device.THEME, "system"))
        if os.environ.get("DUTYDESK_REPORT_FIRST_PAINT"):
            FirstPaintReporter(window)
        window.show()
        return app.exec()
    finally:
        ctx.close()
