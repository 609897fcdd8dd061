"""First start: who are you, and (optionally) where is the team's shared drive."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.errors import DutyDeskError
from app.setup import setup
from ui.dialog_focus import settle_focus


class FirstRunDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Welcome to Duty Desk")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "<b>Welcome.</b> Tell Duty Desk who you are: your name goes on every log entry "
            "and rota change you make. You can change both later in Settings."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.officer = QLineEdit()
        self.officer.setAccessibleName("Your name")
        self.officer.setPlaceholderText("e.g. Sam Patel")
        self.share = QLineEdit()
        self.share.setAccessibleName("Team shared-drive folder (optional)")
        self.share.setPlaceholderText("optional: the team's shared-drive folder")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row_widget = QWidget()
        row = QHBoxLayout(row_widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.share, 1)
        row.addWidget(browse)
        form.addRow("Your &name:", self.officer)
        form.addRow("Shared &drive:", row_widget)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        settle_focus(self, self.officer)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Choose the team's shared-drive folder")
        if folder:
            self.share.setText(folder)

    def accept(self) -> None:
        try:
            setup(self.ctx, officer=self.officer.text(), share=self.share.text().strip() or None)
        except DutyDeskError as exc:
            self.error.setText(str(exc))
            return
        super().accept()
