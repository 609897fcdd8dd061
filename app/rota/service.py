"""Rota services: patterns, shifts, leave, swaps, checks, who is on.

Each writing function is one unit of work (``ctx.write()``): it validates first and
changes nothing when the input is refused. Officers are the team's ``Officer`` rows
(``app.team.service``); an unknown name raises its ``NotFoundError``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import holidays as holidays_lib
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.cli.support import local_zone
from app.context import AppContext
from app.db.base import utcnow
from app.errors import NotFoundError, ValidationError
from app.rota import rules as rules_mod
from app.rota.models import RotaLeave, RotaPattern, RotaShift, RotaSwap
from app.rota.patterns import (
    BUILTIN_NAME,
    PatternSpec,
    builtin_patterns,
    expand,
    pattern_from_json,
    validate_windows,
)
from app.rota.records import LEAVE_KINDS, CheckReport, Finding, LeaveInfo, ShiftInfo
from app.rota.rules import Rules, local_midnight
from app.team.models import Officer, TeamSetting
from app.team.service import OfficerInfo, find_officer, list_officers

NATIONS = {"ENG": "England", "WLS": "Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}
WINDOWS_KEY = "rota.service_windows"
NATION_KEY = "rota.nation"
RULES_KEY = "rota.rules"
MAX_SHIFT = dt.timedelta(hours=24)
HISTORY = dt.timedelta(weeks=17)


def zone() -> dt.tzinfo:
    return local_zone()


# --- officers ----------------------------------------------------------------------
def _officer_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(Officer.id, Officer.name)).all())


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
    return Rules.from_json(_read_setting(ctx, RULES_KEY, None))


def set_working_time_rules(ctx: AppContext, values: dict[str, Any]) -> Rules:
    merged = {**working_time_rules(ctx).as_json(), **values}
    rules = Rules.from_json(merged)
    _write_setting(ctx, RULES_KEY, rules.as_json())
    return rules


def bank_holidays(ctx: AppContext, start: dt.date, end: dt.date, code: str | None = None) -> dict[dt.date, str]:
    """Bank holidays (including one-off days) from the ``holidays`` package."""
    code = code or nation(ctx)
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
    return local_midnight(start, zone()), local_midnight(end + dt.timedelta(days=1), zone())


def _load_shifts(
    session: Session, a: dt.datetime, b: dt.datetime, officer_id: str | None = None
) -> list[ShiftInfo]:
    names = _officer_names(session)
    query = select(RotaShift).where(
        RotaShift.deleted.is_(False), RotaShift.start >= a, RotaShift.start < b
    ).order_by(RotaShift.start, RotaShift.officer_id)
    if officer_id is not None:
        query = query.where(RotaShift.officer_id == officer_id)
    return [_info(row, names) for row in session.execute(query).scalars()]


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
    kind = " ".join((kind or "").split()).lower()
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
    _validate_times(start, end, unpaid_break_minutes)
    who = resolve_officer(ctx, officer)
    with ctx.write() as session:
        _refuse_double_booking(session, who.id if who else None, start, end)
        row = RotaShift(
            officer_id=who.id if who else None, kind=kind, start=start.astimezone(dt.timezone.utc),
            end=end.astimezone(dt.timezone.utc), unpaid_break_minutes=unpaid_break_minutes, note=note.strip(),
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


def _bump(row: RotaShift) -> None:
    """Count a change (calendar apps replace an event only when its SEQUENCE grows)."""
    row.revision = (row.revision or 0) + 1


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
        row = RotaLeave(officer_id=who.id, start_date=start, end_date=end, kind=kind, note=note.strip())
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
        shifts = _load_shifts(session, a - HISTORY, b + MAX_SHIFT)
        leave = _load_leave(session, start - HISTORY, end + dt.timedelta(days=1))
        names = _officer_names(session)
    context = rules_mod.Context(zone(), windows, holidays, rules, leave, names)
    return RotaSnapshot(start, end, shifts, leave, officers, context)


def check(ctx: AppContext, start: dt.date, end: dt.date) -> CheckReport:
    return snapshot(ctx, start, end).check()


# --- swaps -------------------------------------------------------------------------
@dataclass
class SwapPreview:
    shift_a: ShiftInfo
    shift_b: ShiftInfo
    new_findings: list[Finding]
    resolved_findings: list[Finding]
    effect: list[dict[str, Any]]  # per officer: hours, weekends, lates before and after
    applied: bool = False
    swap_id: str | None = None
    approved_by: str | None = None

    def as_json(self) -> dict[str, Any]:
        z = zone()
        return {
            "shift_a": self.shift_a.as_json(z),
            "shift_b": self.shift_b.as_json(z),
            "applied": self.applied,
            "swap_id": self.swap_id,
            "approved_by": self.approved_by,
            "new_findings": [f.as_json(z) for f in self.new_findings],
            "resolved_findings": [f.as_json(z) for f in self.resolved_findings],
            "effect": self.effect,
        }


def _finding_key(f: Finding) -> tuple[Any, ...]:
    return (f.rule, f.start, f.officers, f.message)


def preview_swap(ctx: AppContext, shift_a: str, shift_b: str) -> SwapPreview:
    """What the swap changes (rest, hours, weekends) before anyone accepts it."""
    a, b = get_shift(ctx, shift_a), get_shift(ctx, shift_b)
    if a.id == b.id:
        raise ValidationError("A shift cannot be swapped with itself.")
    if a.officer_id is None or b.officer_id is None:
        raise ValidationError("Both shifts need an officer to swap; assign an open shift instead.")
    if a.officer_id == b.officer_id:
        raise ValidationError(f"Both shifts are {a.officer}'s already.")
    z = zone()
    days = sorted([a.local_day(z), b.local_day(z)])
    start = days[0] - dt.timedelta(days=days[0].weekday() + 7)
    end = days[1] + dt.timedelta(days=13 - days[1].weekday())
    snap = snapshot(ctx, start, end)
    before = snap.check()
    swapped = [
        _with_officer(s, b) if s.id == a.id else _with_officer(s, a) if s.id == b.id else s for s in snap.shifts
    ]
    after = snap.check(swapped)
    before_keys = {_finding_key(f) for f in before.findings}
    after_keys = {_finding_key(f) for f in after.findings}
    new = [f for f in after.findings if _finding_key(f) not in before_keys and f.rule != "fairness"]
    resolved = [f for f in before.findings if _finding_key(f) not in after_keys and f.rule != "fairness"]
    week_a = a.local_day(z) - dt.timedelta(days=a.local_day(z).weekday())
    week_b = b.local_day(z) - dt.timedelta(days=b.local_day(z).weekday())
    effect = []
    for officer in (a.officer, b.officer):
        for monday in sorted({week_a, week_b}):
            rows_before = rules_mod.fairness_rows(snap.shifts, monday, monday + dt.timedelta(days=6), snap.context)
            rows_after = rules_mod.fairness_rows(swapped, monday, monday + dt.timedelta(days=6), snap.context)
            rb = next((r for r in rows_before if r.officer == officer), None)
            ra = next((r for r in rows_after if r.officer == officer), None)
            effect.append({
                "officer": officer, "week": monday.isoformat(),
                "hours_before": rb.hours if rb else 0.0, "hours_after": ra.hours if ra else 0.0,
                "weekends_before": rb.weekends if rb else 0, "weekends_after": ra.weekends if ra else 0,
                "lates_before": rb.lates if rb else 0, "lates_after": ra.lates if ra else 0,
            })
    return SwapPreview(a, b, new, resolved, effect)


def _with_officer(shift: ShiftInfo, donor: ShiftInfo) -> ShiftInfo:
    return ShiftInfo(shift.id, donor.officer_id, donor.officer, shift.kind, shift.start, shift.end,
                     shift.unpaid_break_minutes, shift.pattern, shift.note)


def _exchange(session: Session, swap: RotaSwap) -> None:
    row_a, row_b = _shift_row(session, swap.shift_a), _shift_row(session, swap.shift_b)
    if (row_a.officer_id, row_b.officer_id) != (swap.officer_a, swap.officer_b):
        raise ValidationError("The shifts changed since the swap was proposed; propose it again.")
    row_a.officer_id, row_b.officer_id = row_b.officer_id, row_a.officer_id
    _bump(row_a)
    _bump(row_b)
    session.flush()
    for row in (row_a, row_b):
        clash = session.execute(
            select(RotaShift).where(
                RotaShift.deleted.is_(False), RotaShift.officer_id == row.officer_id,
                RotaShift.start < row.end, RotaShift.end > row.start, RotaShift.id != row.id,
            )
        ).scalars().first()
        if clash is not None:
            names = _officer_names(session)
            raise ValidationError(f"After the swap {names.get(row.officer_id)} would be on two shifts at once.")
    swap.status = "accepted"
    swap.approved_by = session.info["identity"].officer
    swap.decided_at = utcnow()


def _new_swap(session: Session, ctx: AppContext, preview: SwapPreview) -> RotaSwap:
    swap = RotaSwap(
        shift_a=preview.shift_a.id, shift_b=preview.shift_b.id, officer_a=preview.shift_a.officer_id,
        officer_b=preview.shift_b.officer_id, status="proposed", proposed_by=ctx.officer,
    )
    session.add(swap)
    session.flush()
    return swap


def propose_swap(ctx: AppContext, shift_a: str, shift_b: str) -> SwapPreview:
    preview = preview_swap(ctx, shift_a, shift_b)
    with ctx.write() as session:
        swap = _new_swap(session, ctx, preview)
        preview.swap_id = swap.id
    return preview


def accept_swap(ctx: AppContext, swap_id: str) -> SwapPreview:
    """Accept a proposed swap: the shifts exchange officers; records who approved it."""
    with ctx.read() as session:
        swap = session.get(RotaSwap, swap_id)
        if swap is None or swap.deleted:
            raise NotFoundError(f"No swap with id {swap_id}.")
        if swap.status != "proposed":
            raise ValidationError(f"That swap was already {swap.status}.")
        a_id, b_id = swap.shift_a, swap.shift_b
    preview = preview_swap(ctx, a_id, b_id)
    with ctx.write() as session:
        swap = session.get(RotaSwap, swap_id)
        _exchange(session, swap)
        preview.applied, preview.swap_id, preview.approved_by = True, swap.id, swap.approved_by
    return preview


def decline_swap(ctx: AppContext, swap_id: str) -> None:
    with ctx.write() as session:
        swap = session.get(RotaSwap, swap_id)
        if swap is None or swap.deleted or swap.status != "proposed":
            raise NotFoundError(f"No open swap proposal with id {swap_id}.")
        swap.status = "declined"
        swap.approved_by = ctx.officer
        swap.decided_at = utcnow()


def swap_shifts(ctx: AppContext, shift_a: str, shift_b: str, *, dry_run: bool = False) -> SwapPreview:
    """Propose and accept at once (the approver is this laptop's officer)."""
    if dry_run:
        return preview_swap(ctx, shift_a, shift_b)
    preview = preview_swap(ctx, shift_a, shift_b)
    with ctx.write() as session:
        swap = _new_swap(session, ctx, preview)
        _exchange(session, swap)
        preview.applied, preview.swap_id, preview.approved_by = True, swap.id, swap.approved_by
    return preview


@dataclass(frozen=True)
class SwapInfo:
    id: str
    shift_a: str
    shift_b: str
    status: str
    proposed_by: str
    approved_by: str | None


def list_swaps(ctx: AppContext, *, status: str | None = None) -> list[SwapInfo]:
    with ctx.read() as session:
        query = select(RotaSwap).where(RotaSwap.deleted.is_(False)).order_by(RotaSwap.created_at.desc())
        if status:
            query = query.where(RotaSwap.status == status)
        return [
            SwapInfo(r.id, r.shift_a, r.shift_b, r.status, r.proposed_by, r.approved_by)
            for r in session.execute(query).scalars()
        ]


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


def due_shift(ctx: AppContext, officer_name: str, at: dt.datetime) -> ShiftInfo | None:
    """The rota shift ``officer_name`` is due to work around ``at`` (to pre-fill "start shift"):
    the one running at ``at``, else the nearest one starting within 3 h after or 2 h before."""
    try:
        officer = find_officer(ctx, officer_name)
    except NotFoundError:
        return None
    with ctx.read() as session:
        own = _load_shifts(session, at - MAX_SHIFT - DUE_AFTER, at + DUE_BEFORE, officer.id)
    running = [s for s in own if s.start <= at < s.end]
    if running:
        return running[0]
    near = [s for s in own if at - DUE_AFTER <= s.start <= at + DUE_BEFORE]
    return min(near, key=lambda s: abs(s.start - at), default=None)


# --- hours -------------------------------------------------------------------------
def hours_totals(ctx: AppContext, start: dt.date, end: dt.date, *, by: str = "week") -> list[dict[str, Any]]:
    """Paid and elapsed hours per officer per week, month or the whole range."""
    if by not in ("week", "month", "range"):
        raise ValidationError("Group hours by week, month or range.")
    z = zone()
    totals: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    with ctx.read() as session:
        shifts = _working(session, _load_shifts(session, *_day_bounds(start, end)))
    for s in shifts:
        day = s.local_day(z)
        if by == "week":
            period = (day - dt.timedelta(days=day.weekday())).isoformat()
        elif by == "month":
            period = day.strftime("%Y-%m")
        else:
            period = f"{start.isoformat()}/{end.isoformat()}"
        row = totals[(period, s.officer or "")]
        row[0] += s.paid_hours
        row[1] += s.elapsed_hours
        row[2] += 1
    return [
        {"period": p, "officer": o, "paid_hours": round(v[0], 2), "elapsed_hours": round(v[1], 2), "shifts": int(v[2])}
        for (p, o), v in sorted(totals.items())
    ]


def write_csv_atomic(path: Path, rows: list[dict[str, Any]], columns: Sequence[str]) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return write_atomic(path, buffer.getvalue().encode("utf-8-sig"))


def write_atomic(path: Path, data: bytes) -> Path:
    path = Path(path)
    if path.parent and not path.parent.exists():
        raise ValidationError(f"The folder {path.parent} does not exist.")
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return path
