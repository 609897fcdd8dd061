"""The base of every main view, and the empty state shown until a feature lands."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.shell import Shell


class View(QWidget):
    """A page in the main window's stack.

    ``activated`` runs when the user switches to it (refresh cheaply there);
    ``save_state`` runs before quitting and must keep anything typed.
    """

    title = ""

    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shell = shell

    def activated(self) -> None:
        """Called each time the view is shown."""

    def save_state(self) -> None:
        """Called before the app quits; keep typed work."""

    def first_focus(self) -> QWidget | None:
        """The widget that should get keyboard focus when the view opens."""
        return None

    def undo_actions(self) -> list[QAction]:
        """This view's Undo and Redo (made by ``ui.undo``), shown in the window's Edit menu."""
        return [a for a in self.findChildren(QAction) if a.objectName() in ("undo", "redo")][:2]


def heading(text: str, role: str = "heading") -> QLabel:
    label = QLabel(text)
    label.setProperty("role", role)
    label.setAccessibleName(text)
    return label


class EmptyStateView(View):
    """Says plainly what this view will do, until its feature is built."""

    def __init__(self, shell: Shell, *, title: str, coming: str, parent: QWidget | None = None) -> None:
        super().__init__(shell, parent)
        self.title = title
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        name = heading(title, "empty-title")
        name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(coming)
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setProperty("role", "muted")
        text.setMaximumWidth(520)
        layout.addWidget(name)
        layout.addWidget(text, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.setAccessibleName(f"{title} (coming soon)")
