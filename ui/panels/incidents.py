"""Today panel: running incidents first, each with its next step and next update due."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.db.base import utcnow
from app.incidents import service
from ui.incidents import focus_hub
from ui.incidents.models import clock, elapsed_text
from ui.shell import Shell

ORDER = 10


class RunningIncidentsPanel(QFrame):
    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self.shell = shell
        self.setProperty("role", "card")
        self.setObjectName("panel-incidents")
        self.setAccessibleName("Running incidents")
        self.layout_ = QVBoxLayout(self)
        head = QHBoxLayout()
        self.heading = QLabel("Running incidents")
        self.heading.setProperty("role", "subheading")
        head.addWidget(self.heading, 1)
        self.start_button = QPushButton("▶ Start incident (Ctrl+Shift+I)")
        self.start_button.setAccessibleName("Start incident")
        self.start_button.setProperty("role", "danger")
        self.start_button.clicked.connect(self._start)
        head.addWidget(self.start_button)
        self.layout_.addLayout(head)
        self.rows = QVBoxLayout()
        self.layout_.addLayout(self.rows)
        self.buttons: list[QPushButton] = []
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.timer.start(15_000)
        shell.bus.data_changed.connect(lambda topic: topic in ("incidents", "sync") and self.refresh())
        hub = focus_hub(shell, self)  # starts watching update timers as the app opens
        hub.reminder.connect(lambda _iid, _no: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        self.shell.ops.query(parent=self, op=lambda ctx: service.list_incidents(ctx, running_only=True),
                             key="running").success(self._show).run()

    def _show(self, running: list[service.IncidentInfo]) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.buttons = []
        self.heading.setText(f"Running incidents ({len(running)})" if running else "No incident running")
        now = utcnow()
        for incident in running:
            current = incident.current_step
            due = incident.next_update_due()
            parts = [f"<b>{incident.title}</b> — {elapsed_text(incident.elapsed(now))} since start"]
            parts.append(f"Next: step {current.no} · {current.text}" if current else "All steps dealt with: close it with a summary")
            if due is not None:
                parts.append(("<b style='color:#c0392b'>UPDATE OVERDUE</b> since " if due <= now else "Next update due ") + clock(due))
            button = QPushButton("Open")
            button.setAccessibleName(f"Open incident {incident.title}")
            button.clicked.connect(lambda _c=False, iid=incident.id: self._open(iid))
            label = QLabel("<br/>".join(parts))
            label.setWordWrap(True)
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 4, 0, 4)
            line.addWidget(label, 1)
            line.addWidget(button)
            self.rows.addWidget(row)
            self.buttons.append(button)

    def _open(self, incident_id: str) -> None:
        focus_hub(self.shell).ask(incident_id)
        self.shell.bus.navigate.emit("incidents")

    def _start(self) -> None:
        self.shell.bus.navigate.emit("incidents")  # creates the view if needed
        focus_hub(self.shell).start_requested.emit()

    def first_focus(self) -> QWidget | None:
        return self.buttons[0] if self.buttons else None


def create_panel(shell: Shell) -> QWidget:
    return RunningIncidentsPanel(shell)
