"""Status bar: the sync state (synced / offline with changes waiting / syncing / conflicts /
problem), and the background sync that keeps it current."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QWidget

from app.sync.service import SyncStatus
from ui.shell import Shell
from ui.sync.controller import controller_for

ORDER = 20

COLOURS = {"synced": "#2e7d32", "offline": "#8a6d00", "syncing": "#1565c0", "conflicts": "#c75000", "problem": "#c62828"}
WORDS = {"synced": "Synced", "offline": "Offline", "syncing": "Syncing", "conflicts": "Conflicts", "problem": "Sync problem"}


def segment_text(state: str, status: SyncStatus | None) -> str:
    if state == "syncing":
        return "Syncing…"
    if status is None:
        return "Sync: checking…"
    if state == "synced":
        return status.message.split(";")[0].rstrip(".")
    if state == "offline":
        if status.share is None:
            return f"Local only: {status.pending} change{'s' if status.pending != 1 else ''} waiting"
        return f"Offline: working locally, {status.pending} change{'s' if status.pending != 1 else ''} waiting"
    if state == "conflicts":
        return f"{status.conflicts} conflict{'s' if status.conflicts != 1 else ''} to resolve"
    short = status.message if len(status.message) <= 70 else status.message[:67].rsplit(" ", 1)[0] + "…"
    return f"Sync problem: {short}"


class SyncSegment(QLabel):
    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self.shell = shell
        self.setObjectName("status-sync")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.state = "checking"
        self.controller = controller_for(shell, self)
        self.controller.started.connect(self._on_started)
        self.controller.status_ready.connect(self._on_status)
        self.show_state("checking", None)
        if self.controller.last_status is not None:
            self.show_state(self.controller.last_status.state, self.controller.last_status)

    def show_state(self, state: str, status: SyncStatus | None) -> None:
        self.state = state
        text = segment_text(state, status)
        colour = COLOURS.get(state, "#666666")
        self.setText(f'<span style="color:{colour}">●</span> {text}')
        self.setToolTip(status.message + "\nClick to open Sync; F5 syncs now." if status else "Sync")
        self.setAccessibleName(f"Sync state: {text}")

    def _on_started(self) -> None:
        self.show_state("syncing", self.controller.last_status)

    def _on_status(self, status: SyncStatus) -> None:
        self.show_state(status.state, status)

    def plain_text(self) -> str:
        return segment_text(self.state, self.controller.last_status)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        self.shell.bus.navigate.emit("sync")
        super().mousePressEvent(event)


def create_segment(shell: Shell) -> QWidget:
    return SyncSegment(shell)
