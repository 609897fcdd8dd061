"""Officers of the team (shared data)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.context import AppContext
from app.errors import NotFoundError, ValidationError
from app.team.models import Officer
from app.validation import names as name_check


@dataclass(frozen=True)
class OfficerInfo:
    id: str
    name: str
    email: str
    active: bool


def _info(row: Officer) -> OfficerInfo:
    return OfficerInfo(id=row.id, name=row.name, email=row.email, active=row.active)


def clean_name(name: str) -> str:
    cleaned = name_check.name(name, what="An officer's name", max_length=10_000) if name.strip() else ""
    if not cleaned:
        raise ValidationError("An officer's name cannot be empty.")
    if len(cleaned) > 200:
        raise ValidationError("An officer's name must be at most 200 characters.")
    return cleaned


def ensure_officer(ctx: AppContext, name: str) -> OfficerInfo:
    """The officer with this name (case-insensitive), created if new."""
    name = clean_name(name)
    with ctx.write() as session:
        row = session.execute(
            select(Officer).where(func.lower(Officer.name) == name.lower(), Officer.deleted.is_(False))
        ).scalar_one_or_none()
        if row is None:
            row = Officer(name=name)
            session.add(row)
            session.flush()
        return _info(row)


def list_officers(ctx: AppContext, *, include_inactive: bool = False) -> list[OfficerInfo]:
    with ctx.read() as session:
        query = select(Officer).where(Officer.deleted.is_(False)).order_by(Officer.name)
        if not include_inactive:
            query = query.where(Officer.active.is_(True))
        return [_info(row) for row in session.execute(query).scalars()]


def find_officer(ctx: AppContext, name: str) -> OfficerInfo:
    wanted = " ".join(name.split()).lower()
    for officer in list_officers(ctx, include_inactive=True):
        if officer.name.lower() == wanted:
            return officer
    known = ", ".join(o.name for o in list_officers(ctx)) or "none yet"
    raise NotFoundError(f"No officer called {name!r}. Known officers: {known}.")
