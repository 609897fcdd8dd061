"""The team contact directory: a searchable table, add / edit / remove."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.contacts import service as contacts
from app.errors import DutyDeskError
from ui.incidents.dialogs import ContactDialog
from ui.incidents.models import ContactsModel, configure_table
from ui.shell import Shell


class ContactsWidget(QWidget):
    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shell = shell
        self.dialog: ContactDialog | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search name, role, phone, notes…")
        self.search_edit.setAccessibleName("Search contacts")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.refresh)
        top.addWidget(self.search_edit, 1)
        self.add_button = QPushButton("&Add contact…")
        self.edit_button = QPushButton("&Edit…")
        self.remove_button = QPushButton("&Remove")
        for button, slot in ((self.add_button, self.add), (self.edit_button, self.edit), (self.remove_button, self.remove)):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            button.clicked.connect(slot)
            top.addWidget(button)
        layout.addLayout(top)
        self.model = ContactsModel(self)
        self.table = configure_table(QTableView(), self.model, "Contacts")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        layout.addWidget(self.table, 1)
        self.message = QLabel("Templates' call steps show the number of the contact with that role.")
        self.message.setProperty("role", "muted")
        layout.addWidget(self.message)
        self.setTabOrder(self.search_edit, self.table)
        self.refresh()

    def refresh(self) -> None:
        query = self.search_edit.text().strip()
        found = contacts.search_contacts(self.shell.ctx, query) if query else contacts.list_contacts(self.shell.ctx)
        self.model.set_contacts(found)

    def _selected(self) -> contacts.ContactInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.contacts[rows[0].row()] if rows else None

    def add(self) -> None:
        self._open(None)

    def edit(self) -> None:
        contact = self._selected()
        if contact is not None:
            self._open(contact)

    def _open(self, contact: contacts.ContactInfo | None) -> None:
        self.dialog = ContactDialog(contact, self)
        self.dialog.submitted.connect(self._save)
        self.dialog.open()

    def _save(self) -> None:
        dialog = self.dialog
        if dialog is None:
            return
        values = dialog.values()
        try:
            if dialog.contact is None:
                contacts.add_contact(self.shell.ctx, **values)  # type: ignore[arg-type]
            else:
                contacts.update_contact(self.shell.ctx, dialog.contact.id, **values)  # type: ignore[arg-type]
        except DutyDeskError as exc:
            dialog.show_error(str(exc))
            return
        dialog.accept()
        self.refresh()
        self.shell.changed("contacts")

    def remove(self) -> None:
        contact = self._selected()
        if contact is None:
            return
        contacts.remove_contact(self.shell.ctx, contact.id)
        self.message.setText(f"Removed {contact.name}.")
        self.refresh()
        self.shell.changed("contacts")

    def first_focus(self) -> QWidget:
        return self.search_edit



