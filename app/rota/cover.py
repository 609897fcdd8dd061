"""Who could cover a shift: the one rule behind the week and month views, their
tooltips, ``rota check`` and the solver's fill.

An officer can cover when taking the shift breaks no working-time rule that
``rota check`` reports: not on leave, not already working, 11 h daily rest either side,
no seventh day in the week, the weekly (or fortnightly) rest still there whichever way
the fortnights are paired, and the 48 h average not exceeded in any reference period
the shift falls in.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from app.rota.records import Finding, ShiftInfo
from app.rota.rules import Context, _average_hours, _weekly_rest, is_effective

AVERAGE_REACH_WEEKS = 18  # a shift counts in the 17-week periods ending up to 17 weeks later


def can_take(officer_id: str, shift: ShiftInfo, own: Sequence[ShiftInfo], ctx: Context) -> str | None:
    """Why this officer cannot take the shift (None: they can, without breaking a rule).
    ``own`` is the officer's shifts (any order; more than needed is fine)."""
    found = _blocker(officer_id, shift, own, ctx)
    if found is None:
        return _longer_rules(officer_id, shift, own, ctx)
    why, other = found
    if why == "leave":
        leave = ctx.leave_on(officer_id, ctx.day(shift))
        return f"on {leave.kind if leave else ''} leave"
    if why == "days":
        return "would work 7 days that week (no weekly rest day)"
    assert other is not None
    return {"busy": "already on the", "after": "too little rest after the", "before": "too little rest before the"}[
        why] + f" {other.label(ctx.zone)}"


def _blocker(
    officer_id: str, shift: ShiftInfo, own: Sequence[ShiftInfo], ctx: Context
) -> tuple[str, ShiftInfo | None] | None:
    day = ctx.day(shift)
    if ctx.has_leave and ctx.leave_on(officer_id, day) is not None:
        return ("leave", None)
    rest = dt.timedelta(hours=ctx.rules.min_daily_rest_hours)
    week_start = day - dt.timedelta(days=day.weekday())
    week_end = week_start + dt.timedelta(days=7)
    days_worked = {day}
    for other in own:
        if other.id == shift.id or not is_effective(other, ctx):
            continue
        if other.start < shift.end and other.end > shift.start:
            return ("busy", other)
        if other.end <= shift.start and shift.start - other.end < rest:
            return ("after", other)
        if other.start >= shift.end and other.start - shift.end < rest:
            return ("before", other)
        other_day = ctx.day(other)
        if week_start <= other_day < week_end:
            days_worked.add(other_day)
    if len(days_worked) > ctx.rules.max_days_per_week:
        return ("days", None)
    return None


def _as_officer(shift: ShiftInfo, officer_id: str) -> ShiftInfo:
    from dataclasses import replace

    return replace(shift, officer_id=officer_id)


def _longer_rules(officer_id: str, shift: ShiftInfo, own: Sequence[ShiftInfo], ctx: Context) -> str | None:
    """Weekly rest and the average week: compared with and without the shift."""
    mine = sorted((s for s in own if s.id != shift.id and is_effective(s, ctx)), key=lambda s: s.start)
    taken = sorted([*mine, _as_officer(shift, officer_id)], key=lambda s: s.start)
    first = ctx.day(shift)
    last = shift.end.astimezone(ctx.zone).date()
    monday = first - dt.timedelta(days=first.weekday())
    for start in (monday - dt.timedelta(days=14), monday - dt.timedelta(days=7)):  # both fortnight pairings
        end = last + dt.timedelta(days=13)
        if len(_weekly_rest(officer_id, taken, start, end, ctx)) > len(_weekly_rest(officer_id, mine, start, end, ctx)):
            return f"would have no {ctx.rules.weekly_rest_hours:g} h weekly rest"
    reach_end = monday + dt.timedelta(weeks=AVERAGE_REACH_WEEKS)
    if _average_hours(officer_id, taken, monday, reach_end, ctx):
        return f"would average over {ctx.rules.max_average_weekly_hours:g} h a week"
    return None


def cover_candidates(shift: ShiftInfo, by_officer: dict[str, Sequence[ShiftInfo]], ctx: Context,
                     officer_ids: Iterable[str]) -> tuple[str, ...]:
    """The names of the officers who could cover ``shift`` (sorted)."""
    return tuple(sorted(
        ctx.name(o) for o in officer_ids
        if o != shift.officer_id and can_take(o, shift, by_officer.get(o, ()), ctx) is None
    ))


def cover_findings(
    shifts: Sequence[ShiftInfo], start_date: dt.date, end_date: dt.date, ctx: Context,
    officer_ids: Iterable[str],
) -> list[Finding]:
    """Open shifts and shifts on leave in the period, each with who could cover it."""
    officer_ids = list(officer_ids)
    by_officer: dict[str, list[ShiftInfo]] = defaultdict(list)
    for shift in sorted(shifts, key=lambda s: s.start):
        if shift.officer_id:
            by_officer[shift.officer_id].append(shift)
    starts = {o: [s.start for s in own] for o, own in by_officer.items()}
    behind = dt.timedelta(weeks=AVERAGE_REACH_WEEKS)

    out = []
    for shift in shifts:
        day = ctx.day(shift)
        if not start_date <= day <= end_date or is_effective(shift, ctx):
            continue
        near: dict[str, Sequence[ShiftInfo]] = {}
        for o, own in by_officer.items():
            keys = starts[o]
            near[o] = own[bisect.bisect_left(keys, shift.start - behind):bisect.bisect_right(keys, shift.end + behind)]
        candidates = cover_candidates(shift, near, ctx, officer_ids)
        if shift.officer_id is None:
            who: tuple[str, ...] = ()
            why = "is open"
        else:
            leave = ctx.leave_on(shift.officer_id, day)
            who = (ctx.name(shift.officer_id),)
            why = f"needs cover: {who[0]} is on {leave.kind if leave else ''} leave"
        could = ", ".join(candidates) if candidates else "no one without breaking a rule"
        out.append(Finding(
            rule="needs-cover", severity="error", start=shift.start, end=shift.end, officers=who,
            message=f"The {shift.label(ctx.zone)} {why}. Could cover: {could}.",
            shift_ids=(shift.id,), candidates=candidates,
        ))
    return out



