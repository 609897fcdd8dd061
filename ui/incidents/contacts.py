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
from ui.ops.failures import plain_message
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
        self.shell.ops.query(parent=self, key="search", op=lambda ctx: contacts.search_contacts(ctx, query) if query
                             else contacts.list_contacts(ctx)).success(self.model.set_contacts).run()

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
        values, contact = dialog.values(), dialog.contact
        if contact is None:
            op = lambda ctx: contacts.add_contact(ctx, **values)  # type: ignore[arg-type]  # noqa: E731
        else:
            op = lambda ctx: contacts.update_contact(ctx, contact.id, **values)  # type: ignore[arg-type]  # noqa: E731
        self.shell.ops.write(parent=dialog, op=op).success(lambda _c: (dialog.accept(), self.refresh())).failure(
            lambda exc: dialog.show_error(plain_message(exc))).run()

    def remove(self) -> None:
        contact = self._selected()
        if contact is None:
            return
        contact_id, name = contact.id, contact.name
        self.shell.ops.write(parent=self, op=lambda ctx: contacts.remove_contact(ctx, contact_id)).success(
            lambda _r: (self.message.setText(f"Removed {name}."), self.refresh())).run()

    def first_focus(self) -> QWidget:
        return self.search_edit



