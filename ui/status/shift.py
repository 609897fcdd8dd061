"""Status bar: whether a shift is running and since when, and the welfare check-in.

It also watches the check-in clock: when a check-in is missed it records the miss in
the log (once) and shows the team's escalation instructions in a window that stays
until the officer closes it (the app cannot phone anyone).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from app.shiftlog import reports, service, welfare
from app.shiftlog.welfare import CheckinStatus
from ui.log import if_alive
from ui.shell import Shell

ORDER = 10
POLL_MS = 15_000


def _read(shell: Shell) -> tuple[service.ShiftInfo | None, CheckinStatus, bool]:
    ctx = shell.ctx
    shift = service.current_shift(ctx)
    recorded = welfare.record_missed(ctx) is not None
    return shift, welfare.status(ctx), recorded


class ShiftSegment(QLabel):
    def __init__(self, shell: Shell) -> None:
        super().__init__("No shift running")
        self.shell = shell
        self.setObjectName("status-shift")
        self.setAccessibleName("Shift: no shift running")
        self.alert: QMessageBox | None = None
        self._busy = False
        self._again = False
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()
        shell.bus.data_changed.connect(lambda topic: topic in ("log", "settings", "sync") and self.poll())
        self.poll()

    def poll(self) -> None:
        if self._busy:
            self._again = True
            return
        self._busy = True
        self._again = False
        self.shell.tasks.run(lambda: _read(self.shell), on_done=if_alive(self, self._show),
                             on_error=if_alive(self, self._failed))

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.setText("Shift: unknown")

    def _show(self, result: tuple[service.ShiftInfo | None, CheckinStatus, bool]) -> None:
        self._busy = False
        shift, check, recorded = result
        if self._again:
            self.poll()  # something changed while reading: read again, show that
        if shift is None:
            text = "No shift running"
        else:
            text = f"Shift since {reports.local(shift.started_at, '%H:%M')}"
            if check.state == "ok" and check.due_at:
                text += f" · check-in {reports.local(check.due_at, '%H:%M')}"
            elif check.state == "due":
                text += " · CHECK-IN DUE"
            elif check.state == "missed":
                text += " · CHECK-IN MISSED"
        self.setText(text)
        self.setAccessibleName(f"Shift: {text}")
        self.setStyleSheet("color: #c62828; font-weight: bold;" if check.state in ("due", "missed") else "")
        if recorded:
            self._show_alert(check)
            self.shell.changed("log")

    def _show_alert(self, check: CheckinStatus) -> None:
        contact = f"\n\nContact: {check.settings.contact}" if check.settings.contact else ""
        due = reports.local(check.due_at, "%H:%M")
        box = QMessageBox(QMessageBox.Icon.Warning, "Missed welfare check-in",
                          f"Your welfare check-in was due at {due} and was missed. This has been recorded in the log."
                          f"\n\n{check.settings.escalation}{contact}", QMessageBox.StandardButton.Ok, self.window())
        box.setModal(False)
        box.setObjectName("missed-checkin-alert")
        box.show()
        self.alert = box
        self.shell.notify("Missed welfare check-in recorded.", 15_000)


def create_segment(shell: Shell) -> QWidget:
    return ShiftSegment(shell)
