"""A shared record by its id or by the start of it, as an officer types it on the command
line (ids are long; the first characters usually say which one).

One place for the rule, so every kind of record answers alike: the exact id first, then
the only live record whose id starts with what was typed (wildcards in it are plain text:
``%%%%`` names nothing), and several such records are one plain line, never a guess."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import ValidationError

Record = TypeVar("Record")


def by_id_or_prefix(session: Session, model: type[Record], given: str, *, shortest: int, several: str) -> Record | None:
    """The live ``model`` record ``given`` names, or None; ``several`` (with ``{given}``)
    is the message when more than one id starts with it. Prefixes shorter than
    ``shortest`` are not tried (too likely to name the wrong one)."""
    wanted = given.strip()
    row: Any = session.get(model, wanted) if wanted else None
    if row is None and len(wanted) >= shortest:
        column: Any = model.id  # type: ignore[attr-defined]
        found = session.execute(
            select(model).where(column.startswith(wanted, autoescape=True), model.deleted.is_(False)).limit(2)  # type: ignore[attr-defined]
        ).scalars().all()
        if len(found) > 1:
            raise ValidationError(several.format(given=wanted))
        row = found[0] if found else None
    return None if row is None or row.deleted else row
