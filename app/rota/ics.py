"""Calendar export (.ics) with the ``icalendar`` package.

Each event's UID is derived from the shift id, so importing a newer file updates the
same events instead of duplicating them; SEQUENCE grows with each change (the
shift's revision). Times carry TZID=Europe/London with a VTIMEZONE in the form
Outlook and Google write (``app/rota/vtimezone.py``), so every client shows local times
on both sides of a clock change. Shifts removed from the
rota are exported as cancelled events, so a re-import deletes them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
from sqlalchemy import select

from app.context import AppContext
from app.errors import ValidationError
from app.rota import hours, service
from app.rota.models import RotaShift
from app.rota.sequence import calendar_sequence
from app.rota.records import ShiftInfo
from app.rota.vtimezone import vtimezone
from app.validation import periods

PRODID = "-//Duty Desk//Rota//EN"
UID_DOMAIN = "rota.dutydesk"


def shift_uid(shift_id: str) -> str:
    return f"{shift_id}@{UID_DOMAIN}"


def build_calendar(
    shifts: Sequence[ShiftInfo], zone: dt.tzinfo, *, name: str, versions: dict[str, int] | None = None,
    cancelled: Sequence[ShiftInfo] = (), stamp: dt.datetime | None = None, refresh: dt.timedelta | None = None,
) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", str(zone))
    if refresh:  # a subscribed feed: how often clients should fetch it again (RFC 7986 + Outlook)
        cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", icalendar.vDuration(refresh).to_ical().decode())
    stamp = stamp or dt.datetime.now(dt.timezone.utc)
    versions = versions or {}
    everything = [(s, "CONFIRMED") for s in shifts] + [(s, "CANCELLED") for s in cancelled]
    if everything and isinstance(zone, ZoneInfo):
        years = [s.start.astimezone(zone).year for s, _ in everything] + [s.end.astimezone(zone).year for s, _ in everything]
        cal.add_component(vtimezone(zone, min(years), max(years)))
    for shift, status in everything:
        event = icalendar.Event()
        event.add("uid", shift_uid(shift.id))
        event.add("dtstamp", stamp)
        event.add("dtstart", shift.start.astimezone(zone))
        event.add("dtend", shift.end.astimezone(zone))
        event.add("summary", summary(shift, cancelled=status == "CANCELLED"))
        lines = [f"Paid hours: {shift.paid_hours:g} (elapsed {shift.elapsed_hours:g})"]
        if shift.unpaid_break_minutes:
            lines.append(f"Unpaid break: {shift.unpaid_break_minutes} min")
        if shift.pattern:
            lines.append(f"Pattern: {shift.pattern}")
        if shift.note:
            lines.append(shift.note)
        event.add("description", "\n".join(lines))
        event.add("categories", ["Duty rota", shift.kind])
        event.add("status", status)
        event.add("transp", "OPAQUE")
        event.add("sequence", versions.get(shift.id, 0))
        cal.add_component(event)
    return cal


def summary(shift: ShiftInfo, *, cancelled: bool = False) -> str:
    """"Early shift: Alex Morgan"; a cancelled one says so and names who it was for."""
    kind = f"{shift.kind.capitalize()} shift"
    known = shift.officer and shift.officer != "(unknown)"
    if cancelled:
        return f"Cancelled: {kind}" + (f" ({shift.officer})" if known else "")
    return f"{kind}: {shift.officer if known else 'open shift'}"


def export_ics(
    ctx: AppContext, path: Path, start: dt.date, end: dt.date, *, officer: str | None = None,
    refresh: dt.timedelta | None = None,
) -> tuple[Path, int]:
    """Write the officer's (or the whole team's) shifts to ``path``; returns (path, count)."""
    path = Path(path)
    if path.suffix.lower() != ".ics":
        raise ValidationError("The calendar file must end in .ics.")
    officer_id = service.find_officer(ctx, officer).id if officer else None
    team = read_team_shifts(ctx, start, end)
    data, count = team.calendar(officer_id, officer, refresh=refresh)
    hours.write_atomic(path, data)
    return path, count


@dataclass
class TeamShifts:
    """Everything a calendar of ``start``..``end`` needs, read once: the live feeds write one
    calendar per officer from it (reading the team once per officer grew with the square of
    the team's size)."""

    live: list[ShiftInfo]
    deleted: list[ShiftInfo]
    versions: dict[str, int]
    moved_away: dict[str, list[ShiftInfo]] = field(default_factory=dict)  # officer id -> shifts now someone else's

    def calendar(self, officer_id: str | None, officer: str | None, *,
                 refresh: dt.timedelta | None = None) -> tuple[bytes, int]:
        shifts = [s for s in self.live if officer_id is None or s.officer_id == officer_id]
        gone = [s for s in self.deleted if officer_id is None or s.officer_id == officer_id]
        if officer_id is not None:  # shifts reassigned away from this officer need cancelling in their calendar
            gone += [s for s in self.moved_away.get(officer_id, []) if s.officer_id != officer_id]
        title = f"Duty rota: {shifts[0].officer if officer and shifts else officer or 'team'}"
        cal = build_calendar(shifts, service.zone(), name=title, versions=self.versions, cancelled=gone, refresh=refresh)
        return cal.to_ical(), len(shifts)

    def concerns(self, officer_id: str) -> bool:
        """Does this officer's calendar have any event at all?"""
        return (any(s.officer_id == officer_id for s in self.live) or bool(self.moved_away.get(officer_id))
                or any(s.officer_id == officer_id for s in self.deleted))


def read_team_shifts(ctx: AppContext, start: dt.date, end: dt.date) -> TeamShifts:
    """Shifts starting on the local days ``start``..``end`` (included), live and removed."""
    from app.db.local_models import ChangeLogEntry

    a, b = service.local_midnight(start, service.zone()), service.local_midnight(periods.day_after(end), service.zone())
    with ctx.read() as session:
        rows = session.execute(
            select(RotaShift).where(RotaShift.start >= a, RotaShift.start < b).order_by(RotaShift.start, RotaShift.officer_id)
        ).scalars().all()
        names = service._officer_names(session)
        by_id = {r.id: service._info(r, names) for r in rows}
        team = TeamShifts(live=[by_id[r.id] for r in rows if not r.deleted],
                          deleted=[by_id[r.id] for r in rows if r.deleted],
                          versions={r.id: calendar_sequence(r) for r in rows})
        live_ids = {r.id for r in rows if not r.deleted}
        entries = session.execute(select(ChangeLogEntry.row_id, ChangeLogEntry.changes)
                                  .where(ChangeLogEntry.table_name == "rota_shift"))
        moved: dict[str, set[str]] = {}
        for row_id, changes in entries:
            old = ((changes or {}).get("officer_id") or {}).get("old")
            if old and row_id in live_ids:
                moved.setdefault(old, set()).add(row_id)
    team.moved_away = {officer_id: [s for s in team.live if s.id in ids] for officer_id, ids in moved.items()}
    return team
