"""Undo and Redo actions for an editor, the same way in every view."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoGroup, QUndoStack
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ui.shell import Shell


def undo_redo_actions(
    widget: QWidget,
    source: QUndoStack | QUndoGroup,
    *,
    redo_keys: Sequence[QKeySequence] | None = None,
) -> tuple[QAction, QAction]:
    """Undo/Redo for ``source``, added to ``widget`` and active while focus is inside it
    (so two editors on screen never undo each other's edits)."""
    undo = source.createUndoAction(widget, "&Undo")
    undo.setShortcuts(QKeySequence.StandardKey.Undo)
    redo = source.createRedoAction(widget, "&Redo")
    if redo_keys is None:
        redo.setShortcuts(QKeySequence.StandardKey.Redo)
    else:
        redo.setShortcuts(list(redo_keys))
    undo.setObjectName("undo")  # the window's Edit menu finds them by name (View.undo_actions)
    redo.setObjectName("redo")
    for action in (undo, redo):
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        widget.addAction(action)
    return undo, redo


def core_undo_stack(shell: Shell) -> QUndoStack:
    """The one stack of core change sets for rota and team changes (``ui/rota/commands.py``):
    Ctrl+Z on the Rota view or the Team page takes back the latest of them, and its text
    names it. Lives as long as the shell (one per window)."""
    stack = getattr(shell, "core_undo_stack", None)
    if stack is None:
        stack = QUndoStack()
        shell.core_undo_stack = stack  # type: ignore[attr-defined]
    return stack
