"""Widgets of the incidents feature (running incident, template editor, contacts).

``focus_hub(shell)`` lets another screen (the Today panel) ask the incidents view to
show one incident, even before that view has been created (one hub per window).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class IncidentFocus(QObject):
    requested = Signal(str)
    start_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.pending: str | None = None

    def ask(self, incident_id: str) -> None:
        self.pending = incident_id
        self.requested.emit(incident_id)


def focus_hub(shell: object) -> IncidentFocus:
    hub = getattr(shell, "incident_focus", None)
    if hub is None:
        hub = IncidentFocus()
        shell.incident_focus = hub  # type: ignore[attr-defined]
    return hub
