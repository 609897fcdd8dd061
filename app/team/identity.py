"""Which team record this laptop's officer is, kept right through renames and merges.

The laptop remembers its officer by name (stamped on every change) and by id. When the
record is renamed (here or on another laptop) or merged into another, the laptop follows
it, so its log, calendar and due shift keep finding "me".
"""

from __future__ import annotations

from app.context import AppContext
from app.errors import ValidationError
from app.settings import device
from app.team.models import Officer

OFFICER_ID = "officer_id"


def remember(ctx: AppContext, officer_id: str) -> None:
    device.set_many(ctx, {OFFICER_ID: officer_id})


def follow(ctx: AppContext) -> str | None:
    """Update this laptop's officer name/id to its current record; returns the new name
    when it changed (None otherwise)."""
    if not ctx.officer:
        return None
    from app.team.service import _by_name

    mine = device.get(ctx, OFFICER_ID)
    with ctx.read() as session:
        try:
            row = session.get(Officer, mine) if mine else _by_name(session, ctx.officer)
        except ValidationError:
            return None  # two officers differ only in capitals: the round that merges them decides
        seen: set[str] = set()
        while row is not None and row.merged_into and row.id not in seen:
            seen.add(row.id)
            row = session.get(Officer, row.merged_into)
        if row is None or row.deleted:
            return None
        found_id, found_name = row.id, row.name
    changes: dict[str, object] = {}
    if found_id != mine:
        changes[OFFICER_ID] = found_id
    if found_name != ctx.officer:
        changes[device.OFFICER] = found_name
    if changes:
        device.set_many(ctx, changes)
    return found_name if device.OFFICER in changes else None
