"""Dialogs of the shift log: amend an entry, end the shift with a handover."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
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

from app.shiftlog import service
from app.shiftlog.reports import entry_flags
from app.shiftlog.service import EntryInfo
from ui.ops.failures import plain_message
from ui.shell import Shell
from ui.dialog_focus import settle_focus

if TYPE_CHECKING:
    from app.context import AppContext


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
        entry_id, text, reason = self.entry.id, self.text.text(), self.reason.text()
        rationale = self.rationale.text() if self.rationale is not None else None
        _submit(self, lambda ctx: service.amend_entry(ctx, entry_id, text, reason=reason, rationale=rationale),
                self._amended)

    def _amended(self, entry: EntryInfo) -> None:
        self.result_entry = entry
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
        self.items_label = QLabel("Reading the open items…")
        layout.addWidget(self.items_label)
        self.items_model = QStandardItemModel(self)
        self.items_view = QListView()
        self.items_view.setModel(self.items_model)
        self.items_view.setAccessibleName("Open items to hand over")
        self.items_view.setMaximumHeight(120)
        self.items_view.setWordWrap(True)  # a long item wraps instead of scrolling sideways
        self.items_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.items_view.setVisible(False)
        layout.addWidget(self.items_view)
        shell.ops.query(parent=self, op=service.open_items).success(self._show_items).run()
        self.safe = QCheckBox("I &finished safely")
        self.safe.setAccessibleName("Finished safely")
        self.safe.setChecked(True)
        layout.addWidget(self.safe)
        self.message = _message_and_buttons(self, layout, "&End shift")
        settle_focus(self)
        self.resize(560, 420)

    def _show_items(self, items: list[EntryInfo]) -> None:
        self.items_label.setText(f"Open items handed over ({len(items)}):" if items else "No open items to hand over.")
        for entry in items:
            flags = "; ".join(f for f in entry_flags(entry) if not f.startswith("open"))
            due = f" — due {entry.due:%d %b}" if entry.due else ""
            self.items_model.appendRow(QStandardItem(f"#{entry.seq} {entry.text}{due}" + (f" ({flags})" if flags else "")))
        self.items_view.setVisible(bool(items))

    def accept(self) -> None:
        handover, safe = self.handover.toPlainText(), self.safe.isChecked()
        _submit(self, lambda ctx: service.end_shift(ctx, handover=handover, finished_safely=safe), self._ended)

    def _ended(self, _shift: object) -> None:
        self.shell.notify("Shift ended and handed over.")
        super().accept()


def _submit(dialog: AmendDialog | EndShiftDialog, op: Callable[[AppContext], Any], done: Callable[[Any], None]) -> None:
    """Save off the GUI thread; a refusal is shown in the dialog, which stays open."""
    buttons = dialog.findChild(QDialogButtonBox)
    buttons.setEnabled(False)

    def refused(exc: BaseException) -> None:
        buttons.setEnabled(True)
        dialog.message.setText(plain_message(exc))

    dialog.shell.ops.write(parent=dialog, op=op).success(done).failure(refused).run()
