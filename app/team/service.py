"""Officers of the team (shared data): add, rename, retire, re-activate, details.

Names are how people refer to each other, but two laptops can create the same name
offline before they meet: every lookup here tolerates that (the record with the lowest
id wins, the same choice ``dedupe`` makes when it merges them), so no caller ever
crashes on "two officers called X".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.context import AppContext
from app.errors import NotFoundError, ValidationError
from app.team.models import Officer
from app.validation import names as name_check

MAX_CONTRACTED_HOURS = 80.0


@dataclass(frozen=True, slots=True)
class OfficerInfo:
    id: str
    name: str
    email: str
    active: bool
    role: str = ""
    contracted_hours: float | None = None

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "active": self.active, "role": self.role,
                "contracted_hours": self.contracted_hours, "email": self.email}


def _info(row: Officer) -> OfficerInfo:
    return OfficerInfo(id=row.id, name=row.name, email=row.email, active=row.active,
                       role=row.role or "", contracted_hours=row.contracted_hours)


def clean_name(name: str) -> str:
    name = str(name)
    cleaned = name_check.name(name, what="An officer's name", max_length=10_000) if name.strip() else ""
    if not cleaned:
        raise ValidationError("An officer's name cannot be empty.")
    if len(cleaned) > 200:
        raise ValidationError("An officer's name must be at most 200 characters.")
    if any(ord(ch) < 32 for ch in cleaned):
        raise ValidationError("An officer's name cannot contain control characters.")
    return cleaned


def clean_role(role: str) -> str:
    cleaned = " ".join(str(role).split())
    if len(cleaned) > 200:
        raise ValidationError("A role must be at most 200 characters.")
    return cleaned


def clean_hours(hours: float | str | None) -> float | None:
    """Contracted hours a week: blank means "not set"."""
    if hours is None or (isinstance(hours, str) and not hours.strip()):
        return None
    try:
        value = float(hours)
    except (TypeError, ValueError):
        raise ValidationError(f"Contracted hours must be a number of hours a week, not {hours!r}.") from None
    if not 0 <= value <= MAX_CONTRACTED_HOURS or value != value:
        raise ValidationError(f"Contracted hours must be between 0 and {MAX_CONTRACTED_HOURS:g} a week.")
    return round(value, 2)


def _live(query: Any) -> Any:
    """Officers that are real records: not tombstoned, not merged into another."""
    return query.where(Officer.deleted.is_(False), Officer.merged_into.is_(None))


def _by_name(session: Session, name: str) -> Officer | None:
    """The officer called ``name``: written exactly so (spaces collapsed) first, else the
    one whose name differs only in capitals or spaces. Two such officers (synced from two
    laptops, before a round merges them) are not guessed between: one plain line asks for
    the name as it is written. Several with exactly this name: the lowest id, the one a
    merge keeps."""
    written = " ".join(str(name).split())
    # Names are stored cleaned and each sync round merges same-named officers, so the usual
    # look-up is an exact match, which SQLite answers without the interpreter (a scan in
    # Python of a team synced from thousands of records held the window's GIL ~30 ms).
    exact = session.execute(
        _live(select(Officer.id)).where(Officer.name == written).order_by(Officer.id).limit(1)
    ).scalar()
    if exact is not None:
        return session.get(Officer, exact)
    wanted = name_key(written)
    # (id, name) pairs, not whole records: a team synced from thousands of records stays cheap to search
    pairs = session.execute(_live(select(Officer.id, Officer.name)).order_by(Officer.id))
    alike = [(row_id, row_name) for row_id, row_name in pairs
             if name_key(row_name) == wanted]  # in Python: SQLite's lower() knows ASCII only
    spellings = sorted({" ".join(row_name.split()) for _, row_name in alike})
    if len(spellings) > 1:
        raise ValidationError(f"More than one officer is called {written!r} apart from capitals or spaces: "
                              f"{', '.join(spellings)}. Type the name exactly as it is written.")
    return session.get(Officer, alike[0][0]) if alike else None


def name_key(name: str) -> str:
    """How two names are compared: spaces collapsed, case folded."""
    return " ".join(str(name).split()).casefold()


def ensure_officer(ctx: AppContext, name: str) -> OfficerInfo:
    """The officer with this name (case-insensitive), created if new."""
    name = clean_name(name)
    with ctx.write() as session:
        row = _by_name(session, name)
        if row is None:
            row = Officer(name=name)
            session.add(row)
            session.flush()
        return _info(row)


def add_officer(ctx: AppContext, name: str, *, role: str = "", contracted_hours: float | str | None = None) -> OfficerInfo:
    """A new team member; refused when someone of that name is already on the team."""
    name, role, hours = clean_name(name), clean_role(role), clean_hours(contracted_hours)
    with ctx.write() as session:
        existing = _by_name(session, name)
        if existing is not None:
            state = "" if existing.active else " (retired: re-activate them instead)"
            raise ValidationError(f"{existing.name} is already on the team{state}.")
        row = Officer(name=name, role=role, contracted_hours=hours)
        session.add(row)
        session.flush()
        return _info(row)


def list_officers(ctx: AppContext, *, include_inactive: bool = False) -> list[OfficerInfo]:
    """Columns, not records: views list the team after every round, and a synced team can
    be big (records are many objects each, for the window's cyclic collector to walk)."""
    with ctx.read() as session:
        query = _live(select(Officer.id, Officer.name, Officer.email, Officer.active, Officer.role,
                             Officer.contracted_hours)).order_by(Officer.id)
        if not include_inactive:
            query = query.where(Officer.active.is_(True))
        rows = [OfficerInfo(id=i, name=name, email=email, active=active, role=role or "", contracted_hours=hours)
                for i, name, email, active, role, hours in session.execute(query)]
    return sorted(rows, key=lambda o: (name_key(o.name), o.id))


def find_officer(ctx: AppContext, name: str) -> OfficerInfo:
    wanted = " ".join(str(name).split())
    if wanted:
        with ctx.read() as session:
            row = _by_name(session, wanted)
            if row is not None:
                return _info(row)
    known = ", ".join(o.name for o in list_officers(ctx)) or "none yet"
    raise NotFoundError(f"No officer called {name!r}. Known officers: {known}.")


def get_officer(ctx: AppContext, officer_id: str) -> OfficerInfo:
    with ctx.read() as session:
        row = session.get(Officer, officer_id)
        if row is None or row.deleted:
            raise NotFoundError(f"No officer with id {officer_id}.")
        return _info(row)


def _row_for(session: Session, name: str) -> Officer:
    row = _by_name(session, clean_name(name))
    if row is None:
        raise NotFoundError(f"No officer called {name!r}. See: dutydesk rota officers --all")
    return row


def rename_officer(ctx: AppContext, old: str, new: str) -> OfficerInfo:
    """A new name for the same person: the rota follows (it refers by id). Log entries
    keep the name they were signed with (they are part of the tamper-evident chain)."""
    new = clean_name(new)
    with ctx.write() as session:
        row = _row_for(session, old)
        clash = _by_name(session, new)
        if clash is not None and clash.id != row.id:
            raise ValidationError(f"{clash.name} is already on the team; pick another name.")
        was_me = name_key(row.name) == name_key(ctx.officer)
        if row.name != new:
            row.name = new
        info = _info(row)
    _follow(ctx, info.id if was_me else None)
    return info


def _follow(ctx: AppContext, my_id: str | None) -> None:
    """This laptop's officer was renamed: the laptop follows (see ``identity``)."""
    from app.settings import device
    from app.team import identity

    if my_id and not device.get(ctx, identity.OFFICER_ID):
        identity.remember(ctx, my_id)
    identity.follow(ctx)


def set_active(ctx: AppContext, name: str, active: bool) -> OfficerInfo:
    """Retire (``False``) or re-activate an officer. A retired officer stays in history
    (past shifts, log entries, reports keep the name) but is no longer offered."""
    with ctx.write() as session:
        row = _row_for(session, name)
        if row.active != active:
            row.active = active
        return _info(row)


def update_details(ctx: AppContext, name: str, *, role: str | None = None,
                   contracted_hours: float | str | None = ..., email: str | None = None) -> OfficerInfo:  # type: ignore[assignment]
    """Role, contracted hours (blank clears) and e-mail of an officer."""
    with ctx.write() as session:
        row = _row_for(session, name)
        if role is not None and row.role != clean_role(role):
            row.role = clean_role(role)
        if contracted_hours is not ...:
            hours = clean_hours(contracted_hours)  # type: ignore[arg-type]
            if row.contracted_hours != hours:
                row.contracted_hours = hours
        if email is not None:
            cleaned = email.strip()
            if cleaned and ("@" not in cleaned or len(cleaned) > 300 or any(c.isspace() for c in cleaned)):
                raise ValidationError(f"{email!r} is not an e-mail address.")
            if row.email != cleaned:
                row.email = cleaned
        return _info(row)


def edit_officer(ctx: AppContext, officer_id: str, *, name: str, role: str, contracted_hours: float | str | None) -> OfficerInfo:
    """Name, role and contracted hours of one officer, in one change (the Team page)."""
    name, role, hours = clean_name(name), clean_role(role), clean_hours(contracted_hours)
    with ctx.write() as session:
        row = session.get(Officer, officer_id)
        if row is None or row.deleted:
            raise NotFoundError(f"No officer with id {officer_id}.")
        clash = _by_name(session, name)
        if clash is not None and clash.id != row.id:
            raise ValidationError(f"{clash.name} is already on the team; pick another name.")
        was_me = name_key(row.name) == name_key(ctx.officer)
        for field, value in (("name", name), ("role", role), ("contracted_hours", hours)):
            if getattr(row, field) != value:
                setattr(row, field, value)
        info = _info(row)
    _follow(ctx, info.id if was_me else None)
    return info
