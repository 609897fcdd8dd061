"""Widgets of the incidents feature (running incident, template editor, contacts).

``focus_hub(shell, owner)`` is one small object per window shared by the Today panel
and the Incidents view: it lets the panel ask the view to show an incident (even
before the view exists), and it watches the update timers of every running incident
from the start of the app, so a reminder fires even if the Incidents view was never
opened. The due times come from ``app.incidents.service.timer_states``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from app.db.base import utcnow
from app.incidents import service

CHECK_MS = 5000


class IncidentFocus(QObject):
    requested = Signal(str)
    start_requested = Signal()
    reminder = Signal(str, int)  # incident id, step number: an update is due now
    overdue_changed = Signal(list)  # [(incident id, incident title, step text)], soonest due first

    def __init__(self, shell: object, owner: QObject) -> None:
        super().__init__(owner)
        self.shell = shell
        self.pending: str | None = None
        self.clock: Callable[[], dt.datetime] = utcnow
        self.fired: set[tuple[str, int, str]] = set()
        self.overdue: set[str] = set()
        self.overdue_steps: list[tuple[str, str, str]] = []
        self.running: list[service.IncidentInfo] = []
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        shell.bus.data_changed.connect(self._data_changed)  # type: ignore[attr-defined]
        self.reload()

    def ask(self, incident_id: str) -> None:
        self.pending = incident_id
        self.requested.emit(incident_id)

    def _data_changed(self, topic: str) -> None:
        if topic in ("incidents", "sync"):
            self.reload()

    def reload(self) -> None:
        self.shell.ops.query(parent=self, op=lambda ctx: service.list_incidents(ctx, running_only=True),  # type: ignore[attr-defined]
                             key="running").success(self._loaded).run()

    def _loaded(self, running: list[service.IncidentInfo]) -> None:
        self.running = running
        self.check()

    def check(self) -> None:
        """Fire one reminder per due time: beep, status bar, and the ``reminder`` signal."""
        now = self.clock()
        overdue = set()
        steps: list[tuple[str, str, str]] = []
        for incident in self.running:
            for state in service.timer_states(incident, now):
                if not state.overdue:
                    continue
                overdue.add(incident.id)
                steps.append((incident.id, incident.title, state.text))
                key = (incident.id, state.no, state.due.isoformat())
                if key not in self.fired:
                    self.fired.add(key)
                    QApplication.beep()
                    self.shell.notify(f"⚠ Update due now: {incident.title} — {state.text}", 60_000)  # type: ignore[attr-defined]
                    self.reminder.emit(incident.id, state.no)
        self.overdue = overdue
        if steps != self.overdue_steps:
            self.overdue_steps = steps
            self.overdue_changed.emit(steps)


def focus_hub(shell: object, owner: QObject | None = None) -> IncidentFocus:
    hub = getattr(shell, "incident_focus", None)
    if hub is None:
        if owner is None:
            raise RuntimeError("the first caller of focus_hub must give an owner widget")
        hub = IncidentFocus(shell, owner)
        shell.incident_focus = hub  # type: ignore[attr-defined]
    return hub
