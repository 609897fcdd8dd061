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
from app.rota.rules import Context, _gaps, _weekly_rest, is_effective, local_midnight, working_time_findings

WORKING_TIME_RULES = frozenset({"rest", "double-booked", "weekly-rest", "average-hours"})
NEAR = dt.timedelta(days=8)  # the shift's week and the rest either side
WEEKLY_REACH = dt.timedelta(days=28)  # the fortnights around the shift's week, both pairings


def can_take(officer_id: str, shift: ShiftInfo, own: Sequence[ShiftInfo], ctx: Context,
             week_hours: dict[int, float] | None = None, wider: Sequence[ShiftInfo] | None = None) -> str | None:
    """Why this officer cannot take the shift (None: they can, without breaking a rule).
    ``own`` is the officer's shifts (any order; at least the shift's week and a day either
    side); ``wider`` the same for four weeks either side (default ``own``); ``week_hours``
    their paid hours per local Monday (computed from ``wider`` if not given)."""
    found = _blocker(officer_id, shift, own, ctx)
    if found is None:
        wider = own if wider is None else wider
        return _longer_rules(officer_id, shift, wider, ctx, week_hours)
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


def week_hours_of(own: Iterable[ShiftInfo], ctx: Context) -> dict[int, float]:
    """Paid hours per week (keyed by the ordinal of its local Monday) of the shifts worked."""
    totals: dict[int, float] = defaultdict(float)
    for s in own:
        if is_effective(s, ctx):
            day = ctx.day(s)
            totals[day.toordinal() - day.weekday()] += s.paid_hours
    return totals


def _longer_rules(officer_id: str, shift: ShiftInfo, own: Sequence[ShiftInfo], ctx: Context,
                  week_hours: dict[int, float] | None) -> str | None:
    """Weekly rest (with and without the shift) and every 17-week average it falls in."""
    first = ctx.day(shift)
    monday = first - dt.timedelta(days=first.weekday())
    if _breaks_average(shift, monday, week_hours if week_hours is not None else week_hours_of(own, ctx), ctx):
        return f"would average over {ctx.rules.max_average_weekly_hours:g} h a week"
    last = shift.end.astimezone(ctx.zone).date()
    lo, hi = shift.start - WEEKLY_REACH, shift.end + WEEKLY_REACH
    mine = sorted((s for s in own if s.id != shift.id and s.end >= lo and s.start <= hi and is_effective(s, ctx)),
                  key=lambda s: s.start)
    taken = sorted([*mine, _as_officer(shift, officer_id)], key=lambda s: s.start)
    if _every_week_rested(taken, monday, ctx):
        return None
    for start in (monday - dt.timedelta(days=14), monday - dt.timedelta(days=7)):  # both fortnight pairings
        end = last + dt.timedelta(days=13)
        after = _weekly_rest(officer_id, taken, start, end, ctx)
        if after and len(after) > len(_weekly_rest(officer_id, mine, start, end, ctx)):
            return f"would have no {ctx.rules.weekly_rest_hours:g} h weekly rest"
    return None


def _every_week_rested(taken: Sequence[ShiftInfo], monday: dt.date, ctx: Context) -> bool:
    """Quick answer for most officers: each week around has its own full weekly rest, so no
    pairing of fortnights can report anything."""
    need = dt.timedelta(hours=ctx.rules.weekly_rest_hours)
    for n in range(-2, 3):  # the weeks the fortnight checks below report on
        a = local_midnight(monday + dt.timedelta(weeks=n), ctx.zone)
        b = local_midnight(monday + dt.timedelta(weeks=n + 1), ctx.zone)
        if any(s.start < b and s.end > a for s in taken) and max(_gaps(taken, a, b), default=dt.timedelta(0)) < need:
            return False
    return True


def _breaks_average(shift: ShiftInfo, monday: dt.date, week_hours: dict[int, float], ctx: Context) -> bool:
    """True when some reference period containing the shift's week goes over the limit."""
    weeks = max(1, ctx.rules.reference_weeks)
    limit = ctx.rules.max_average_weekly_hours * weeks - shift.paid_hours + 1e-9
    first = monday.toordinal() - 7 * (weeks - 1)
    totals = [week_hours.get(first + 7 * n, 0.0) for n in range(2 * weeks - 1)]
    window = sum(totals[:weeks])
    for end in range(weeks - 1, 2 * weeks - 1):  # windows ending in the shift's week .. weeks-1 later
        if end >= weeks:
            window += totals[end] - totals[end - weeks]
        if window > limit:
            return True
    return False


def cover_candidates(shift: ShiftInfo, by_officer: dict[str, Sequence[ShiftInfo]], ctx: Context,
                     officer_ids: Iterable[str], week_hours: dict[str, dict[int, float]] | None = None,
                     wider: dict[str, Sequence[ShiftInfo]] | None = None,
                     period: tuple[dt.date, dt.date, dict[str, Sequence[ShiftInfo]]] | None = None) -> tuple[str, ...]:
    """The names of the officers who could cover ``shift`` (sorted). With ``period`` (first
    and last day checked, and the officers' shifts, for those with none in the period), an
    officer whose older problems the check would start reporting once they work in the
    period is not named either."""
    names = []
    for o in officer_ids:
        if o == shift.officer_id:
            continue
        if can_take(o, shift, by_officer.get(o, ()), ctx, (week_hours or {}).get(o),
                    None if wider is None else wider.get(o, ())) is not None:
            continue
        if period is not None and o in period[2] and _would_surface(o, shift, period[2][o], period[0], period[1], ctx):
            continue
        names.append(ctx.name(o))
    return tuple(sorted(names))


def _would_surface(officer_id: str, shift: ShiftInfo, own: Sequence[ShiftInfo], start: dt.date, end: dt.date,
                   ctx: Context) -> bool:
    """The check only looks at officers working in its period: for one who did not, is
    there any working-time finding once they take ``shift``?"""
    taken = [*(s for s in own if s.id != shift.id), _as_officer(shift, officer_id)]
    return any(f.rule in WORKING_TIME_RULES for f in working_time_findings(taken, start, end, ctx))


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
    hours = {o: week_hours_of(own, ctx) for o, own in by_officer.items()}
    p0, p1 = local_midnight(start_date, ctx.zone), local_midnight(end_date + dt.timedelta(days=1), ctx.zone)
    idle = {o: by_officer.get(o, []) for o in officer_ids
            if not any(p0 <= s.start < p1 and is_effective(s, ctx) for s in by_officer.get(o, ()))}

    out = []
    for shift in shifts:
        day = ctx.day(shift)
        if not start_date <= day <= end_date or is_effective(shift, ctx):
            continue
        near: dict[str, Sequence[ShiftInfo]] = {}
        wide: dict[str, Sequence[ShiftInfo]] = {}
        for o, own in by_officer.items():
            keys = starts[o]
            near[o] = own[bisect.bisect_left(keys, shift.start - NEAR):bisect.bisect_right(keys, shift.end + NEAR)]
            lo = bisect.bisect_left(keys, shift.start - WEEKLY_REACH - dt.timedelta(days=1))
            wide[o] = own[lo:bisect.bisect_right(keys, shift.end + WEEKLY_REACH)]
        candidates = cover_candidates(shift, near, ctx, officer_ids, hours, wide, (start_date, end_date, idle))
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
