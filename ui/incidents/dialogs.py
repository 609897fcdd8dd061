"""Small dialogs: start an incident (template + one line), close one, edit a contact.

They are opened with ``open()`` (window-modal, not blocking) and emit ``submitted``
once their own checks pass; the owner does the service call, then ``accept()`` on
success or ``show_error()`` so nothing typed is lost.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.contacts.service import ContactInfo
from app.incidents.templates import Template
from ui.dialog_focus import settle_focus


class _Dialog(QDialog):
    submitted = Signal()

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b; font-weight: 600;")
        self.error.setAccessibleName("Problem")
        self.error.hide()
        self.layout_.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        self.layout_.addWidget(self.buttons)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


class StartIncidentDialog(_Dialog):
    """Only two questions: which template, and a one-line title. The clock starts on OK."""

    def __init__(self, templates: list[Template], parent: QWidget | None = None) -> None:
        super().__init__("Start incident", parent)
        self.template_box = QComboBox()
        self.template_box.setAccessibleName("Template")
        self.template_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.template_box.setMinimumContentsLength(48)
        broken = []
        for template in templates:
            where = f"line {template.problem.line}" if template.problem and template.problem.line else "see Templates"
            label = template.name if not template.broken else f"⚠ {template.name} — broken ({where})"
            self.template_box.addItem(label, template.key)
            if template.broken:
                item = self.template_box.model().item(self.template_box.count() - 1)  # type: ignore[attr-defined]
                item.setEnabled(False)
                item.setToolTip(str(template.problem))
                broken.append(f"{template.name}: {template.problem}")
        first_ok = next((i for i, t in enumerate(templates) if not t.broken), -1)
        self.template_box.setCurrentIndex(first_ok)
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName("Incident title")
        self.title_edit.setPlaceholderText("One line: what is happening, where")
        self.title_edit.setMaxLength(200)
        self.title_edit.setMinimumWidth(460)
        self.form.addRow("&Template:", self.template_box)
        self.form.addRow("&What is happening:", self.title_edit)
        if broken:
            note = QLabel("Broken, cannot be started (fix under Incidents → Templates):\n" + "\n".join(broken))
            note.setWordWrap(True)
            note.setProperty("role", "muted")
            note.setAccessibleName("Broken templates")
            self.form.addRow(note)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Start the clock")
        ok.setProperty("role", "primary")
        self.buttons.accepted.connect(self._check)
        settle_focus(self, self.title_edit)  # the template is pre-chosen; the title is what to type

    def template_key(self) -> str:
        return str(self.template_box.currentData() or "")

    def choose(self, key: str) -> None:
        index = self.template_box.findData(key)
        if index >= 0:
            self.template_box.setCurrentIndex(index)

    def title(self) -> str:
        return self.title_edit.text()

    def _check(self) -> None:
        if not self.title().strip():
            self.show_error("Type one line saying what is happening.")
            self.title_edit.setFocus()
            return
        if not self.template_key():
            self.show_error("Pick a template.")
            return
        self.submitted.emit()


class CloseIncidentDialog(_Dialog):
    def __init__(self, title: str, open_steps: int, parent: QWidget | None = None) -> None:
        super().__init__("Close incident", parent)
        note = QLabel(
            f"Closing “{title}”."
            + (f" {open_steps} step(s) are still open: the report will list them as not done." if open_steps else "")
        )
        note.setWordWrap(True)
        self.form.addRow(note)
        self.summary_edit = QPlainTextEdit()
        self.summary_edit.setAccessibleName("Summary")
        self.summary_edit.setPlaceholderText("What happened, what we did, how it ended")
        self.summary_edit.setTabChangesFocus(True)
        self.lessons_edit = QPlainTextEdit()
        self.lessons_edit.setAccessibleName("Lessons")
        self.lessons_edit.setPlaceholderText("What to do differently next time (optional)")
        self.lessons_edit.setTabChangesFocus(True)
        self.form.addRow("&Summary:", self.summary_edit)
        self.form.addRow("&Lessons:", self.lessons_edit)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Close incident")
        self.buttons.accepted.connect(self._check)
        self.setMinimumWidth(520)  # the title and the hints read on a line or two, not five
        settle_focus(self)

    def _check(self) -> None:
        if not self.summary_edit.toPlainText().strip():
            self.show_error("Write a short summary first.")
            return
        self.submitted.emit()


class ContactDialog(_Dialog):
    def __init__(self, contact: ContactInfo | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Edit contact" if contact else "Add contact", parent)
        self.contact = contact
        self.name_edit = QLineEdit(contact.name if contact else "")
        self.role_edit = QLineEdit(contact.role if contact else "")
        self.role_edit.setPlaceholderText("The role templates call, e.g. Duty lead")
        self.phones_edit = QLineEdit(", ".join(contact.phones) if contact else "")
        self.phones_edit.setPlaceholderText("Separate several numbers with commas")
        self.email_edit = QLineEdit(contact.email if contact else "")
        self.notes_edit = QLineEdit(contact.notes if contact else "")
        for label, widget in (
            ("&Name:", self.name_edit), ("&Role:", self.role_edit), ("&Phones:", self.phones_edit),
            ("&Email:", self.email_edit), ("N&otes:", self.notes_edit),
        ):
            widget.setAccessibleName(label.replace("&", "").rstrip(":"))
            self.form.addRow(label, widget)
        self.buttons.accepted.connect(self.submitted.emit)
        self.setMinimumWidth(440)  # the hints in Role and Phones show whole (it opened 200 px wide)
        settle_focus(self)  # on Name: the button box was made first, so Qt would start on OK

    def values(self) -> dict[str, object]:
        return {
            "name": self.name_edit.text(), "role": self.role_edit.text(),
            "phones": [p for p in self.phones_edit.text().split(",") if p.strip()],
            "email": self.email_edit.text(), "notes": self.notes_edit.text(),
        }
