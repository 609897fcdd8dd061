"""Form fields built one way everywhere: every line edit is named for screen readers, and a
folder field is a line edit with a Browse… button that picks a folder into it."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QWidget


def named_edit(name: str, placeholder: str = "") -> QLineEdit:
    """A line edit with its accessible name and (optional) placeholder."""
    edit = QLineEdit()
    edit.setAccessibleName(name)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def folder_row(edit: QLineEdit, *, title: str, button_text: str = "Browse…") -> tuple[QWidget, QPushButton]:
    """``edit`` and a Browse… button in one row; the button asks for a folder (starting at the
    one typed) and puts the answer in ``edit``. Returns the row and the button."""
    browse = QPushButton(button_text)
    browse.clicked.connect(lambda: choose_folder(edit, title))
    row_widget = QWidget()
    row = QHBoxLayout(row_widget)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(edit, 1)
    row.addWidget(browse)
    return row_widget, browse


def choose_folder(edit: QLineEdit, title: str) -> None:
    folder = QFileDialog.getExistingDirectory(edit.window(), title, edit.text())
    if folder:
        edit.setText(folder)
