"""Walking a dialog's layouts leaves no stale layout-item wrapper behind.

PySide keeps each ``QLayout.itemAt`` wrapper alive as a child of its layout, while Qt
deletes the item itself when the layout drops it. A wrapper left registered for that
freed address is handed back for the next Qt object made there (seen in CI as the
main window's new ``QMenu`` coming back as a ``QWidgetItem``; a segfault when a method
of the wrong type runs instead).
"""

from __future__ import annotations

import gc

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLayoutItem, QLineEdit, QVBoxLayout

from ui.dialog_focus import laid_out_fields, settle_focus


def _registered_items() -> set[int]:
    """Plain layout-item wrappers (not layouts) Python still maps to a C++ address."""
    return {id(o) for o in gc.get_objects()
            if isinstance(o, QLayoutItem) and not isinstance(o, QObject) and shiboken6.isValid(o)}


def test_walking_a_dialog_keeps_no_item_wrapper_registered(qtbot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    layout = QVBoxLayout(dialog)
    form = QFormLayout()
    name, note = QLineEdit(), QLineEdit()
    form.addRow("&Name", name)
    layout.addLayout(form)
    layout.addWidget(note)
    layout.addStretch()
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    layout.addWidget(box)
    before = _registered_items()

    fields, buttons = laid_out_fields(dialog)
    settle_focus(dialog)

    assert fields == [name, note] and set(buttons) == set(box.buttons())
    assert _registered_items() - before == set()
