"""The action registry: one declaration gives the key, the tooltip and the button label."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.action_registry import ActionRegistry


def test_button_and_tooltip_come_from_the_action_and_standard_keys_win(qtbot):  # type: ignore[no-untyped-def]
    scope = QWidget()
    qtbot.addWidget(scope)
    registry = ActionRegistry(scope)
    fired: list[str] = []
    action = registry.add("add", "&Add shift…", QKeySequence.StandardKey.New, lambda: fired.append("add"),
                          tip="Add a single shift")
    assert action.shortcuts() == QKeySequence.keyBindings(QKeySequence.StandardKey.New)
    assert action.toolTip().startswith("Add a single shift (") and action.objectName() == "add"
    button = registry.button("add")
    assert button.text() == "Add shift…" and button.accessibleName() == "Add shift"
    QVBoxLayout(scope).addWidget(button)
    scope.show()
    qtbot.waitExposed(scope)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    action.setEnabled(False)
    assert fired == ["add"] and not button.isEnabled()
    with pytest.raises(ValueError, match="declared twice"):
        registry.add("add", "Again", None, lambda: None)
    assert registry.ids() == ["add"] and list(registry) == [action]
