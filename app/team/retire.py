"""Retiring an officer takes them off the rota from tomorrow on.

A retired officer is no longer offered for shifts, so leaving their future shifts
assigned would hide gaps: the rota would look covered by someone who will not come.
Their shifts starting from local midnight tomorrow become open shifts needing cover, in
the same unit of work as the retirement (one change, undone together: ``app.team.edits``).
Today's shifts stay theirs: they may be working one right now. ``keep_shifts`` retires
them and leaves every shift as it is (e.g. retiring someone who still works out their
notice; their shifts can be reassigned one by one).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.context import AppContext
from app.rota import sequence, service as rota
from app.rota.models import RotaShift
from app.rota.records import ShiftInfo
from app.rota.rules import local_midnight
from app.team import service as team
from app.team.service import OfficerInfo


@dataclass(frozen=True)
class Retired:
    officer: OfficerInfo
    opened: list[ShiftInfo]  # their shifts from tomorrow on, now open (as they were before)


def cutoff(today: dt.date | None = None) -> dt.datetime:
    """Local midnight at the start of tomorrow (UTC): shifts starting from then on are "future"."""
    zone = rota.zone()
    day = today or dt.datetime.now(zone).date()
    return local_midnight(day + dt.timedelta(days=1), zone)


def _future_rows(session: Session, officer_id: str, since: dt.datetime) -> list[RotaShift]:
    query = select(RotaShift).where(RotaShift.deleted.is_(False), RotaShift.officer_id == officer_id,
                                    RotaShift.start >= since).order_by(RotaShift.start)
    return list(session.execute(query).scalars())


def future_shifts(ctx: AppContext, name: str, *, today: dt.date | None = None) -> list[ShiftInfo]:
    """The shifts that retiring ``name`` would leave open (from tomorrow on)."""
    since = cutoff(today)
    with ctx.read() as session:
        row = team._row_for(session, name)
        names = rota._officer_names(session)
        return [rota._info(s, names) for s in _future_rows(session, row.id, since)]


def retire(ctx: AppContext, name: str, *, keep_shifts: bool = False, today: dt.date | None = None) -> Retired:
    """Retire ``name`` and (unless ``keep_shifts``) open their shifts from tomorrow on, in one transaction."""
    since = cutoff(today)
    with ctx.write() as session:
        row = team._row_for(session, name)
        names = rota._officer_names(session)
        opened = [] if keep_shifts else _future_rows(session, row.id, since)
        before = [rota._info(s, names) for s in opened]
        for shift in opened:
            shift.officer_id = None
            sequence.bump(shift)
        if row.active:
            row.active = False
        return Retired(team._info(row), before)
