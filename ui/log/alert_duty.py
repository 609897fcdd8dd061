"""The window's own alert timer: every minute, deliver the lone-worker alerts that are
due (the same outbox as ``dutydesk alerts run``, so nothing is sent twice), off the GUI
thread. A failure is said plainly: nobody has been told. A failed duress alert is kept
quiet on screen (it is retried and logged discreetly), so the screen gives nothing away."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from app.alerts import outbox
from ui.shell import Shell

INTERVAL_MS = 60_000


class AlertDuty(QObject):
    reported = Signal(object)  # outbox.RunReport

    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self.shell = shell
        self.last: outbox.RunReport | None = None
        self._busy = False
        self._again = False
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.run)
        self.timer.start()
        QTimer.singleShot(0, self.run)

    def run(self) -> None:
        if self._busy:
            self._again = True  # asked while a run is out: run once more when it is back
            return
        self._busy = True
        self._again = False
        self.shell.ops.write(parent=self, op=lambda ctx: outbox.run(ctx)).success(self._done).failure(self._failed).run()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.shell.notify(f"Could not check the lone-worker alerts: {exc}", 30_000)
        self._next()

    def _done(self, report: outbox.RunReport) -> None:
        self._busy = False
        self.show(report)
        self._next()

    def _next(self) -> None:
        if self._again:
            self.run()

    def show(self, report: outbox.RunReport) -> None:
        """Also used for what a check-in delivered (all-clear)."""
        self.last = report
        self.reported.emit(report)
        visible = [f for f in report.failed if f["kind"] != "duress"]
        if visible:
            self.shell.notify(plain_failure(visible), 60_000)


def plain_failure(failed: list[dict[str, object]]) -> str:
    first = failed[0]
    what = "The all-clear" if first["kind"] == "allclear" else "The alert e-mail"
    return f"{what} was NOT sent: {first['error']} {outbox.NOBODY_TOLD} Phone your contact yourself."


def duty_for(shell: Shell) -> AlertDuty:
    """One duty per window, however many shift bars show it."""
    duty = getattr(shell, "_alert_duty", None)
    if duty is None:
        duty = AlertDuty(shell)
        shell._alert_duty = duty  # type: ignore[attr-defined]
    return duty
