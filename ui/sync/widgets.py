"""Pieces of the Sync view: the state banner and the side-by-side conflict panel."""

from __future__ import annotations

import html
import json
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from app.sync.service import ConflictInfo


def show_value(value: Any) -> str:
    if value is None:
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, (str, int, float)) for item in value):
        return "\n".join(str(item) for item in value) or "(empty)"  # one phone number a line
    return json.dumps(value, ensure_ascii=False, indent=1)


class ConflictPanel(QWidget):
    """Both values side by side, and a button under each to keep it."""

    keep = Signal(int, str)  # conflict id, "local" | "remote"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflict: ConflictInfo | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.caption = QLabel("Choose a conflict above to compare both values.")
        self.caption.setWordWrap(True)
        layout.addWidget(self.caption)
        grid = QGridLayout()
        layout.addLayout(grid)
        self.local_box, self.local_text, self.keep_local = self._side("This laptop's value", "Keep &this laptop's value", "local")
        self.remote_box, self.remote_text, self.keep_remote = self._side("The other laptop's value", "Keep the &other value", "remote")
        grid.addWidget(self.local_box, 0, 0)
        grid.addWidget(self.remote_box, 0, 1)
        self.show_conflict(None)

    def _side(self, title: str, button_text: str, which: str) -> tuple[QGroupBox, QPlainTextEdit, QPushButton]:
        box = QGroupBox(title)
        inner = QVBoxLayout(box)
        text = QPlainTextEdit()
        text.setReadOnly(True)
        text.setAccessibleName(title)
        text.setMaximumHeight(110)
        button = QPushButton(button_text)
        button.setAccessibleName(button_text.replace("&", ""))
        button.clicked.connect(lambda: self.conflict and self.keep.emit(self.conflict.id, which))
        inner.addWidget(text)
        inner.addWidget(button)
        return box, text, button

    def show_conflict(self, conflict: ConflictInfo | None) -> None:
        self.conflict = conflict
        for widget in (self.keep_local, self.keep_remote):
            widget.setEnabled(conflict is not None)
        if conflict is None:
            self.caption.setText("Choose a conflict above to compare both values.")
            self.local_text.setPlainText("")
            self.remote_text.setPlainText("")
            return
        applied = "this laptop's" if conflict.winner == "local" else "the other"
        self.caption.setText(
            f"{html.escape(conflict.text or conflict.record)}<br><i>Every laptop shows {applied} version until "
            "someone chooses; the choice syncs to the whole team.</i>"
        )
        mine = f"{conflict.local_officer}'s version (this laptop)" if conflict.local_officer else "This laptop's version"
        self.local_box.setTitle(mine + (" (applied)" if conflict.winner == "local" else ""))
        who = conflict.remote_officer or "another officer"
        self.remote_box.setTitle(f"{who}'s version" + (" (applied)" if conflict.winner == "remote" else ""))
        self.local_text.setPlainText(_side_text(conflict.local_value, conflict.local_words))
        self.remote_text.setPlainText(_side_text(conflict.remote_value, conflict.remote_words))


def _side_text(value: Any, words: str) -> str:
    """A group of fields reads as words ("Thu 3 Dec 16:00–22:00"); one value as itself."""
    return words if isinstance(value, dict) and words else show_value(value)
