"""Runs sync rounds off the GUI thread: on start, every few minutes, and on demand.

One controller per window (kept on the shell); the status segment and the Sync view
listen to its signals, so the button, F5 and the timer all share one running round.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from shiboken6 import isValid

from app.sync import service
from ui.shell import Shell

START_DELAY_MS = 1500
DATA_TOPICS = ("rota", "log", "incidents", "contacts", "photo", "settings")


class SyncController(QObject):
    started = Signal()
    finished = Signal(object)  # the round's result dict
    status_ready = Signal(object)  # service.SyncStatus

    def __init__(self, shell: Shell, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.shell = shell
        self.running = False
        self.last_status: service.SyncStatus | None = None
        self.last_result: dict[str, Any] | None = None
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.sync_now)
        self._started = False

    def start(self) -> None:
        """Background sync: shortly after start, then every interval minutes."""
        if self._started:
            return
        self._started = True
        QTimer.singleShot(START_DELAY_MS, self.sync_now)
        self.reschedule()
        self.refresh_status()

    def reschedule(self) -> None:
        ctx = self.shell.ctx
        self.shell.tasks.run(lambda: service.interval_minutes(ctx), on_done=self._set_interval)

    def _set_interval(self, minutes: int) -> None:
        if isValid(self):
            self.timer.start(int(minutes) * 60_000)

    def sync_now(self) -> None:
        if self.running:
            return
        self.running = True
        self.started.emit()
        ctx = self.shell.ctx
        self.shell.tasks.run(lambda: (service.sync_now(ctx), service.status(ctx)), on_done=self._done, on_error=self._failed)

    def refresh_status(self) -> None:
        ctx = self.shell.ctx
        self.shell.tasks.run(lambda: service.status(ctx), on_done=self._status)

    def _done(self, pair: tuple[dict[str, Any], service.SyncStatus]) -> None:
        if not isValid(self):
            return  # the window closed while the round ran
        result, status = pair
        self.running = False
        self.last_result = result
        self.finished.emit(result)
        self._status(status)
        if result.get("applied"):
            for topic in DATA_TOPICS:
                self.shell.changed(topic)
        self.shell.changed("sync")

    def _failed(self, exc: BaseException) -> None:
        if not isValid(self):
            return
        self.running = False
        self.finished.emit({"state": "problem", "message": f"Sync failed: {exc}", "published": 0, "applied": 0})
        self.refresh_status()

    def _status(self, status: service.SyncStatus) -> None:
        if not isValid(self):
            return
        self.last_status = status
        self.status_ready.emit(status)


def controller_for(shell: Shell, parent: QObject | None = None) -> SyncController:
    """The window's controller; the first caller (the status segment) gives it a parent
    that lives as long as the window."""
    controller = getattr(shell, "_sync_controller", None)
    if controller is None:
        controller = SyncController(shell, parent)
        shell._sync_controller = controller  # type: ignore[attr-defined]
    return controller
