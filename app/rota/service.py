"""Rota services: patterns, shifts, leave, swaps, checks, who is on.

Each writing function is one unit of work (``ctx.write()``): it validates first and
changes nothing when the input is refused. Officers are the team's ``Officer`` rows
(``app.team.service``); an unknown name raises its ``NotFoundError``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.cli.support import local_zone
from app.context import AppContext
from app.db.base import utcnow
from app.errors import NotFoundError, ValidationError
from app.rota import rules as rules_mod
from app.rota import sequence
from app.rota.models import RotaLeave, RotaPattern, RotaShift
from app.rota.patterns import BUILTIN_NAME, PatternSpec, builtin_patterns, expand, pattern_from_json, validate_windows
from app.rota.records import LEAVE_KINDS, CheckReport, LeaveInfo, ShiftInfo
from app.rota.rules import Rules, local_midnight
from app.team.models import Officer, TeamSetting
from app.team.service import OfficerInfo, find_officer, list_officers
from app.validation import dates
from app.validation import names as name_check, periods
from app.validation.text import free_text

NATIONS = {"ENG": "England", "WLS": "Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}
WINDOWS_KEY = "rota.service_windows"
NATION_KEY = "rota.nation"
RULES_KEY = "rota.rules"
MAX_SHIFT = dt.timedelta(hours=24)
HISTORY = dt.timedelta(weeks=17)
AHEAD = dt.timedelta(days=14)


def zone() -> dt.tzinfo:
    return local_zone()


# --- officers ----------------------------------------------------------------------
def _officer_names(session: Session, ids: Collection[str] | None = None) -> dict[str, str]:
    """Names by id; only ``ids`` when given (a few shifts need not read a whole synced team)."""
    wanted = () if ids is None or len(ids) > 500 else (Officer.id.in_(ids),)
    return dict(session.execute(select(Officer.id, Officer.name).where(*wanted)).all())


def resolve_officer(ctx: AppContext, name: str | None) -> OfficerInfo | None:
    """An officer by name; None for an open shift ("", "-", "open")."""
    if name is None or name.strip().lower() in ("", "-", "open"):
        return None
    return find_officer(ctx, name)


# --- team settings -----------------------------------------------------------------
def _get_setting(session: Session, key: str) -> TeamSetting | None:
    return session.execute(
        select(TeamSetting).where(TeamSetting.key == key, TeamSetting.deleted.is_(False))
        .order_by(TeamSetting.hlc.desc())
    ).scalars().first()


def _read_setting(ctx: AppContext, key: str, default: Any) -> Any:
    with ctx.read() as session:
        row = _get_setting(session, key)
        return default if row is None else row.value


def _write_setting(ctx: AppContext, key: str, value: Any) -> None:
    with ctx.write() as session:
        row = _get_setting(session, key)
        if row is None:
            session.add(TeamSetting(key=key, value=value))
        else:
            row.value = value


def default_windows() -> dict[str, list[list[str]]]:
    return get_builtin(BUILTIN_NAME).service_windows


def service_windows(ctx: AppContext) -> dict[str, list[list[str]]]:
    return _read_setting(ctx, WINDOWS_KEY, None) or default_windows()


def set_service_windows(ctx: AppContext, windows: dict[str, Any]) -> dict[str, list[list[str]]]:
    cleaned = validate_windows(windows)
    _write_setting(ctx, WINDOWS_KEY, cleaned)
    return cleaned


def nation(ctx: AppContext) -> str:
    return _read_setting(ctx, NATION_KEY, "ENG")


def set_nation(ctx: AppContext, code: str) -> str:
    code = code.strip().upper()
    if code not in NATIONS:
        raise ValidationError(f"Unknown UK nation {code!r}; use one of: {', '.join(NATIONS)}.")
    _write_setting(ctx, NATION_KEY, code)
    return code


def working_time_rules(ctx: AppContext) -> Rules:
    return Rules.from_json(_read_setting(ctx, RULES_KEY, None), strict=False)


def set_working_time_rules(ctx: AppContext, values: dict[str, Any]) -> Rules:
    Rules.from_json(values)  # junk typed now is refused, not merged
    merged = {**working_time_rules(ctx).as_json(), **values}
    rules = Rules.from_json(merged)
    _write_setting(ctx, RULES_KEY, rules.as_json())
    return rules


def bank_holidays(ctx: AppContext, start: dt.date, end: dt.date, code: str | None = None) -> dict[dt.date, str]:
    """Bank holidays (including one-off days) from the ``holidays`` package."""
    code = code or nation(ctx)
    import holidays as holidays_lib  # loaded on first use: it is slow to import

    table = holidays_lib.country_holidays("GB", subdiv=code, years=range(start.year, end.year + 1))
    return {day: name for day, name in sorted(table.items()) if start <= day <= end}


# --- patterns ----------------------------------------------------------------------
def get_builtin(name: str) -> PatternSpec:
    for spec in builtin_patterns():
        if spec.name == name:
            return spec
    raise NotFoundError(f"No built-in pattern {name!r}.")


def list_patterns(ctx: AppContext) -> list[PatternSpec]:
    found = builtin_patterns()
    with ctx.read() as session:
        rows = session.execute(
            select(RotaPattern).where(RotaPattern.deleted.is_(False)).order_by(RotaPattern.name)
        ).scalars()
        found += [pattern_from_json(row.definition) for row in rows]
    return found


def get_pattern(ctx: AppContext, name: str) -> PatternSpec:
    for spec in list_patterns(ctx):
        if spec.name.lower() == name.strip().lower():
            return spec
    known = ", ".join(p.name for p in list_patterns(ctx))
    raise NotFoundError(f"No pattern called {name!r}. Known patterns: {known}.")


def save_pattern(ctx: AppContext, data: dict[str, Any]) -> PatternSpec:
    """Create or replace a team pattern (the built-in one is read-only: save a copy)."""
    spec = pattern_from_json(data)
    if any(p.name.lower() == spec.name.lower() for p in builtin_patterns()):
        raise ValidationError(f"{spec.name!r} is built in and cannot be changed; save it under another name.")
    definition = spec.as_json()
    definition.pop("builtin", None)
    definition.pop("weekly_paid_hours", None)
    with ctx.write() as session:
        row = session.execute(
            select(RotaPattern).where(func.lower(RotaPattern.name) == spec.name.lower(), RotaPattern.deleted.is_(False))
        ).scalars().first()
        if row is None:
            session.add(RotaPattern(name=spec.name, weeks=spec.weeks, definition=definition))
        else:
            row.weeks = spec.weeks
            row.definition = definition
    return spec


def delete_pattern(ctx: AppContext, name: str) -> None:
    with ctx.write() as session:
        row = session.execute(
            select(RotaPattern).where(func.lower(RotaPattern.name) == name.strip().lower(), RotaPattern.deleted.is_(False))
        ).scalars().first()
        if row is None:
            raise NotFoundError(f"No team pattern called {name!r} (built-in patterns cannot be deleted).")
        row.deleted = True


# --- shifts ------------------------------------------------------------------------
def _info(row: RotaShift, names: dict[str, str]) -> ShiftInfo:
    return ShiftInfo(
        id=row.id, officer_id=row.officer_id,
        officer=names.get(row.officer_id, "(unknown)") if row.officer_id else None,
        kind=row.kind, start=row.start, end=row.end, unpaid_break_minutes=row.unpaid_break_minutes,
        pattern=row.pattern, note=row.note,
    )


def _day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    if end < start:
        raise ValidationError(f"The end date {end} is before the start date {start}.")
    periods.period(start, end)
    return local_midnight(start, zone()), local_midnight(periods.day_after(end), zone())


def _load_shifts(
    session: Session, a: dt.datetime, b: dt.datetime, officer_id: str | None = None
) -> list[ShiftInfo]:
    query = select(RotaShift).where(
        RotaShift.deleted.is_(False), RotaShift.start >= a, RotaShift.start < b
    ).order_by(RotaShift.start, RotaShift.officer_id)
    if officer_id is not None:
        query = query.where(RotaShift.officer_id == officer_id)
    rows = session.execute(query).scalars().all()
    names = _officer_names(session, {r.officer_id for r in rows if r.officer_id})
    return [_info(row, names) for row in rows]


def list_shifts(
    ctx: AppContext, start: dt.date, end: dt.date, *, officer: str | None = None
) -> list[ShiftInfo]:
    """Shifts starting on the local days ``start``..``end`` (included)."""
    a, b = _day_bounds(start, end)
    officer_id = find_officer(ctx, officer).id if officer else None
    with ctx.read() as session:
        return _load_shifts(session, a, b, officer_id)


def get_shift(ctx: AppContext, shift_id: str) -> ShiftInfo:
    with ctx.read() as session:
        return _info(_shift_row(session, shift_id), _officer_names(session))


def _shift_row(session: Session, shift_id: str, *, include_deleted: bool = False) -> RotaShift:
    row = session.get(RotaShift, shift_id.strip())
    if row is None and len(shift_id.strip()) >= 6:
        matches = session.execute(
            select(RotaShift).where(RotaShift.id.like(f"%{shift_id.strip()}"))
        ).scalars().all()
        row = matches[0] if len(matches) == 1 else None
    if row is None or (row.deleted and not include_deleted):
        raise NotFoundError(f"No rota shift with id {shift_id}.")
    return row


def _validate_times(start: dt.datetime, end: dt.datetime, unpaid: int) -> None:
    if start.tzinfo is None or end.tzinfo is None:
        raise ValidationError("Shift times need a time zone.")
    if end <= start:
        raise ValidationError(
            f"The shift ends ({end.astimezone(zone()):%a %d %b %H:%M}) before or when it starts "
            f"({start.astimezone(zone()):%a %d %b %H:%M})."
        )
    if end - start > MAX_SHIFT:
        raise ValidationError("A shift can last at most 24 hours.")
    if not 0 <= unpaid < (end - start).total_seconds() / 60:
        raise ValidationError("The unpaid break must be shorter than the shift.")


def _clean_kind(kind: str) -> str:
    kind = name_check.name(kind or "", what="The shift type", max_length=30).lower() if (kind or "").strip() else ""
    if not kind or len(kind) > 30:
        raise ValidationError("A shift needs a type (early, late, night...), at most 30 characters.")
    return kind


def _refuse_double_booking(session: Session, officer_id: str | None, start: dt.datetime, end: dt.datetime,
                           ignore: Sequence[str] = ()) -> None:
    if officer_id is None:
        return
    clash = session.execute(
        select(RotaShift).where(
            RotaShift.deleted.is_(False), RotaShift.officer_id == officer_id,
            RotaShift.start < end, RotaShift.end > start, RotaShift.id.not_in(list(ignore)),
        )
    ).scalars().first()
    if clash is not None:
        names = _officer_names(session)
        raise ValidationError(
            f"{names.get(officer_id, officer_id)} already has a shift then "
            f"({_info(clash, names).label(zone())})."
        )


def add_shift(
    ctx: AppContext, *, officer: str | None, start: dt.datetime, end: dt.datetime, kind: str = "day",
    unpaid_break_minutes: int = 0, note: str = "",
) -> ShiftInfo:
    kind = _clean_kind(kind)
    note = free_text(note or "", what="The shift's note", max_length=2000)
    _validate_times(start, end, unpaid_break_minutes)
    who = resolve_officer(ctx, officer)
    with ctx.write() as session:
        _refuse_double_booking(session, who.id if who else None, start, end)
        row = RotaShift(
            officer_id=who.id if who else None, kind=kind, start=start.astimezone(dt.timezone.utc),
            end=end.astimezone(dt.timezone.utc), unpaid_break_minutes=unpaid_break_minutes,
            note=note,
        )
        session.add(row)
        session.flush()
        return _info(row, _officer_names(session))


_UNSET: Any = object()


def update_shift(
    ctx: AppContext, shift_id: str, *, officer: str | None = _UNSET, start: dt.datetime | None = None,
    end: dt.datetime | None = None, kind: str | None = None, unpaid_break_minutes: int | None = None,
) -> ShiftInfo:
    """Move (new start/end), reassign (officer; None or "" = open) or retype a shift."""
    who = _UNSET if officer is _UNSET else resolve_officer(ctx, officer)
    with ctx.write() as session:
        row = _shift_row(session, shift_id)
        new_start = start or row.start
        new_end = end or row.end
        if start is not None and end is None:  # moving keeps the length
            new_end = row.end + (start - row.start)
        unpaid = row.unpaid_break_minutes if unpaid_break_minutes is None else unpaid_break_minutes
        _validate_times(new_start, new_end, unpaid)
        officer_id = row.officer_id if who is _UNSET else (who.id if who else None)
        _refuse_double_booking(session, officer_id, new_start, new_end, ignore=[row.id])
        row.officer_id = officer_id
        row.start = new_start.astimezone(dt.timezone.utc)
        row.end = new_end.astimezone(dt.timezone.utc)
        row.unpaid_break_minutes = unpaid
        if kind is not None:
            row.kind = _clean_kind(kind)
        _bump(row)
        session.flush()
        return _info(row, _officer_names(session))


_bump = sequence.bump  # swaps and the solver count their changes the same way


def remove_shift(ctx: AppContext, shift_id: str) -> ShiftInfo:
    return remove_shifts(ctx, [shift_id])[0]


def remove_shifts(ctx: AppContext, shift_ids: Sequence[str]) -> list[ShiftInfo]:
    """Tombstone shifts in one unit of work (all or none)."""
    return _set_deleted(ctx, shift_ids, True)


def restore_shift(ctx: AppContext, shift_id: str) -> ShiftInfo:
    """Undo a removal (the tombstone is lifted)."""
    return restore_shifts(ctx, [shift_id])[0]


def restore_shifts(ctx: AppContext, shift_ids: Sequence[str]) -> list[ShiftInfo]:
    return _set_deleted(ctx, shift_ids, False)


def _set_deleted(ctx: AppContext, shift_ids: Sequence[str], deleted: bool) -> list[ShiftInfo]:
    with ctx.write() as session:
        names = _officer_names(session)
        out = []
        for shift_id in shift_ids:
            row = _shift_row(session, shift_id, include_deleted=not deleted)
            if row.deleted != deleted:
                if not deleted:
                    _refuse_double_booking(session, row.officer_id, row.start, row.end, ignore=[row.id])
                row.deleted = deleted
                _bump(row)
                session.flush()
            out.append(_info(row, names))
        return out


def apply_pattern(
    ctx: AppContext, name: str, *, start: dt.date, weeks: int, officers: Sequence[str]
) -> list[ShiftInfo]:
    """Create the pattern's shifts: officer ``i`` starts on pattern week ``i + 1``.

    With fewer officers than pattern weeks, the missing lines become open shifts (to
    fill); "-" in the list also means an open line.
    """
    dates.check_date(start, "The pattern's first day")
    spec = get_pattern(ctx, name)
    if not officers:
        raise ValidationError("Name the officers to put on the pattern, e.g. --officers \"A,B,C,D\".")
    lines: list[str | None] = []
    seen: set[str] = set()
    for officer in officers:
        who = resolve_officer(ctx, officer)
        if who is not None:
            if who.id in seen:
                raise ValidationError(f"{who.name} is listed twice.")
            seen.add(who.id)
        lines.append(who.id if who else None)
    lines += [None] * (spec.weeks - len(lines))
    drafts = expand(spec, start, weeks, lines, zone())
    if not drafts:
        raise ValidationError("The pattern produced no shifts for that period.")
    with ctx.write() as session:
        a, b = drafts[0].start - MAX_SHIFT, drafts[-1].end
        existing = session.execute(
            select(RotaShift).where(RotaShift.deleted.is_(False), RotaShift.start >= a, RotaShift.start < b)
        ).scalars().all()
        by_officer: dict[str | None, list[RotaShift]] = defaultdict(list)
        same_block = {(r.start, r.end, r.kind) for r in existing if r.officer_id is None}
        for row in existing:
            by_officer[row.officer_id].append(row)
        names = _officer_names(session)
        for draft in drafts:
            if draft.officer_id is None and (draft.start, draft.end, draft.kind) in same_block:
                raise ValidationError(
                    f"The rota already has an open {draft.kind} shift at {draft.start.astimezone(zone()):%a %d %b %H:%M}: "
                    "remove the old shifts of that period first."
                )
            for row in by_officer.get(draft.officer_id, ()) if draft.officer_id else ():
                if row.start < draft.end and row.end > draft.start:
                    raise ValidationError(
                        f"{names.get(draft.officer_id, '?')} already has a shift at "
                        f"{row.start.astimezone(zone()):%a %d %b %H:%M}: remove the old shifts of that period first."
                    )
        rows = [
            RotaShift(
                officer_id=d.officer_id, kind=d.kind, start=d.start, end=d.end,
                unpaid_break_minutes=d.unpaid_break_minutes, pattern=spec.name,
            )
            for d in drafts
        ]
        session.add_all(rows)
        session.flush()
        return [_info(row, names) for row in rows]


# --- leave -------------------------------------------------------------------------
def _leave_info(row: RotaLeave, names: dict[str, str]) -> LeaveInfo:
    return LeaveInfo(row.id, row.officer_id, names.get(row.officer_id, "(unknown)"), row.start_date,
                     row.end_date, row.kind, row.note)


def add_leave(
    ctx: AppContext, officer: str, start: dt.date, end: dt.date, kind: str = "annual", note: str = ""
) -> LeaveInfo:
    if kind not in LEAVE_KINDS:
        raise ValidationError(f"Unknown kind of leave {kind!r}; use one of: {', '.join(LEAVE_KINDS)}.")
    dates.check_date(start, "The first day of leave"), dates.check_date(end, "The last day of leave")
    if end < start:
        raise ValidationError(f"The leave ends ({end}) before it starts ({start}).")
    if (end - start).days > 366:
        raise ValidationError("A single leave record can cover at most a year.")
    who = find_officer(ctx, officer)
    with ctx.write() as session:
        clash = session.execute(
            select(RotaLeave).where(
                RotaLeave.deleted.is_(False), RotaLeave.officer_id == who.id,
                RotaLeave.start_date <= end, RotaLeave.end_date >= start,
            )
        ).scalars().first()
        if clash is not None:
            raise ValidationError(
                f"{who.name} already has {clash.kind} leave from {clash.start_date} to {clash.end_date}, "
                "which overlaps these dates."
            )
        row = RotaLeave(officer_id=who.id, start_date=start, end_date=end, kind=kind,
                        note=free_text(note or "", what="The leave note", max_length=2000))
        session.add(row)
        session.flush()
        return _leave_info(row, _officer_names(session))


def _load_leave(session: Session, start: dt.date, end: dt.date) -> list[LeaveInfo]:
    names = _officer_names(session)
    rows = session.execute(
        select(RotaLeave).where(
            RotaLeave.deleted.is_(False), RotaLeave.start_date <= end, RotaLeave.end_date >= start
        ).order_by(RotaLeave.start_date)
    ).scalars()
    return [_leave_info(row, names) for row in rows]


def list_leave(ctx: AppContext, start: dt.date, end: dt.date) -> list[LeaveInfo]:
    with ctx.read() as session:
        return _load_leave(session, start, end)


def remove_leave(ctx: AppContext, leave_id: str) -> None:
    with ctx.write() as session:
        row = session.get(RotaLeave, leave_id)
        if row is None or row.deleted:
            raise NotFoundError(f"No leave record with id {leave_id}.")
        row.deleted = True


# --- checks ------------------------------------------------------------------------
@dataclass
class RotaSnapshot:
    """Everything the checks need for a period, read in one go."""

    start: dt.date
    end: dt.date
    shifts: list[ShiftInfo]
    leave: list[LeaveInfo]
    officers: list[OfficerInfo]
    context: rules_mod.Context

    def check(self, shifts: Sequence[ShiftInfo] | None = None) -> CheckReport:
        return rules_mod.check(
            self.shifts if shifts is None else shifts, self.start, self.end, self.context,
            [o.id for o in self.officers],
        )


def snapshot(ctx: AppContext, start: dt.date, end: dt.date) -> RotaSnapshot:
    a, b = _day_bounds(start, end)
    windows, rules, code = service_windows(ctx), working_time_rules(ctx), nation(ctx)
    officers = list_officers(ctx)
    holidays = bank_holidays(ctx, start - dt.timedelta(days=1), end, code)
    with ctx.read() as session:
        shifts = _load_shifts(session, a - HISTORY, b + AHEAD)  # ahead: rest and cover run past the end
        leave = _load_leave(session, start - HISTORY, end + AHEAD.days * dt.timedelta(days=1))
        names = _officer_names(session)
    context = rules_mod.Context(zone(), windows, holidays, rules, leave, names)
    return RotaSnapshot(start, end, shifts, leave, officers, context)


def check(ctx: AppContext, start: dt.date, end: dt.date) -> CheckReport:
    return snapshot(ctx, start, end).check()


# --- who is on ---------------------------------------------------------------------
@dataclass(frozen=True)
class NowInfo:
    at: dt.datetime
    on_now: list[ShiftInfo]
    next_on: list[ShiftInfo]
    leave_today: list[LeaveInfo] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        z = zone()
        return {
            "at": self.at.astimezone(z).isoformat(),
            "on_now": [s.as_json(z) for s in self.on_now],
            "next_on": [s.as_json(z) for s in self.next_on],
        }


def _working(session: Session, shifts: list[ShiftInfo]) -> list[ShiftInfo]:
    if not shifts:
        return []
    days = [s.local_day(zone()) for s in shifts]
    leave = _load_leave(session, min(days), max(days))
    return [
        s for s in shifts
        if s.officer_id and not any(l.officer_id == s.officer_id and l.covers(s.local_day(zone())) for l in leave)
    ]


def who_is_on(ctx: AppContext, at: dt.datetime | None = None) -> NowInfo:
    """Who is on at ``at`` (default now), and the next shift(s) to start after it."""
    at = at or utcnow()
    if at.tzinfo is None:
        raise ValidationError("The time needs a time zone.")
    with ctx.read() as session:
        around = _load_shifts(session, at - MAX_SHIFT, at + dt.timedelta(days=15))
        working = _working(session, around)
    on_now = [s for s in working if s.start <= at < s.end]
    upcoming = [s for s in working if s.start > at]
    first = min((s.start for s in upcoming), default=None)
    next_on = [s for s in upcoming if s.start == first]
    return NowInfo(at, on_now, next_on)


def on_now(ctx: AppContext, at: dt.datetime | None = None) -> list[ShiftInfo]:
    return who_is_on(ctx, at).on_now


def next_on(ctx: AppContext, at: dt.datetime | None = None) -> list[ShiftInfo]:
    return who_is_on(ctx, at).next_on


DUE_BEFORE = dt.timedelta(hours=3)
DUE_AFTER = dt.timedelta(hours=2)


def due_shift(ctx: AppContext, officer_name: str, at: dt.datetime,
              exclude: Collection[str] = ()) -> ShiftInfo | None:
    """The rota shift ``officer_name`` is due to work around ``at`` (to pre-fill "start shift"):
    the one running at ``at``, else the nearest one starting within 3 h after or 2 h before.
    ``exclude``: rota shifts already worked (never offered again)."""
    try:
        officer = find_officer(ctx, officer_name)
    except (NotFoundError, ValidationError):  # unknown, or two records apart only in capitals: none offered
        return None
    with ctx.read() as session:
        own = _load_shifts(session, at - MAX_SHIFT - DUE_AFTER, at + DUE_BEFORE, officer.id)
    own = [s for s in own if s.id not in exclude]
    running = [s for s in own if s.start <= at < s.end]
    if running:
        return running[0]
    near = [s for s in own if at - DUE_AFTER <= s.start <= at + DUE_BEFORE]
    return min(near, key=lambda s: abs(s.start - at), default=None)
