"""Dialogs of the shift log: amend an entry, end the shift with a handover."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel

from app.errors import DutyDeskError
from app.shiftlog import service
from app.shiftlog.reports import entry_flags
from app.shiftlog.service import EntryInfo
from ui.shell import Shell
from ui.dialog_focus import settle_focus


def _message_and_buttons(dialog: QDialog, layout: QVBoxLayout, ok_text: str) -> QLabel:
    """The message line (refusals are shown there, the dialog stays open) and OK/Cancel."""
    message = QLabel()
    message.setWordWrap(True)
    message.setAccessibleName("Message")
    layout.addWidget(message)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return message


class AmendDialog(QDialog):
    """Amend, never edit: the correction becomes a new entry; the original stays."""

    def __init__(self, shell: Shell, entry: EntryInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shell = shell
        self.entry = entry
        self.result_entry: EntryInfo | None = None
        self.setWindowTitle(f"Amend entry #{entry.seq}")
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Entry #{entry.seq} by {entry.officer} stays in the log as it was. Your correction is added "
            "as a new entry that points at it, with your name, the time and your reason."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        original = QLabel(entry.text)
        original.setWordWrap(True)
        original.setProperty("role", "muted")
        self.text = QLineEdit(entry.text)
        self.text.setAccessibleName("Corrected text")
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason for the amendment")
        self.reason.setPlaceholderText("Why is it corrected? (required)")
        form.addRow("Original:", original)
        form.addRow("&Corrected text:", self.text)
        form.addRow("&Reason:", self.reason)
        self.rationale: QLineEdit | None = None
        if entry.category == "decision":
            self.rationale = QLineEdit(entry.rationale or "")
            self.rationale.setAccessibleName("Rationale")
            form.addRow("R&ationale:", self.rationale)
        layout.addLayout(form)
        self.message = _message_and_buttons(self, layout, "Add &amendment")
        settle_focus(self, self.reason)  # the corrected text is filled in; the reason is required
        self.resize(560, self.sizeHint().height())

    def accept(self) -> None:
        try:
            self.result_entry = service.amend_entry(
                self.shell.ctx, self.entry.id, self.text.text(), reason=self.reason.text(),
                rationale=self.rationale.text() if self.rationale is not None else None,
            )
        except DutyDeskError as exc:
            self.message.setText(str(exc))
            return
        self.shell.changed("log")
        super().accept()


class EndShiftDialog(QDialog):
    """End of shift: the handover note, the open items that go to the next officer,
    and "finished safely"."""

    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shell = shell
        self.setWindowTitle("End shift and hand over")
        layout = QVBoxLayout(self)
        label = QLabel("&Handover note for the next officer:")
        layout.addWidget(label)
        self.handover = QPlainTextEdit()
        self.handover.setAccessibleName("Handover note")
        self.handover.setPlaceholderText("What the next officer needs to know: ongoing issues, promises made, who to call…")
        self.handover.setTabChangesFocus(True)
        label.setBuddy(self.handover)
        layout.addWidget(self.handover, 1)
        items = service.open_items(shell.ctx)
        layout.addWidget(QLabel(f"Open items handed over ({len(items)}):" if items else "No open items to hand over."))
        self.items_model = QStandardItemModel(self)
        for entry in items:
            flags = "; ".join(f for f in entry_flags(entry) if not f.startswith("open"))
            due = f" — due {entry.due:%d %b}" if entry.due else ""
            self.items_model.appendRow(QStandardItem(f"#{entry.seq} {entry.text}{due}" + (f" ({flags})" if flags else "")))
        if items:
            view = QListView()
            view.setModel(self.items_model)
            view.setAccessibleName("Open items to hand over")
            view.setMaximumHeight(120)
            layout.addWidget(view)
        self.safe = QCheckBox("I &finished safely")
        self.safe.setAccessibleName("Finished safely")
        self.safe.setChecked(True)
        layout.addWidget(self.safe)
        self.message = _message_and_buttons(self, layout, "&End shift")
        settle_focus(self)
        self.resize(560, 420)

    def accept(self) -> None:
        try:
            service.end_shift(self.shell.ctx, handover=self.handover.toPlainText(), finished_safely=self.safe.isChecked())
        except DutyDeskError as exc:
            self.message.setText(str(exc))
            return
        self.shell.changed("log")
        self.shell.notify("Shift ended and handed over.")
        super().accept()
