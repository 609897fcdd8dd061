"""Project autosave: a moment after the last change, and at once when asked (quit, burn).

Handed the ops and a function that says what to save, so it is tested without a
window; the save is a write op (never on the GUI thread), a refusal comes back as one
plain line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.subtitles import projects
from ui.ops import Ops
from ui.ops.failures import plain_message

# () -> (project id, save_project keyword values), or None when no project is open
Snapshot = Callable[[], "tuple[str, dict[str, Any]] | None"]


class ProjectAutosave(QObject):
    saved = Signal(object)  # what save_project returned
    failed = Signal(str)

    def __init__(self, ops: Ops, snapshot: Snapshot, delay_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ops, self.snapshot = ops, snapshot
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.save_now)

    def start(self) -> None:
        """Save ``delay_ms`` after the last call (typing restarts the wait)."""
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def isActive(self) -> bool:  # noqa: N802 - reads like the QTimer it replaces
        return self.timer.isActive()

    def save_now(self) -> None:
        self.timer.stop()
        wanted = self.snapshot()
        if wanted is None:
            return
        project_id, values = wanted
        self.ops.write(parent=self, op=lambda ctx: projects.save_project(ctx, project_id, **values)).success(
            self.saved.emit).failure(lambda exc: self.failed.emit(f"Could not save the project: {plain_message(exc)}")).run()
