"""The banner across the top of the window while an incident update is overdue.

It shows in every view (the Incidents view is only one of many places an officer may
be), says which incident and which update, and stays until the update is posted or the
incident closed: the application's incident duty (``ui.incidents.IncidentFocus``)
re-checks after every change. The duty beeps once per due time.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

STYLE = "#overdue-banner { background: #c62828; } #overdue-banner QLabel { color: white; font-weight: bold; }"


class OverdueBanner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overdue-banner")
        self.setStyleSheet(STYLE)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAccessibleName("Overdue incident update")
        self.go = QPushButton("Open incident")
        self.go.setAccessibleName("Open the incident whose update is overdue")
        layout.addWidget(self.text, 1)
        layout.addWidget(self.go)
        self.incident_id = ""
        self.setVisible(False)

    def show_overdue(self, steps: list[tuple[str, str, str]]) -> None:
        if not steps:
            self.incident_id = ""
            self.setVisible(False)
            return
        self.incident_id, title, step = steps[0]
        more = f" (and {len(steps) - 1} more)" if len(steps) > 1 else ""
        self.text.setText(f"⚠ Update overdue: {title} — {step}{more}")
        self.text.setAccessibleDescription(self.text.text())
        self.setVisible(True)
