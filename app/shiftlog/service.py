"""Starting and ending shifts, and adding entries to the log.

Every function is one unit of work. ``add_entry`` is the single way anything (the
officer, an incident checklist, a welfare check-in) writes to the log, so numbering,
the hash chain and the rules are applied in one place.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.context import AppContext
from app.db.base import utcnow
from app.db.lookup import by_id_or_prefix
from app.db.ids import new_id
from app.errors import NotFoundError, ValidationError
from app.validation.text import free_text, optional_text
from app.shiftlog import chain
from app.shiftlog.models import HandoverItem, LogEntry, Shift
from app.shiftlog.teamsettings import read_welfare
from app.shiftlog.vocab import CATEGORIES, CHANNELS
from app.team.service import name_key
from app.validation import dates

FUTURE_TOLERANCE = dt.timedelta(minutes=1)
LATE_AFTER = dt.timedelta(minutes=15)

# ``source`` values of entries the shift log writes itself.
HANDOVER_SOURCE = "handover"
ACK_PREFIX = "ack:"
WELFARE_TIMER = "welfare:timer"
WELFARE_OK = "welfare:ok"
WELFARE_MISSED = "welfare:missed"
WELFARE_FINISHED = "welfare:finished"


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
    amended: bool = False  # a later entry corrects this one (it stays visible)

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
            "amended": self.amended,
        }


def shift_info(row: Shift) -> ShiftInfo:
    return ShiftInfo(row.id, row.officer, row.started_at, row.ended_at, row.handover, row.finished_safely)


def entry_info(row: LogEntry, amended: bool = False) -> EntryInfo:
    return EntryInfo(
        id=row.id, shift_id=row.shift_id, seq=row.seq, officer=row.officer, text=row.text,
        category=row.category, channel=row.channel, link=row.link, event_at=row.event_at,
        recorded_at=row.recorded_at, open=row.is_open, due=row.due, rationale=row.rationale,
        amends=row.amends, amend_reason=row.amend_reason, outside_shift=row.outside_shift,
        source=row.source, amended=amended,
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


def start_shift(
    ctx: AppContext,
    *,
    at: dt.datetime | None = None,
    rota_shift_id: str | None = None,
    checkins: bool | None = None,
) -> ShiftInfo:
    """Start this officer's shift. ``checkins``: start the lone-worker welfare timer
    (default: when the team has set a check-in interval)."""
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
        welfare = read_welfare(session)
        if checkins is None:
            checkins = welfare.enabled
        if checkins:
            if not welfare.enabled:
                raise ValidationError(
                    "The team has no check-in interval set: set one in Settings > Shift log first."
                )
            _append(
                session, ctx, f"Welfare check-ins every {welfare.interval_minutes:g} minutes from shift start.",
                "welfare", None, None, started, False, None, None, WELFARE_TIMER,
            )
        return shift_info(row)


def end_shift(
    ctx: AppContext, *, handover: str = "", at: dt.datetime | None = None, finished_safely: bool = True
) -> ShiftInfo:
    """End the running shift: the handover note goes into the log, every open item is
    handed over for the next officer to acknowledge, and "finished safely" is logged."""
    ended = _checked_time(at, "The shift end")
    with ctx.write() as session:
        row = _running_shift(session, ctx.officer)
        if row is None:
            raise ValidationError("No shift is running, so there is nothing to end.")
        if ended < row.started_at:
            raise ValidationError("A shift cannot end before it started.")
        note = handover.strip()
        if note:
            _append(session, ctx, note, "handover", None, None, ended, False, None, None, HANDOVER_SOURCE)
        for item in _open_rows(session):
            session.add(HandoverItem(
                from_shift_id=row.id, from_officer=row.officer, entry_id=item.id, entry_seq=item.seq,
                entry_text=item.text, due=item.due,
            ))
        if finished_safely:
            _append(session, ctx, "Finished safely.", "welfare", None, None, ended, False, None, None,
                    WELFARE_FINISHED)
        row.ended_at = ended
        row.handover = note
        row.finished_safely = finished_safely
        session.flush()
        return shift_info(row)


def list_shifts(
    ctx: AppContext, *, start: dt.datetime | None = None, end: dt.datetime | None = None
) -> list[ShiftInfo]:
    """Shifts overlapping ``[start, end)``, oldest first."""
    with ctx.read() as session:
        query = select(Shift).where(Shift.deleted.is_(False)).order_by(Shift.started_at)
        if end is not None:
            query = query.where(Shift.started_at < end)
        if start is not None:
            query = query.where((Shift.ended_at.is_(None)) | (Shift.ended_at >= start))
        return [shift_info(r) for r in session.execute(query).scalars()]


def last_shift(ctx: AppContext) -> ShiftInfo | None:
    """The running shift of this officer, else the most recently started shift."""
    running = current_shift(ctx)
    if running is not None:
        return running
    with ctx.read() as session:
        row = session.execute(
            select(Shift).where(Shift.deleted.is_(False)).order_by(Shift.started_at.desc()).limit(1)
        ).scalar_one_or_none()
        return shift_info(row) if row else None


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
    text = free_text(text, what="The log entry")
    rationale = optional_text(rationale, what="The rationale")
    link = optional_text(link, what="The link", max_length=2000)
    if not text:
        raise ValidationError("A log entry needs some text.")
    _check_vocab(category, channel)
    if category == "decision" and not (rationale or "").strip():
        raise ValidationError("A decision needs its rationale: say why it was decided.")
    when = _checked_time(event_at, "The time of the event")
    if due is not None:
        dates.check_date(due, "The due date")
    if session is not None:
        return _append(session, ctx, text, category, channel, link, when, is_open, due, rationale, source)
    with ctx.write() as own:
        return _append(own, ctx, text, category, channel, link, when, is_open, due, rationale, source)


def _append(
    session: Session, ctx: AppContext, text: str, category: str, channel: str | None, link: str | None,
    when: dt.datetime, is_open: bool, due: dt.date | None, rationale: str | None, source: str | None,
    *, amends: str | None = None, amend_reason: str | None = None,
) -> EntryInfo:
    shift_id, key, seq, prev_hash = _chain_tail(session, ctx)
    recorded = utcnow()
    row = LogEntry(
        id=new_id(), shift_id=shift_id, chain_key=key,
        seq=seq + 1, officer=ctx.officer, text=text, category=category,
        channel=channel, link=(link or None), event_at=when, recorded_at=recorded, is_open=is_open,
        due=due, rationale=(rationale or "").strip() or None, amends=amends, amend_reason=amend_reason,
        outside_shift=shift_id is None, source=source, prev_hash=prev_hash,
        created_at=recorded, created_by=ctx.officer, created_device=ctx.device_id, updated_by=ctx.officer,
    )
    row.entry_hash = chain.entry_hash(row.prev_hash, row)
    session.add(row)
    session.info[_TAIL_CACHE][ctx.officer] = (shift_id, key, row.seq, row.entry_hash)
    return entry_info(row)


_TAIL_CACHE = "shiftlog.chain_tail"


def _chain_tail(session: Session, ctx: AppContext) -> tuple[str | None, str, int, str]:
    """(shift id, chain key, last seq, last hash) of the chain this officer writes to.

    Remembered for the rest of the unit of work: the write lock (BEGIN IMMEDIATE) is
    held, so no one else can append meanwhile, and many entries added in one unit of
    work (an import, an incident checklist) cost no extra queries."""
    cache = session.info.setdefault(_TAIL_CACHE, {})
    if ctx.officer in cache:
        return cache[ctx.officer]
    shift = _running_shift(session, ctx.officer)
    key = chain.chain_key(shift.id if shift else None, ctx.officer, ctx.device_id)
    last = last_in_chain(session, key)
    tail = (shift.id if shift else None, key, last.seq if last else 0,
            last.entry_hash if last else chain.genesis(key, shift))
    cache[ctx.officer] = tail
    return tail


def last_in_chain(session: Session, chain_key: str) -> LogEntry | None:
    return session.execute(
        select(LogEntry).where(LogEntry.chain_key == chain_key).order_by(LogEntry.seq.desc()).limit(1)
    ).scalar_one_or_none()


@dataclass(frozen=True)
class EntryFilter:
    """Which entries to list: one shift, or a period, narrowed by category, channel, officer."""

    shift_id: str | None = None
    start: dt.datetime | None = None  # event time, inclusive
    end: dt.datetime | None = None  # event time, exclusive
    category: str | None = None
    channel: str | None = None
    officer: str | None = None
    newest_first: bool = False

    def apply(self, query: Any) -> Any:
        query = query.where(LogEntry.deleted.is_(False))
        if self.shift_id is not None:
            query = query.where(LogEntry.shift_id == self.shift_id)
        if self.start is not None:
            query = query.where(LogEntry.event_at >= self.start)
        if self.end is not None:
            query = query.where(LogEntry.event_at < self.end)
        if self.category:
            query = query.where(LogEntry.category == self.category)
        if self.channel:
            query = query.where(LogEntry.channel == self.channel)
        if self.officer:
            query = query.where(LogEntry.officer == self.officer)
        return query

    def order(self, query: Any) -> Any:
        keys = [LogEntry.recorded_at, LogEntry.seq]  # a shift's entries may come from several laptops
        return query.order_by(*(k.desc() for k in keys) if self.newest_first else keys)


def _with_amended(session: Session, rows: list[LogEntry]) -> list[EntryInfo]:
    ids = [r.id for r in rows]
    amended: set[str] = set()
    for start in range(0, len(ids), 500):
        amended.update(session.execute(
            select(LogEntry.amends).where(LogEntry.amends.in_(ids[start:start + 500]), LogEntry.deleted.is_(False))
        ).scalars())
    return [entry_info(r, r.id in amended) for r in rows]


def list_entries(
    ctx: AppContext,
    *,
    shift_id: str | None = None,
    where: EntryFilter | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> list[EntryInfo]:
    """Entries of a shift (by number) or matching ``where`` (by time recorded);
    ``offset``/``limit`` page through long logs."""
    flt = where or EntryFilter(shift_id=shift_id)
    if shift_id is not None and where is not None:
        flt = dataclasses.replace(where, shift_id=shift_id)
    with ctx.read() as session:
        query = flt.order(flt.apply(select(LogEntry))).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        return _with_amended(session, list(session.execute(query).scalars()))


def amendments_of(ctx: AppContext, entry_ids: list[str]) -> list[EntryInfo]:
    """Every entry that amends one of ``entry_ids`` (wherever it was recorded)."""
    found: list[LogEntry] = []
    with ctx.read() as session:
        for start in range(0, len(entry_ids), 500):
            found += session.execute(
                select(LogEntry).where(LogEntry.amends.in_(entry_ids[start:start + 500]), LogEntry.deleted.is_(False))
            ).scalars()
        found.sort(key=lambda r: (r.recorded_at, r.seq))
        return _with_amended(session, found)


def count_entries(ctx: AppContext, where: EntryFilter) -> int:
    with ctx.read() as session:
        return session.execute(where.apply(select(func.count()).select_from(LogEntry))).scalar_one()


def get_entry(ctx: AppContext, entry_id: str) -> EntryInfo:
    with ctx.read() as session:
        row = _find_entry(session, entry_id)
        return _with_amended(session, [row])[0]


def _find_entry(session: Session, entry_id: str) -> LogEntry:
    """An entry by id, or by an unambiguous id prefix of at least 6 characters."""
    row = by_id_or_prefix(session, LogEntry, entry_id, shortest=6,
                          several="{given!r} matches several entries; give more of the id.")
    if row is None:
        raise NotFoundError(f"No log entry with id {entry_id.strip()!r}. Use `dutydesk log list` to see ids.")
    return row


_KEEP: Any = object()


def amend_entry(
    ctx: AppContext,
    entry_id: str,
    text: str,
    *,
    reason: str,
    category: str | None = None,
    channel: Any = _KEEP,
    link: Any = _KEEP,
    is_open: bool | None = None,
    due: Any = _KEEP,
    rationale: str | None = None,
) -> EntryInfo:
    """Correct an entry by adding a new one that points at it (``amends``). The
    original is never changed: both stay in the log, with who amended, when and why.
    Fields not given are carried over from the original."""
    text = free_text(text, what="The corrected text")
    reason = free_text(reason, what="The reason")
    rationale = optional_text(rationale, what="The rationale")
    if not text:
        raise ValidationError("An amendment needs the corrected text.")
    if not reason:
        raise ValidationError("Say why the entry is amended (--reason).")
    with ctx.write() as session:
        original = _find_entry(session, entry_id)
        category = category or original.category
        channel = original.channel if channel is _KEEP else channel
        _check_vocab(category, channel)
        rationale = rationale if rationale is not None else original.rationale
        if category == "decision" and not (rationale or "").strip():
            raise ValidationError("A decision needs its rationale: say why it was decided.")
        return _append(
            session, ctx, text, category, channel, original.link if link is _KEEP else link,
            original.event_at, original.is_open if is_open is None else is_open,
            original.due if due is _KEEP else due, rationale, original.source,
            amends=original.id, amend_reason=reason,
        )


def close_item(ctx: AppContext, entry_id: str, note: str) -> EntryInfo:
    """Close an open item: an amendment that is no longer open, saying how it was closed."""
    original = get_entry(ctx, entry_id)
    if not original.open:
        raise ValidationError(f"Entry #{original.seq} is not an open item.")
    if original.amended:
        raise ValidationError(f"Entry #{original.seq} was amended since: close the newest version.")
    note = free_text(note, what="The closing note") or "Closed."
    return amend_entry(ctx, original.id, original.text, reason=f"Closed: {note}", is_open=False)


def _open_rows(session: Session) -> list[LogEntry]:
    superseded = select(LogEntry.amends).where(LogEntry.amends.is_not(None), LogEntry.deleted.is_(False))
    return list(session.execute(
        select(LogEntry)
        .where(LogEntry.is_open.is_(True), LogEntry.deleted.is_(False), LogEntry.id.not_in(superseded))
        .order_by(LogEntry.due.is_(None), LogEntry.due, LogEntry.recorded_at)
    ).scalars())


def open_items(ctx: AppContext) -> list[EntryInfo]:
    """Entries still open (their newest version is flagged open), soonest due first."""
    with ctx.read() as session:
        return [entry_info(r) for r in _open_rows(session)]


# --- handover ----------------------------------------------------------------------
@dataclass(frozen=True)
class HandoverItemInfo:
    id: str
    from_shift_id: str
    from_officer: str
    entry_id: str
    entry_seq: int
    entry_text: str
    due: dt.date | None
    acknowledged_at: dt.datetime | None
    acknowledged_by: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "from_shift_id": self.from_shift_id, "from_officer": self.from_officer,
            "entry_id": self.entry_id, "entry_seq": self.entry_seq, "text": self.entry_text,
            "due": self.due.isoformat() if self.due else None,
            "acknowledged_at": self.acknowledged_at.isoformat() if self.acknowledged_at else None,
            "acknowledged_by": self.acknowledged_by,
        }


def _item_info(row: HandoverItem) -> HandoverItemInfo:
    return HandoverItemInfo(
        row.id, row.from_shift_id, row.from_officer, row.entry_id, row.entry_seq, row.entry_text, row.due,
        row.acknowledged_at, row.acknowledged_by,
    )


def handover_items(ctx: AppContext, shift_id: str) -> list[HandoverItemInfo]:
    with ctx.read() as session:
        rows = session.execute(
            select(HandoverItem).where(HandoverItem.from_shift_id == shift_id, HandoverItem.deleted.is_(False))
            .order_by(HandoverItem.entry_seq)
        ).scalars()
        return [_item_info(r) for r in rows]


def _is_me(ctx: AppContext, officer: str) -> bool:
    return name_key(officer) == name_key(ctx.officer)


def pending_handover(ctx: AppContext) -> list[HandoverItemInfo]:
    """Items handed over at the end of the latest finished shift, not yet acknowledged."""
    with ctx.read() as session:
        latest = session.execute(
            select(Shift).where(Shift.ended_at.is_not(None), Shift.deleted.is_(False))
            .order_by(Shift.ended_at.desc()).limit(1)
        ).scalar_one_or_none()
        if latest is None:
            return []
        rows = session.execute(
            select(HandoverItem).where(
                HandoverItem.from_shift_id == latest.id, HandoverItem.acknowledged_at.is_(None),
                HandoverItem.deleted.is_(False),
            ).order_by(HandoverItem.entry_seq)
        ).scalars()
        return [_item_info(r) for r in rows if not _is_me(ctx, r.from_officer)]  # nobody acknowledges their own


def acknowledge(ctx: AppContext, item_ids: list[str]) -> list[EntryInfo]:
    """Acknowledge handed-over items; each acknowledgement is a log entry."""
    written: list[EntryInfo] = []
    with ctx.write() as session:
        for item_id in item_ids:
            row = session.get(HandoverItem, item_id)
            if row is None or row.deleted:
                raise NotFoundError(f"No handed-over item with id {item_id!r}.")
            if row.acknowledged_at is not None:
                continue
            if _is_me(ctx, row.from_officer):
                raise ValidationError("You handed this item over yourself: the next officer acknowledges it.")
            entry = _append(
                session, ctx, f"Acknowledged handed-over item #{row.entry_seq} from {row.from_officer}: "
                f"{row.entry_text}", "handover", None, None, utcnow(), False, None, None,
                ACK_PREFIX + row.entry_id,
            )
            row.acknowledged_at = entry.recorded_at
            row.acknowledged_by = ctx.officer
            row.ack_entry_id = entry.id
            written.append(entry)
    return written


def _check_vocab(category: str, channel: str | None) -> None:
    if category not in CATEGORIES:
        raise ValidationError(f"Unknown category {category!r}; use one of: {', '.join(CATEGORIES)}.")
    if channel is not None and channel not in CHANNELS:
        raise ValidationError(f"Unknown channel {channel!r}; use one of: {', '.join(CHANNELS)}.")


def _checked_time(value: dt.datetime | None, what: str) -> dt.datetime:
    now = utcnow()
    if value is None:
        return now
    if value.tzinfo is None:
        raise ValidationError(f"{what} needs a time zone.")
    dates.check_datetime(value, what)
    if value - now > FUTURE_TOLERANCE:
        raise ValidationError(f"{what} cannot be in the future ({value.astimezone():%Y-%m-%d %H:%M}).")
    return value.astimezone(dt.timezone.utc)
