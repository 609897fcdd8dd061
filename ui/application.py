"""Starting the GUI: the QApplication, the checks that may refuse to start, the window."""

from __future__ import annotations

import gc
import os
import sys

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from typing import TYPE_CHECKING

from app import __version__
from app.errors import DutyDeskError
from app.resources import resource_path
from ui import theme
from ui.main_window import FirstPaintReporter, MainWindow
from ui.shell import EventBus, Shell

if TYPE_CHECKING:
    from app.context import AppContext


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
    qt_application()
    window = MainWindow()
    attach(window, ctx)
    return window


def attach(window: MainWindow, ctx: AppContext) -> None:
    from app.settings import device

    app = qt_application()
    theme.apply(app, device.get(ctx, device.THEME, "system"))
    window.attach(Shell(ctx, EventBus()))


def keep_startup_objects_out_of_gc() -> None:
    """Move what start-up built (modules, Qt wrappers, the window's objects: they live as long
    as the window) out of the cyclic collector's reach. Otherwise every full collection walks
    all of it with the interpreter held, and the window freezes for a tenth of a second while
    background work allocates (measured in bench_ops_road)."""
    gc.collect()
    gc.freeze()


def run_gui(data_dir: str | None) -> int:
    """Paint the window frame first, then open the data folder (the database layer is
    the slowest import), then fill the window. A folder that cannot be used closes the
    frame and says why."""
    app = qt_application()
    theme.apply(app, "system")
    window = MainWindow()
    if os.environ.get("DUTYDESK_REPORT_FIRST_PAINT"):
        FirstPaintReporter(window)
    window.show()
    app.processEvents()
    from app.context import open_context
    from app.setup import is_set_up

    try:
        ctx = open_context(data_dir)
    except DutyDeskError as exc:
        window.hide()
        QMessageBox.critical(None, "Duty Desk cannot start", str(exc))
        print(f"dutydesk: {exc}", file=sys.stderr)
        return exc.exit_code
    try:
        if not is_set_up(ctx):
            from ui.dialogs.first_run import FirstRunDialog

            if FirstRunDialog(ctx, window).exec() != FirstRunDialog.DialogCode.Accepted:
                return 0
        attach(window, ctx)
        theme.follow_system(app)
        keep_startup_objects_out_of_gc()
        return app.exec()
    finally:
        ctx.close()
