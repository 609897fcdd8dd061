"""Status bar: whether a shift is running and since when, and the welfare check-in.

It only shows what the application's welfare duty (``ui.duties``) reports; the duty
records a missed check-in and raises the escalation window, whether or not this
segment is visible.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from app.shiftlog import reports, service
from app.shiftlog.welfare import CheckinStatus
from ui.duties import duties_of
from ui.shell import Shell

ORDER = 10


class ShiftSegment(QLabel):
    def __init__(self, shell: Shell) -> None:
        super().__init__("No shift running")
        self.shell = shell
        self.setObjectName("status-shift")
        self.setAccessibleName("Shift: no shift running")
        duties = duties_of(shell)
        if duties is not None:
            duties.welfare_checked.connect(self.show_state)

    def show_state(self, shift: service.ShiftInfo | None, check: CheckinStatus) -> None:
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


def create_segment(shell: Shell) -> QWidget:
    return ShiftSegment(shell)
