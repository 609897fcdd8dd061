"""The team contact directory: who to call, by role (shared team data)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.context import AppContext
from app.contacts.models import Contact
from app.errors import NotFoundError, ValidationError

PHONE_CHARS = re.compile(r"^[0-9+()\-. ]{3,40}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class ContactInfo:
    id: str
    name: str
    role: str
    phones: tuple[str, ...]
    email: str
    notes: str

    @property
    def main_phone(self) -> str:
        return self.phones[0] if self.phones else ""

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "role": self.role, "phones": list(self.phones),
            "email": self.email, "notes": self.notes,
        }


def _info(row: Contact) -> ContactInfo:
    return ContactInfo(row.id, row.name, row.role, tuple(row.phones or ()), row.email, row.notes)


def _clean(name: str, role: str, phones: list[str] | tuple[str, ...], email: str, notes: str) -> dict[str, Any]:
    name = " ".join(name.split())
    role = " ".join(role.split())
    if not name:
        raise ValidationError("A contact needs a name.")
    if len(name) > 200 or len(role) > 200:
        raise ValidationError("A contact's name and role must be at most 200 characters each.")
    cleaned_phones = []
    for phone in phones:
        phone = " ".join(phone.split())
        if not phone:
            continue
        if not PHONE_CHARS.match(phone):
            raise ValidationError(f"{phone!r} does not look like a phone number (digits, spaces, + ( ) - only).")
        cleaned_phones.append(phone)
    email = email.strip()
    if email and not EMAIL.match(email):
        raise ValidationError(f"{email!r} does not look like an email address.")
    if not cleaned_phones and not email:
        raise ValidationError(f"Give {name} at least a phone number or an email address.")
    return {"name": name, "role": role, "phones": cleaned_phones, "email": email, "notes": notes.strip()}


def add_contact(
    ctx: AppContext, name: str, *, role: str = "", phones: list[str] | tuple[str, ...] = (), email: str = "", notes: str = ""
) -> ContactInfo:
    values = _clean(name, role, phones, email, notes)
    with ctx.write() as session:
        row = Contact(**values)
        session.add(row)
        session.flush()
        return _info(row)


def update_contact(
    ctx: AppContext, contact_id: str, *, name: str, role: str = "", phones: list[str] | tuple[str, ...] = (),
    email: str = "", notes: str = "",
) -> ContactInfo:
    values = _clean(name, role, phones, email, notes)
    with ctx.write() as session:
        row = _row(session, contact_id)
        for attr, value in values.items():
            if getattr(row, attr) != value:
                setattr(row, attr, value)
        session.flush()
        return _info(row)


def remove_contact(ctx: AppContext, contact_id: str) -> None:
    with ctx.write() as session:
        _row(session, contact_id).deleted = True


def _row(session: Any, contact_id: str) -> Contact:
    row = session.get(Contact, contact_id)
    if row is None or row.deleted:
        raise NotFoundError(f"No contact with id {contact_id}.")
    return row


def list_contacts(ctx: AppContext) -> list[ContactInfo]:
    with ctx.read() as session:
        rows = session.execute(select(Contact).where(Contact.deleted.is_(False))).scalars().all()
        found = [_info(row) for row in rows]
    return sorted(found, key=lambda c: (c.role.lower() or "\uffff", c.name.lower()))


def search_contacts(ctx: AppContext, query: str) -> list[ContactInfo]:
    """Contacts whose name, role, phone, email or notes contain every word of ``query``."""
    words = query.lower().split()
    found = []
    for contact in list_contacts(ctx):
        haystack = " ".join([contact.name, contact.role, *contact.phones, contact.email, contact.notes]).lower()
        digits = re.sub(r"\D", "", " ".join(contact.phones))
        if all(word in haystack or (word.isdigit() and word in digits) for word in words):
            found.append(contact)
    return found


def contacts_for_role(ctx: AppContext, role: str) -> list[ContactInfo]:
    return with_role(list_contacts(ctx), role)


def with_role(known: list[ContactInfo], role: str) -> list[ContactInfo]:
    """The contacts whose role is ``role`` (capitals and spaces aside), from a loaded list:
    one rule for the checklist's "who to ring" and the template editor's preview."""
    wanted = " ".join(role.split()).lower()
    return [c for c in known if c.role.lower() == wanted]


def get_contact(ctx: AppContext, contact_id: str) -> ContactInfo:
    with ctx.read() as session:
        return _info(_row(session, contact_id))
