"""Background duties of the application: the timers that do work, in one place.

The main window starts one ``Duties`` when the data folder is open. It owns:
- sync rounds (the ``SyncController``: on start, every few minutes, F5);
- the welfare clock: every ``WELFARE_POLL_MS`` a write op records a missed check-in in
  the log (once) and the officer gets a window with the team's escalation steps;
- lone-worker alerts (``ui.log.alert_duty``): every minute a write op e-mails the alerts
  that are due from the outbox (the same as ``dutydesk alerts run``; never twice);
- incident update reminders (the ``IncidentFocus`` hub): an overdue update raises the
  banner across the top of the window (``ui.overdue_banner``) in every view, with a beep.
Status-bar segments and views only show what these report; closing a view or hiding
the status bar stops nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.shiftlog import reports, service, welfare
from app.shiftlog.welfare import CheckinStatus
from ui.incidents import IncidentFocus, focus_hub
from ui.log.alert_duty import AlertDuty, duty_for
from ui.shell import Shell
from ui.sync.controller import SyncController, controller_for

if TYPE_CHECKING:
    from app.context import AppContext

WELFARE_POLL_MS = 15_000


def watch_welfare(ctx: AppContext) -> tuple[service.ShiftInfo | None, CheckinStatus, bool]:
    """On the writer thread: the running shift, its check-in state, and whether a miss
    was recorded just now."""
    shift = service.current_shift(ctx)
    recorded = welfare.record_missed(ctx) is not None
    return shift, welfare.status(ctx), recorded


class Duties(QObject):
    welfare_checked = Signal(object, object)  # ShiftInfo | None, CheckinStatus

    def __init__(self, shell: Shell, window: QWidget) -> None:
        super().__init__(window)
        self.shell = shell
        self.window = window
        self.alert: QMessageBox | None = None
        self.sync: SyncController = controller_for(shell, self)
        self.incidents: IncidentFocus = focus_hub(shell, self)
        self.alerts: AlertDuty = duty_for(shell)
        self.welfare_timer = QTimer(self)
        self.welfare_timer.setInterval(WELFARE_POLL_MS)
        self.welfare_timer.timeout.connect(self.check_welfare)
        shell.bus.data_changed.connect(self._data_changed)
        shell.duties = self  # type: ignore[attr-defined]

    def start(self) -> None:
        self.sync.start()
        self.welfare_timer.start()
        self.check_welfare()

    def _data_changed(self, topic: str) -> None:
        if topic in ("log", "settings", "sync"):
            self.check_welfare()

    def check_welfare(self) -> None:
        # no stale-dropping: the answer that recorded a miss must raise the alert; writes
        # answer in the order asked, so the newest state is shown last
        self.shell.ops.write(parent=self, op=watch_welfare).success(self._welfare).failure(
            lambda exc: None).run()  # the next tick tries again; the segment keeps its text

    def _welfare(self, result: tuple[service.ShiftInfo | None, CheckinStatus, bool]) -> None:
        shift, check, recorded = result
        self.welfare_checked.emit(shift, check)
        if recorded:
            self._show_missed(check)

    def _show_missed(self, check: CheckinStatus) -> None:
        contact = f"\n\nContact: {check.settings.contact}" if check.settings.contact else ""
        due = reports.local(check.due_at, "%H:%M")
        box = QMessageBox(QMessageBox.Icon.Warning, "Missed welfare check-in",
                          f"Your welfare check-in was due at {due} and was missed. This has been recorded in the log."
                          f"\n\n{check.settings.escalation}{contact}", QMessageBox.StandardButton.Ok, self.window)
        box.setModal(False)
        box.setObjectName("missed-checkin-alert")
        box.show()
        self.alert = box
        self.shell.notify("Missed welfare check-in recorded.", 15_000)


def duties_of(shell: Shell) -> Duties | None:
    return getattr(shell, "duties", None)
