"""Lone-worker welfare check-ins (HSE guidance for lone workers).

The timer is an entry written when the shift starts (``welfare:timer``). A check-in is
due ``interval`` after the later of that entry and the last check-in; once the grace
period has passed too, it is *missed*: the app cannot phone anyone, so it shows the
team's escalation instructions and records the miss in the log (once per due time).
Everything is derived from log entries, so it survives a restart and is in the chain.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from app.context import AppContext
from app.db.base import utcnow
from app.errors import ValidationError
from app.shiftlog import service
from app.shiftlog.models import LogEntry
from app.shiftlog.service import EntryInfo
from app.shiftlog.teamsettings import WelfareSettings, read_welfare


@dataclass(frozen=True)
class CheckinStatus:
    state: str  # "off" (no timer running), "ok", "due", "missed"
    due_at: dt.datetime | None
    missed_at: dt.datetime | None  # when it counts (or counted) as missed
    last_checkin: dt.datetime | None
    missed_recorded: bool
    settings: WelfareSettings

    def as_json(self) -> dict[str, object]:
        return {
            "state": self.state,
            "due_at": self.due_at.isoformat() if self.due_at else None,
            "missed_at": self.missed_at.isoformat() if self.missed_at else None,
            "last_checkin": self.last_checkin.isoformat() if self.last_checkin else None,
            "missed_recorded": self.missed_recorded,
            "escalation": self.settings.escalation,
            "contact": self.settings.contact,
            "ladder": list(self.settings.ladder),
        }


OFF = "off"


def status(ctx: AppContext, *, now: dt.datetime | None = None) -> CheckinStatus:
    now = now or utcnow()
    with ctx.read() as session:
        settings = read_welfare(session)
        shift = service._running_shift(session, ctx.officer)
        if shift is None:
            return CheckinStatus(OFF, None, None, None, False, settings)
        rows = list(session.execute(
            select(LogEntry).where(
                LogEntry.shift_id == shift.id, LogEntry.source.like("welfare:%"), LogEntry.deleted.is_(False)
            ).order_by(LogEntry.recorded_at, LogEntry.seq)
        ).scalars())
    timer = [r for r in rows if r.source == service.WELFARE_TIMER]
    if not timer or not settings.enabled:
        return CheckinStatus(OFF, None, None, None, False, settings)
    resets = [r for r in rows if r.source in (service.WELFARE_TIMER, service.WELFARE_OK)]
    base = max(r.event_at for r in resets)
    last_reset = max((r.recorded_at, r.seq) for r in resets)
    last_ok = max((r.event_at for r in rows if r.source == service.WELFARE_OK), default=None)
    due_at = base + dt.timedelta(minutes=_interval(ctx, settings))
    missed_at = due_at + dt.timedelta(minutes=settings.grace_minutes)
    recorded = any(r.source == service.WELFARE_MISSED and (r.recorded_at, r.seq) > last_reset for r in rows)
    state = "ok" if now < due_at else "due" if now < missed_at else "missed"
    return CheckinStatus(state, due_at, missed_at, last_ok, recorded, settings)


INCIDENT_INTERVAL_MINUTES = 15.0
"""While an incident is running, check-ins are due at least this often."""


def _interval(ctx: AppContext, settings: WelfareSettings) -> float:
    """Check-ins tighten automatically while a (major) incident is running."""
    from app.incidents.models import Incident

    if settings.interval_minutes <= INCIDENT_INTERVAL_MINUTES:
        return settings.interval_minutes
    with ctx.read() as session:
        running = session.execute(
            select(Incident.id).where(Incident.closed_at.is_(None), Incident.deleted.is_(False)).limit(1)
        ).first()
    return INCIDENT_INTERVAL_MINUTES if running else settings.interval_minutes


def check_in(ctx: AppContext, note: str = "", *, at: dt.datetime | None = None) -> EntryInfo:
    """The officer says they are safe: logged, and the next check-in is due an interval later.
    ``at``: when (default now; the alert service passes its clock)."""
    current = status(ctx, now=at)
    if current.state == OFF:
        raise ValidationError("No welfare check-in timer is running (start a shift with check-ins).")
    late = " (after a missed check-in)" if current.state == "missed" or current.missed_recorded else ""
    text = f"Welfare check-in: safe{late}." + (f" {note.strip()}" if note.strip() else "")
    return service.add_entry(ctx, text, category="welfare", source=service.WELFARE_OK, event_at=at)


def record_missed(ctx: AppContext, *, now: dt.datetime | None = None) -> EntryInfo | None:
    """If the check-in is missed and not yet recorded, log the miss (with the escalation
    instructions shown) and return it; otherwise None. Safe to call repeatedly."""
    current = status(ctx, now=now)
    if current.state != "missed" or current.missed_recorded or current.due_at is None:
        return None
    settings = current.settings
    due_local = current.due_at.astimezone()
    contact = f" Contact: {settings.contact}." if settings.contact else ""
    text = (
        f"Missed welfare check-in (due {due_local:%H:%M}). Escalation shown to the officer: "
        f"{settings.escalation}{contact}"
    )
    when = min(now or utcnow(), utcnow())
    return service.add_entry(ctx, text, category="welfare", source=service.WELFARE_MISSED, event_at=when)
