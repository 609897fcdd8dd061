"""The main window: layout and wiring only. Behaviour lives in the views.

It is built in two steps so it paints at once: ``MainWindow()`` is the frame (sidebar,
an "Opening your data" page, status bar) and needs no database; ``attach(shell)``
adds the actions, status segments and views once the data folder is open.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from app import __version__, worker
from ui.action_registry import ActionRegistry
from ui.actions import COMMAND_ACTIONS, ActionSpec, view_actions
from ui.duties import Duties
from ui.navigation import NavigationList
from ui.overdue_banner import OverdueBanner
from ui.plugins import discover
from ui.shell import Shell
from ui.views.base import View
from ui.views.registry import spec_for

GEOMETRY_KEY = "window_geometry"


class MainWindow(QMainWindow):
    def __init__(self, shell: Shell | None = None) -> None:
        super().__init__()
        self.shell: Shell = None  # type: ignore[assignment] - set by attach()
        self.setWindowTitle("Duty Desk")
        self.setMinimumSize(960, 600)
        self.views: dict[str, View] = {}
        self.actions_by_id: dict[str, QAction] = {}
        self.navigation = NavigationList()
        self.stack = QStackedWidget()
        self.stack.setAccessibleName("Current view")
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.overdue_banner = OverdueBanner()
        column.addWidget(self.overdue_banner)
        layout = QHBoxLayout()
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        column.addLayout(layout, 1)
        self.setCentralWidget(central)
        self.setStatusBar(QStatusBar())
        self.statusBar().setAccessibleName("Status bar")
        self.opening = QLabel("Opening your data…")
        self.opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.opening.setProperty("role", "muted")
        self.stack.addWidget(self.opening)
        self.navigation.setEnabled(False)
        self.resize(1280, 800)
        if shell is not None:
            self.attach(shell)

    def attach(self, shell: Shell) -> None:
        """Bring the window to life over an open data folder."""
        self.shell = shell
        shell.attach_to(self)  # results for a destroyed window are dropped
        self.duties = Duties(shell, self)
        self.duties.incidents.overdue_changed.connect(self.overdue_banner.show_overdue)
        self.overdue_banner.go.clicked.connect(self._open_overdue)
        self._build_status_bar()
        self._build_actions()
        self.navigation.view_chosen.connect(self.show_view)
        shell.bus.navigate.connect(self.show_view)
        shell.bus.status_message.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        self._restore_geometry()
        self.navigation.setEnabled(True)
        self.show_view("today")
        self.duties.start()
        self.stack.removeWidget(self.opening)
        self.opening.deleteLater()
        if os.environ.get("DUTYDESK_REPORT_FIRST_PAINT"):
            print(f"ready {time.time():.6f}", file=sys.stderr, flush=True)

    def _open_overdue(self) -> None:
        if self.overdue_banner.incident_id:
            self.show_view("incidents")
            self.duties.incidents.ask(self.overdue_banner.incident_id)

    # --- views -------------------------------------------------------------
    def view(self, key: str) -> View:
        """The view for ``key``, created on first use (keeps start-up fast)."""
        if key not in self.views:
            view = spec_for(key).create(self.shell)
            view.setObjectName(f"view-{key}")
            self.views[key] = view
            self.stack.addWidget(view)
        return self.views[key]

    def show_view(self, key: str) -> View:
        view = self.view(key)
        self.stack.setCurrentWidget(view)
        self.navigation.select_key(key)
        self.setWindowTitle(f"{spec_for(key).title} — Duty Desk")
        view.activated()
        self._fill_edit_menu(view)
        focus = view.first_focus()
        if focus is not None:
            focus.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return view

    @property
    def current_key(self) -> str:
        current = self.stack.currentWidget()
        return next((k for k, v in self.views.items() if v is current), "")

    def _fill_edit_menu(self, view: View) -> None:
        """Undo/Redo of the shown view; their text names the change ("Undo swap: …")."""
        if not hasattr(self, "edit_menu"):
            return
        for old in self.edit_menu.actions():  # removeAction, not clear(): the views own these actions
            self.edit_menu.removeAction(old)
        actions = view.undo_actions()
        for action in actions:
            self.edit_menu.addAction(action)
        self.edit_menu.menuAction().setVisible(bool(actions))

    # --- actions -----------------------------------------------------------
    def _build_actions(self) -> None:
        menus: dict[str, object] = {}
        for name in ("File", "Edit", "Go", "Duty", "Help"):
            menus[name] = self.menuBar().addMenu(f"&{name}")
        self.edit_menu = menus["Edit"]
        self.edit_menu.menuAction().setVisible(False)  # shown for views that can undo
        self.registry = ActionRegistry(self, context=Qt.ShortcutContext.ApplicationShortcut)
        for spec in [*view_actions(), *COMMAND_ACTIONS]:
            action = self.registry.add(spec.id, spec.text, spec.shortcut,
                                      lambda _checked=False, s=spec: self._trigger(s))
            self.actions_by_id[spec.id] = action
            menus[spec.menu].addAction(action)  # type: ignore[attr-defined]

    def _trigger(self, spec: ActionSpec) -> None:
        if spec.id == "quit":
            self.close()
        elif spec.id == "about":
            self.show_about()
        elif spec.id == "focus_navigation":
            self.navigation.setFocus(Qt.FocusReason.ShortcutFocusReason)
        elif spec.view is not None:
            view = self.show_view(spec.view) if spec.switch_view else self.view(spec.view)
            handler = getattr(view, "handle_action", None)
            if callable(handler) and not spec.id.startswith("go_"):
                handler(spec.id)

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About Duty Desk",
            f"<h3>Duty Desk {__version__}</h3>"
            "<p>Rota, shift log, incident checklists and media tools for communications "
            "officers on out-of-hours duty.</p>"
            f"<p>Data folder: <code>{self.shell.ctx.data_dir}</code><br>"
            f"Device: <code>{self.shell.ctx.device_id}</code></p>"
            f"<p>Python {sys.version.split()[0]}. Bundled font: DejaVu Sans (free licence).</p>",
        )

    # --- status bar --------------------------------------------------------
    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.status_segments = []
        for module in discover("ui.status"):
            segment = module.create_segment(self.shell)
            self.status_segments.append(segment)
            bar.addPermanentWidget(segment)

    # --- lifecycle ---------------------------------------------------------
    def _restore_geometry(self) -> None:
        from app.settings import device

        self.resize(1280, 800)
        self.shell.ops.query(parent=self, op=lambda ctx: device.get(ctx, GEOMETRY_KEY)).success(self._set_geometry).run()

    def _set_geometry(self, saved: str | None) -> None:
        if saved:
            self.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii")))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt name
        if self.shell is None:  # closed while still opening: nothing typed yet
            event.accept()
            return
        from app.settings import device

        for view in self.views.values():
            view.save_state()
        self.shell.run_quit_hooks()
        geometry = bytes(self.saveGeometry().toBase64()).decode("ascii")
        self.shell.ops.write(parent=None, op=lambda ctx: device.set_many(ctx, {GEOMETRY_KEY: geometry})).run()
        self.shell.jobs.cancel_all()  # a burn removes its partial file; a sync round stops between steps
        self.shell.wait(10_000)  # drafts and geometry are on disk before the window goes
        worker.stop_all()  # a worker process still running (cancel kills it; this is the backstop)
        event.accept()


class FirstPaintReporter(QObject):
    """For ``make bench``: print wall-clock time of the window's first paint, then maybe quit."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._done = False
        window.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
        if not self._done and event.type() == QEvent.Type.Paint:
            self._done = True
            print(f"first-paint {time.time():.6f}", file=sys.stderr, flush=True)
            if os.environ.get("DUTYDESK_QUIT_AFTER_PAINT"):
                QTimer.singleShot(int(os.environ.get("DUTYDESK_QUIT_AFTER_PAINT", "0")), obj.close)  # type: ignore[attr-defined]
        return False
