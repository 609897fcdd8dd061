"""Runs sync rounds as jobs: on start, every few minutes, and on demand.

One controller per window, owned by the application's duties (``ui.duties``); the
status segment and the Sync view listen to its signals, so the button, F5 and the
timer all share one running round. What a round applied is announced like any write
(typed ``Changes`` from the job), so views refresh what changed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from shiboken6 import isValid

from app import worker
from app.sync import engine, service
from ui.ops import Job
from ui.shell import Shell

START_DELAY_MS = 1500
STATUS_EVERY_MS = 60_000  # keeps "synced N min ago" true between rounds


def _round(ctx: Any, control: Any) -> tuple[dict[str, Any], service.SyncStatus] | None:
    """With a share, the round runs in a worker process (decoding and merging a big round
    must not hold this process's GIL); without one there is nothing to do, so no process."""
    if worker.can_run(ctx) and engine.share_root(ctx, None) is not None:
        result = worker.run(ctx, "sync_round", cancel=control)
        if result is None:
            return None  # cancelled: the worker was killed between or inside a chunk, nothing lost
    else:
        result = service.sync_now(ctx)
    return result, service.status(ctx)


class SyncController(QObject):
    started = Signal()
    finished = Signal(object)  # the round's result dict
    status_ready = Signal(object)  # service.SyncStatus

    def __init__(self, shell: Shell, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.shell = shell
        self.running = False
        self.job: Job | None = None
        self.last_status: service.SyncStatus | None = None
        self.last_result: dict[str, Any] | None = None
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.sync_now)
        self.clock = QTimer(self)
        self.clock.timeout.connect(lambda: self.running or self.refresh_status())
        shell.bus.data_changed.connect(self._data_changed)
        self._started = False
        self._again = False

    def start(self) -> None:
        """Background sync: shortly after start, then every interval minutes."""
        if self._started:
            return
        self._started = True
        QTimer.singleShot(START_DELAY_MS, self.sync_now)
        self.clock.start(STATUS_EVERY_MS)
        self.reschedule()
        self.refresh_status()

    def _data_changed(self, topic: str) -> None:
        if topic in ("settings", "sync") and not self.running:
            self.refresh_status()
        if topic == "settings" and self._started:
            self.reschedule()

    def reschedule(self) -> None:
        self.shell.ops.query(parent=self, op=service.interval_minutes, key="interval").success(self._set_interval).run()

    def _set_interval(self, minutes: int) -> None:
        self.timer.start(int(minutes) * 60_000)

    def sync_now(self) -> None:
        if not isValid(self):
            return
        if self.running:  # asked while a round runs (F5 after changing the share): one more after it
            self._again = True
            return
        self._again = False
        self.running = True
        self.started.emit()
        job = self.job = self.shell.jobs.start(parent=self, title="Syncing", work=_round)
        job.finished.connect(self._done)
        job.failed.connect(self._failed)
        job.cancelled.connect(lambda: self._failed("cancelled"))

    def refresh_status(self) -> None:
        self.shell.ops.query(parent=self, op=service.status, key="status").success(self._status).run()

    def _done(self, pair: tuple[dict[str, Any], service.SyncStatus]) -> None:
        result, status = pair
        self.running = False
        self.last_result = result
        self.finished.emit(result)
        self._status(status)
        self.shell.changed("sync")  # the round itself (published, conflicts): the Sync view's own topic
        self._run_again_if_asked()

    def _run_again_if_asked(self) -> None:
        if self._again:
            QTimer.singleShot(0, self.sync_now)

    def _failed(self, message: str) -> None:
        self.running = False
        self.finished.emit({"state": "problem", "message": f"Sync failed: {message}", "published": 0, "applied": 0})
        self.refresh_status()
        if message != "cancelled":
            self._run_again_if_asked()

    def _status(self, status: service.SyncStatus) -> None:
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
