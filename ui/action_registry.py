"""One registry of actions per scope (the window, or one view), like Picard's
``picard/ui/mainwindow/actions.py``.

Each action has an id, a label with its mnemonic, and keys: a ``QKeySequence.StandardKey``
where the platform has one (New, Open, Delete, Print, Undo...), else a fixed key. The
tooltip and the label of any button showing the action are generated from it, so a key
or a label is changed in one place. ``ui.keymap`` and the key tests check that no two
actions in one window share a key or a mnemonic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton, QToolButton, QWidget

Keys = QKeySequence | QKeySequence.StandardKey | str | Sequence[str] | None


def key_list(keys: Keys) -> list[QKeySequence]:
    if keys is None:
        return []
    if isinstance(keys, QKeySequence.StandardKey):
        return QKeySequence.keyBindings(keys)
    if isinstance(keys, (str, QKeySequence)):
        return [QKeySequence(keys)]
    return [QKeySequence(k) for k in keys]


def plain_label(text: str) -> str:
    """The label without its mnemonic marker (``&&`` stays a literal ampersand)."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


class ActionRegistry:
    """The actions of one scope. Window scope: ``context=ApplicationShortcut``; a view's:
    the default, active while focus is inside the view (two views never fight over a key)."""

    def __init__(self, scope: QWidget, *,
                 context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut) -> None:
        self.scope = scope
        self.context = context
        self._actions: dict[str, QAction] = {}

    def add(self, action_id: str, text: str, keys: Keys, slot: Callable[..., Any], *, tip: str = "",
            checkable: bool = False) -> QAction:
        if action_id in self._actions:
            raise ValueError(f"Action {action_id!r} is declared twice in {type(self.scope).__name__}")
        action = QAction(text, self.scope)
        action.setObjectName(action_id)
        action.setShortcuts(key_list(keys))
        action.setShortcutContext(self.context)
        action.setCheckable(checkable)
        action.setToolTip(self.tooltip(text, tip, action))
        action.triggered.connect(slot)
        self.scope.addAction(action)
        self._actions[action_id] = action
        return action

    @staticmethod
    def tooltip(text: str, tip: str, action: QAction) -> str:
        shown = tip or plain_label(text).rstrip("…")
        if action.shortcut().isEmpty():
            return shown
        return f"{shown} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"

    def __getitem__(self, action_id: str) -> QAction:
        return self._actions[action_id]

    def __iter__(self) -> Iterator[QAction]:
        return iter(self._actions.values())

    def ids(self) -> list[str]:
        return list(self._actions)

    def button(self, action_id: str, *, mnemonic: bool = False) -> QPushButton:
        """A push button for the action, labelled from it (without its mnemonic unless asked:
        a view's buttons share the window with the menu bar's Alt keys)."""
        action = self[action_id]
        text = action.text() if mnemonic else plain_label(action.text()).replace("&", "&&")
        button = QPushButton(text)
        button.setAccessibleName(plain_label(action.text()).rstrip("…"))
        button.setToolTip(action.toolTip())
        button.clicked.connect(action.trigger)
        button.setEnabled(action.isEnabled())
        action.enabledChanged.connect(button.setEnabled)
        return button

    def tool_button(self, action_id: str, name: str) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(self[action_id])
        button.setAccessibleName(name)
        return button
