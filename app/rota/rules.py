"""Rota checks: coverage, working time (UK WTR 1998, configurable) and fairness.

Pure functions over plain values, so the service, the solver (to verify its answer)
and the GUI (inline marks) all use the same rules. Every instant is a real UTC
instant; days and windows are local (Europe/London) and converted with the zone, so
clock changes are counted as they happen.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any

from app.errors import ValidationError
from app.rota.patterns import local_to_utc, parse_clock
from app.rota.records import CheckReport, FairnessRow, Finding, LeaveInfo, ShiftInfo
from app.validation import numbers, periods

HOUR = dt.timedelta(hours=1)


RULE_MAXIMA = {  # beyond these a rule means nothing (a week has 168 hours)
    "min_daily_rest_hours": 24, "weekly_rest_hours": 168, "fortnightly_rest_hours": 336,
    "break_after_hours": 24, "break_minutes": 24 * 60, "max_average_weekly_hours": 168,
    "reference_weeks": 52, "planned_overlap_minutes": 24 * 60, "max_days_per_week": 7,
}


@dataclass(frozen=True)
class Rules:
    """Working-time limits; the defaults are the Working Time Regulations 1998."""

    min_daily_rest_hours: float = 11
    weekly_rest_hours: float = 24
    fortnightly_rest_hours: float = 48
    break_after_hours: float = 6
    break_minutes: int = 20
    max_average_weekly_hours: float = 48
    reference_weeks: int = 17
    planned_overlap_minutes: int = 30
    max_days_per_week: int = 6

    @classmethod
    def from_json(cls, data: dict[str, Any] | None, *, strict: bool = True) -> Rules:
        """Rules from typed or stored values. ``strict=False`` (reading what is stored,
        perhaps junk an older version accepted) keeps the default for a bad value."""
        if not data:
            return cls()
        known = {f.name: f.type for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in data.items():
            try:
                values[key] = _rule_value(key, value, known)
            except ValidationError:
                if strict:
                    raise
        return cls(**values)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _rule_value(key: str, value: Any, known: dict[str, Any]) -> float | int:
    if key not in known:
        raise ValidationError(f"Unknown working-time rule {key!r}; known: {', '.join(known)}.")
    top = RULE_MAXIMA.get(key)
    if known[key] == "int":
        return numbers.whole_number(value, what=f"The rule {key}", minimum=0, maximum=top)
    return numbers.number(value, what=f"The rule {key}", minimum=0, maximum=top)


@dataclass
class Context:
    """What the checks need besides the shifts."""

    zone: dt.tzinfo
    windows: dict[str, list[list[str]]]
    bank_holidays: dict[dt.date, str]
    rules: Rules
    leave: Sequence[LeaveInfo] = ()
    officer_names: dict[str, str] | None = None

    def __post_init__(self) -> None:
        self._days: dict[tuple[str, dt.datetime], dt.date] = {}
        self._leave_by_officer: dict[str, list[LeaveInfo]] = defaultdict(list)
        for item in self.leave:
            self._leave_by_officer[item.officer_id].append(item)
        self.has_leave = bool(self.leave)

    def day(self, shift: ShiftInfo) -> dt.date:
        """The local day a shift starts on (memoised: the checks ask often)."""
        key = (shift.id, shift.start)
        found = self._days.get(key)
        if found is None:
            found = self._days[key] = shift.start.astimezone(self.zone).date()
        return found

    def leave_on(self, officer_id: str | None, day: dt.date) -> LeaveInfo | None:
        if officer_id is None:
            return None
        for item in self._leave_by_officer.get(officer_id, ()):
            if item.covers(day):
                return item
        return None

    def name(self, officer_id: str | None) -> str:
        if officer_id is None:
            return "(open)"
        return (self.officer_names or {}).get(officer_id, officer_id)

    def day_kind(self, day: dt.date) -> str:
        if day.weekday() >= 5:
            return "weekend"
        if day in self.bank_holidays:
            return "bank_holiday"
        return "weekday"


@functools.lru_cache(maxsize=4096)
def local_midnight(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    return local_to_utc(day, 0, zone, what="Midnight")


def is_effective(shift: ShiftInfo, ctx: Context) -> bool:
    """Worked by someone: has an officer who is not on leave that day."""
    if shift.officer_id is None:
        return False
    return not ctx.has_leave or ctx.leave_on(shift.officer_id, ctx.day(shift)) is None


def _fmt(moment: dt.datetime, zone: dt.tzinfo) -> str:
    return moment.astimezone(zone).strftime("%a %d %b %H:%M")


def _fmt_h(hours: float) -> str:
    return f"{hours:g} h" if hours == int(hours) else f"{hours:.2f} h".replace(".00", "")


# --- coverage ----------------------------------------------------------------------
def service_intervals(start_date: dt.date, end_date: dt.date, ctx: Context) -> list[tuple[dt.datetime, dt.datetime]]:
    """The instants the rota must cover, merged where one day's window runs into the next."""
    out: list[tuple[dt.datetime, dt.datetime]] = []
    day = start_date
    while day <= end_date:
        for start, end in ctx.windows.get(ctx.day_kind(day), []):
            a = local_to_utc(day, parse_clock(start), ctx.zone, what="A service window")
            b = local_to_utc(day, parse_clock(end), ctx.zone, what="A service window")
            if out and out[-1][1] >= a:
                out[-1] = (out[-1][0], max(out[-1][1], b))
            else:
                out.append((a, b))
        day += dt.timedelta(days=1)
    return out


def coverage_findings(
    shifts: Sequence[ShiftInfo], start_date: dt.date, end_date: dt.date, ctx: Context
) -> list[Finding]:
    findings: list[Finding] = []
    working = sorted((s for s in shifts if is_effective(s, ctx)), key=lambda s: s.start)
    absent = [s for s in shifts if not is_effective(s, ctx)]
    starts = [s.start for s in working]
    longest = max((s.end - s.start for s in working), default=dt.timedelta(0))
    for w_start, w_end in service_intervals(start_date, end_date, ctx):
        lo = bisect.bisect_left(starts, w_start - longest)
        hi = bisect.bisect_left(starts, w_end)
        cursor = w_start
        for shift in working[lo:hi]:
            if shift.end <= cursor:
                continue
            if shift.start > cursor:
                findings.append(_gap(cursor, min(shift.start, w_end), absent, ctx))
            cursor = max(cursor, shift.end)
            if cursor >= w_end:
                break
        if cursor < w_end:
            findings.append(_gap(cursor, w_end, absent, ctx))
    findings.extend(_overlaps(working, start_date, end_date, ctx))
    return findings


def _gap(start: dt.datetime, end: dt.datetime, absent: Sequence[ShiftInfo], ctx: Context) -> Finding:
    missing = [s for s in absent if s.start < end and s.end > start]
    officers = tuple(sorted({ctx.name(s.officer_id) for s in missing if s.officer_id}))
    because = ""
    if missing:
        reasons = []
        for s in missing:
            leave = ctx.leave_on(s.officer_id, ctx.day(s))
            reasons.append(f"{ctx.name(s.officer_id)} on {leave.kind} leave" if leave else "open shift")
        because = " (" + ", ".join(sorted(set(reasons))) + ")"
    local_end = end.astimezone(ctx.zone)
    return Finding(
        rule="coverage-gap", severity="error", start=start, end=end, officers=officers,
        message=f"No one covers {_fmt(start, ctx.zone)}-{local_end:%H:%M}{because}.",
        shift_ids=tuple(s.id for s in missing),
    )


def _overlaps(working: Sequence[ShiftInfo], start_date: dt.date, end_date: dt.date, ctx: Context) -> list[Finding]:
    """One finding per shift that starts while others are still on (beyond a planned handover)."""
    findings = []
    active: list[ShiftInfo] = []
    planned = dt.timedelta(minutes=ctx.rules.planned_overlap_minutes)
    for shift in working:
        active = [a for a in active if a.end > shift.start]
        day = ctx.day(shift)
        if active and start_date <= day <= end_date:
            clash = [
                other for other in active
                if other.officer_id != shift.officer_id and not (
                    other.start < shift.start and other.end < shift.end
                    and min(other.end, shift.end) - shift.start <= planned
                )
            ]
            if clash:
                until = min(min(o.end for o in clash), shift.end)
                names = tuple(ctx.name(o.officer_id) for o in clash) + (ctx.name(shift.officer_id),)
                findings.append(Finding(
                    rule="coverage-overlap", severity="warning", start=shift.start, end=until, officers=names,
                    message=(
                        f"{', '.join(names[:-1])} and {names[-1]} are all on "
                        f"{_fmt(shift.start, ctx.zone)}-{until.astimezone(ctx.zone):%H:%M} (not a planned handover)."
                    ),
                    shift_ids=tuple(o.id for o in clash) + (shift.id,),
                ))
        active.append(shift)
    return findings


# --- working time ------------------------------------------------------------------
def working_time_findings(
    shifts: Sequence[ShiftInfo], start_date: dt.date, end_date: dt.date, ctx: Context
) -> list[Finding]:
    findings: list[Finding] = []
    period_start = local_midnight(start_date, ctx.zone)
    period_end = local_midnight(periods.day_after(end_date), ctx.zone)
    by_officer: dict[str, list[ShiftInfo]] = defaultdict(list)
    for shift in shifts:
        if is_effective(shift, ctx):
            by_officer[shift.officer_id].append(shift)  # type: ignore[index]
    for officer_id, own in by_officer.items():
        own.sort(key=lambda s: s.start)
        if not any(period_start <= s.start < period_end for s in own):
            continue
        findings.extend(_daily_rest(own, period_start, period_end, ctx))
        findings.extend(_breaks(own, period_start, period_end, ctx))
        findings.extend(_weekly_rest(officer_id, own, start_date, end_date, ctx))
        findings.extend(_average_hours(officer_id, own, start_date, end_date, ctx))
    return findings


def _daily_rest(own: Sequence[ShiftInfo], p0: dt.datetime, p1: dt.datetime, ctx: Context) -> list[Finding]:
    out = []
    need = dt.timedelta(hours=ctx.rules.min_daily_rest_hours)
    for prev, nxt in zip(own, own[1:]):
        if not p0 <= nxt.start < p1:
            continue
        name = ctx.name(nxt.officer_id)
        if nxt.start < prev.end:
            out.append(Finding(
                rule="double-booked", severity="error", start=nxt.start, end=prev.end, officers=(name,),
                message=f"{name} is booked on two shifts at once: {prev.label(ctx.zone)} and {nxt.label(ctx.zone)}.",
                shift_ids=(prev.id, nxt.id),
            ))
        elif nxt.start - prev.end < need:
            rest = (nxt.start - prev.end) / HOUR
            out.append(Finding(
                rule="rest", severity="error", start=nxt.start, end=nxt.end, officers=(name,),
                message=(
                    f"{name} has only {_fmt_h(round(rest, 2))} rest between the {prev.kind} ending "
                    f"{_fmt(prev.end, ctx.zone)} and the {nxt.kind} starting {_fmt(nxt.start, ctx.zone)} "
                    f"({_fmt_h(ctx.rules.min_daily_rest_hours)} needed)."
                ),
                shift_ids=(prev.id, nxt.id),
            ))
    return out


def _breaks(own: Sequence[ShiftInfo], p0: dt.datetime, p1: dt.datetime, ctx: Context) -> list[Finding]:
    out = []
    for shift in own:
        if p0 <= shift.start < p1 and shift.elapsed_minutes > ctx.rules.break_after_hours * 60 \
                and shift.unpaid_break_minutes < ctx.rules.break_minutes:
            name = ctx.name(shift.officer_id)
            out.append(Finding(
                rule="break", severity="warning", start=shift.start, end=shift.end, officers=(name,),
                message=(
                    f"{name}'s {shift.label(ctx.zone)} lasts {_fmt_h(shift.elapsed_hours)}: a "
                    f"{ctx.rules.break_minutes}-minute break is owed but none is planned."
                ),
                shift_ids=(shift.id,),
            ))
    return out


def _gaps(own: Sequence[ShiftInfo], a: dt.datetime, b: dt.datetime) -> list[dt.timedelta]:
    gaps = []
    cursor = a
    for shift in own:
        if shift.end <= a or shift.start >= b:
            continue
        if shift.start > cursor:
            gaps.append(shift.start - cursor)
        cursor = max(cursor, shift.end)
    if b > cursor:
        gaps.append(b - cursor)
    return gaps


def mondays(start_date: dt.date, end_date: dt.date) -> list[dt.date]:
    first = start_date - dt.timedelta(days=start_date.weekday())
    out = []
    while first <= end_date:
        out.append(first)
        first += dt.timedelta(days=7)
    return out


def _weekly_rest(
    officer_id: str, own: Sequence[ShiftInfo], start_date: dt.date, end_date: dt.date, ctx: Context
) -> list[Finding]:
    out = []
    weekly = dt.timedelta(hours=ctx.rules.weekly_rest_hours)
    fortnightly = dt.timedelta(hours=ctx.rules.fortnightly_rest_hours)
    week_starts = mondays(start_date, end_date)
    for index, monday in enumerate(week_starts):
        a = local_midnight(monday, ctx.zone)
        b = local_midnight(monday + dt.timedelta(days=7), ctx.zone)
        if not any(s.start < b and s.end > a for s in own):
            continue
        if max(_gaps(own, a, b), default=dt.timedelta(0)) >= weekly:
            continue
        # The alternative: 48 h (or two separate 24 h) in the fortnight this week belongs to.
        pair_start = monday - dt.timedelta(days=7 * (index % 2))
        fa = local_midnight(pair_start, ctx.zone)
        fb = local_midnight(pair_start + dt.timedelta(days=14), ctx.zone)
        gaps = _gaps(own, fa, fb)
        if max(gaps, default=dt.timedelta(0)) >= fortnightly or sum(g >= weekly for g in gaps) >= 2:
            continue
        name = ctx.name(officer_id)
        out.append(Finding(
            rule="weekly-rest", severity="error", start=a, end=b, officers=(name,),
            message=(
                f"{name} has no {_fmt_h(ctx.rules.weekly_rest_hours)} off in the week of "
                f"{monday:%a %d %b} (nor {_fmt_h(ctx.rules.fortnightly_rest_hours)} in the fortnight)."
            ),
            shift_ids=tuple(s.id for s in own if s.start < b and s.end > a),
        ))
    return out


def _average_hours(
    officer_id: str, own: Sequence[ShiftInfo], start_date: dt.date, end_date: dt.date, ctx: Context
) -> list[Finding]:
    weeks = max(1, ctx.rules.reference_weeks)
    limit = ctx.rules.max_average_weekly_hours
    week_starts = mondays(start_date, end_date)
    starts = [s.start for s in own]
    prefix = [0.0]
    for shift in own:
        prefix.append(prefix[-1] + shift.paid_hours)
    worst: tuple[float, dt.date] | None = None
    for monday in week_starts:
        b = local_midnight(monday + dt.timedelta(days=7), ctx.zone)
        a = local_midnight(monday - dt.timedelta(days=7 * (weeks - 1)), ctx.zone)
        total = prefix[bisect.bisect_left(starts, b)] - prefix[bisect.bisect_left(starts, a)]
        average = total / weeks
        if average > limit and (worst is None or average > worst[0]):
            worst = (average, monday)
    if worst is None:
        return []
    name = ctx.name(officer_id)
    start = local_midnight(worst[1], ctx.zone)
    return [Finding(
        rule="average-hours", severity="warning", start=start, officers=(name,),
        message=(
            f"{name} averages {worst[0]:.1f} h a week over the {weeks} weeks to {worst[1] + dt.timedelta(days=6):%d %b} "
            f"(limit {_fmt_h(limit)}, unless they opted out in writing)."
        ),
    )]


# --- leave and cover (the rule itself lives in ``cover``) ----------------------------
def can_take(officer_id: str, shift: ShiftInfo, own: Sequence[ShiftInfo], ctx: Context) -> str | None:
    """Why this officer cannot take the shift (None: they can, without breaking a rule)."""
    from app.rota.cover import can_take as rule

    return rule(officer_id, shift, own, ctx)


def cover_findings(
    shifts: Sequence[ShiftInfo], start_date: dt.date, end_date: dt.date, ctx: Context,
    officer_ids: Iterable[str],
) -> list[Finding]:
    from app.rota.cover import cover_findings as findings

    return findings(shifts, start_date, end_date, ctx, officer_ids)


# --- fairness ----------------------------------------------------------------------
def fairness_rows(
    shifts: Sequence[ShiftInfo], start_date: dt.date, end_date: dt.date, ctx: Context
) -> list[FairnessRow]:
    totals: dict[str, list[float]] = {}
    for shift in shifts:
        day = ctx.day(shift)
        if not start_date <= day <= end_date or not is_effective(shift, ctx):
            continue
        row = totals.setdefault(ctx.name(shift.officer_id), [0, 0.0, 0, 0, 0])
        row[0] += 1
        row[1] += shift.paid_hours
        row[2] += day.weekday() >= 5
        row[3] += shift.is_late()
        row[4] += day in ctx.bank_holidays
    return [
        FairnessRow(name, int(r[0]), round(r[1], 2), int(r[2]), int(r[3]), int(r[4]))
        for name, r in sorted(totals.items())
    ]


def fairness_findings(rows: Sequence[FairnessRow], start: dt.datetime) -> list[Finding]:
    if len(rows) < 2:
        return []
    out = []
    for attr, label, tolerance in (
        ("weekends", "weekend shifts", 1), ("lates", "late shifts", 1),
        ("bank_holidays", "bank-holiday shifts", 1), ("hours", "paid hours", 8),
    ):
        most = max(rows, key=lambda r: getattr(r, attr))
        least = min(rows, key=lambda r: getattr(r, attr))
        spread = getattr(most, attr) - getattr(least, attr)
        if spread > tolerance:
            out.append(Finding(
                rule="fairness", severity="info", start=start, officers=(most.officer, least.officer),
                message=(
                    f"Uneven {label} over this period: {most.officer} {getattr(most, attr):g}, "
                    f"{least.officer} {getattr(least, attr):g}."
                ),
            ))
    return out


# --- everything ----------------------------------------------------------------------
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def check(
    shifts: Sequence[ShiftInfo], start_date: dt.date, end_date: dt.date, ctx: Context,
    officer_ids: Iterable[str] = (),
) -> CheckReport:
    """All checks for the local dates ``start_date``..``end_date`` (included).

    ``shifts`` may include shifts before the period (17 weeks for the average, a day
    for rest): findings are reported only for the period.
    """
    if end_date < start_date:
        raise ValidationError("The end date is before the start date.")
    in_period = [s for s in shifts if start_date - dt.timedelta(days=1) <= ctx.day(s) <= end_date]
    findings = coverage_findings(in_period, start_date, end_date, ctx)
    # cover looks at every shift given (the days after the period too: rest runs across it)
    findings += cover_findings(shifts, start_date, end_date, ctx, officer_ids)
    findings += working_time_findings(shifts, start_date, end_date, ctx)
    rows = fairness_rows(shifts, start_date, end_date, ctx)
    if (end_date - start_date).days >= 27:  # a shorter period is uneven by design of any rotation
        findings += fairness_findings(rows, local_midnight(start_date, ctx.zone))
    findings.sort(key=lambda f: (f.start, SEVERITY_ORDER.get(f.severity, 3), f.rule))
    holidays = {d: n for d, n in ctx.bank_holidays.items() if start_date <= d <= end_date}
    return CheckReport(start_date, end_date, tuple(findings), tuple(rows), holidays)
