"""Starting and ending shifts, and adding entries to the log.

Every function is one unit of work. ``add_entry`` is the single way anything (the
officer, an incident checklist, a welfare check-in) writes to the log, so numbering,
the hash chain and the rules are applied in one place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.context import AppContext
from app.db.base import utcnow
from app.db.ids import new_id
from app.errors import NotFoundError, ValidationError
from app.shiftlog import chain
from app.shiftlog.models import LogEntry, Shift
from app.shiftlog.vocab import CATEGORIES, CHANNELS

FUTURE_TOLERANCE = dt.timedelta(minutes=1)
LATE_AFTER = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class ShiftInfo:
    id: str
    officer: str
    started_at: dt.datetime
    ended_at: dt.datetime | None
    handover: str
    finished_safely: bool

    @property
    def running(self) -> bool:
        return self.ended_at is None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "officer": self.officer,
            "started_at": self.started_at.isoformat(),
            "ended_at": self.ended_at.isoformat() if self.ended_at else None,
            "handover": self.handover,
            "finished_safely": self.finished_safely,
        }


@dataclass(frozen=True)
class EntryInfo:
    id: str
    shift_id: str | None
    seq: int
    officer: str
    text: str
    category: str
    channel: str | None
    link: str | None
    event_at: dt.datetime
    recorded_at: dt.datetime
    open: bool
    due: dt.date | None
    rationale: str | None
    amends: str | None
    amend_reason: str | None
    outside_shift: bool
    source: str | None

    @property
    def late(self) -> bool:
        return self.recorded_at - self.event_at > LATE_AFTER

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "shift_id": self.shift_id,
            "seq": self.seq,
            "officer": self.officer,
            "text": self.text,
            "category": self.category,
            "channel": self.channel,
            "link": self.link,
            "event_at": self.event_at.isoformat(),
            "recorded_at": self.recorded_at.isoformat(),
            "late": self.late,
            "open": self.open,
            "due": self.due.isoformat() if self.due else None,
            "rationale": self.rationale,
            "amends": self.amends,
            "amend_reason": self.amend_reason,
            "outside_shift": self.outside_shift,
            "source": self.source,
        }


def shift_info(row: Shift) -> ShiftInfo:
    return ShiftInfo(row.id, row.officer, row.started_at, row.ended_at, row.handover, row.finished_safely)


def entry_info(row: LogEntry) -> EntryInfo:
    return EntryInfo(
        id=row.id, shift_id=row.shift_id, seq=row.seq, officer=row.officer, text=row.text,
        category=row.category, channel=row.channel, link=row.link, event_at=row.event_at,
        recorded_at=row.recorded_at, open=row.is_open, due=row.due, rationale=row.rationale,
        amends=row.amends, amend_reason=row.amend_reason, outside_shift=row.outside_shift,
        source=row.source,
    )


# --- shifts ------------------------------------------------------------------------
def _running_shift(session: Session, officer: str) -> Shift | None:
    return session.execute(
        select(Shift)
        .where(Shift.officer == officer, Shift.ended_at.is_(None), Shift.deleted.is_(False))
        .order_by(Shift.started_at.desc())
    ).scalars().first()


def current_shift(ctx: AppContext) -> ShiftInfo | None:
    """The running shift of this laptop's officer (resumed after a crash or restart)."""
    with ctx.read() as session:
        row = _running_shift(session, ctx.officer)
        return shift_info(row) if row else None


def start_shift(ctx: AppContext, *, at: dt.datetime | None = None, rota_shift_id: str | None = None) -> ShiftInfo:
    started = _checked_time(at, "The shift start")
    with ctx.write() as session:
        running = _running_shift(session, ctx.officer)
        if running is not None:
            raise ValidationError(
                f"A shift is already running (started {running.started_at.astimezone():%a %d %b %H:%M}). "
                "End it before starting another."
            )
        row = Shift(officer=ctx.officer, started_at=started, rota_shift_id=rota_shift_id, handover="")
        session.add(row)
        session.flush()
        return shift_info(row)


def end_shift(
    ctx: AppContext, *, handover: str = "", at: dt.datetime | None = None, finished_safely: bool = True
) -> ShiftInfo:
    ended = _checked_time(at, "The shift end")
    with ctx.write() as session:
        row = _running_shift(session, ctx.officer)
        if row is None:
            raise ValidationError("No shift is running, so there is nothing to end.")
        if ended < row.started_at:
            raise ValidationError("A shift cannot end before it started.")
        row.ended_at = ended
        row.handover = handover.strip()
        row.finished_safely = finished_safely
        session.flush()
        return shift_info(row)


def get_shift(ctx: AppContext, shift_id: str) -> ShiftInfo:
    with ctx.read() as session:
        row = session.get(Shift, shift_id)
        if row is None or row.deleted:
            raise NotFoundError(f"No shift with id {shift_id}.")
        return shift_info(row)


# --- entries -----------------------------------------------------------------------
def add_entry(
    ctx: AppContext,
    text: str,
    *,
    category: str = "note",
    channel: str | None = None,
    link: str | None = None,
    event_at: dt.datetime | None = None,
    is_open: bool = False,
    due: dt.date | None = None,
    rationale: str | None = None,
    source: str | None = None,
    session: Session | None = None,
) -> EntryInfo:
    """Append an entry. Pass ``session`` to write inside a caller's unit of work
    (an incident step and its log line commit together)."""
    text = text.strip()
    if not text:
        raise ValidationError("A log entry needs some text.")
    if category not in CATEGORIES:
        raise ValidationError(f"Unknown category {category!r}; use one of: {', '.join(CATEGORIES)}.")
    if channel is not None and channel not in CHANNELS:
        raise ValidationError(f"Unknown channel {channel!r}; use one of: {', '.join(CHANNELS)}.")
    if category == "decision" and not (rationale or "").strip():
        raise ValidationError("A decision needs its rationale: say why it was decided.")
    when = _checked_time(event_at, "The time of the event")
    if session is not None:
        return _append(session, ctx, text, category, channel, link, when, is_open, due, rationale, source)
    with ctx.write() as own:
        return _append(own, ctx, text, category, channel, link, when, is_open, due, rationale, source)


def _append(
    session: Session, ctx: AppContext, text: str, category: str, channel: str | None, link: str | None,
    when: dt.datetime, is_open: bool, due: dt.date | None, rationale: str | None, source: str | None,
    *, amends: str | None = None, amend_reason: str | None = None,
) -> EntryInfo:
    shift = _running_shift(session, ctx.officer)
    key = shift.id if shift else f"outside:{ctx.officer}:{ctx.device_id}"
    last = last_in_chain(session, key)
    row = LogEntry(
        id=new_id(), shift_id=shift.id if shift else None, chain_key=key,
        seq=(last.seq + 1) if last else 1, officer=ctx.officer, text=text, category=category,
        channel=channel, link=(link or None), event_at=when, recorded_at=utcnow(), is_open=is_open,
        due=due, rationale=(rationale or "").strip() or None, amends=amends, amend_reason=amend_reason,
        outside_shift=shift is None, source=source, prev_hash=last.entry_hash if last else chain.GENESIS,
    )
    row.entry_hash = chain.entry_hash(row.prev_hash, row)
    session.add(row)
    session.flush()
    return entry_info(row)


def last_in_chain(session: Session, chain_key: str) -> LogEntry | None:
    return session.execute(
        select(LogEntry).where(LogEntry.chain_key == chain_key).order_by(LogEntry.seq.desc()).limit(1)
    ).scalar_one_or_none()


def list_entries(ctx: AppContext, *, shift_id: str) -> list[EntryInfo]:
    with ctx.read() as session:
        rows = session.execute(
            select(LogEntry).where(LogEntry.shift_id == shift_id).order_by(LogEntry.seq)
        ).scalars()
        return [entry_info(row) for row in rows]


def _checked_time(value: dt.datetime | None, what: str) -> dt.datetime:
    now = utcnow()
    if value is None:
        return now
    if value.tzinfo is None:
        raise ValidationError(f"{what} needs a time zone.")
    if value - now > FUTURE_TOLERANCE:
        raise ValidationError(f"{what} cannot be in the future ({value.astimezone():%Y-%m-%d %H:%M}).")
    return value.astimezone(dt.timezone.utc)
