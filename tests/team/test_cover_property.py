"""One cover rule: whoever is suggested as cover can be assigned without `rota check`
reporting a new working-time problem for them, for random rotas, leave and periods."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.cli.support import local_zone
from app.rota import rules
from app.rota.patterns import local_to_utc
from app.rota.records import LeaveInfo, ShiftInfo

OFFICERS = {"o1": "Alex", "o2": "Bea", "o3": "Cal", "o4": "Dee"}
SLOTS = {"early": (7, 8), "late": (15, 8), "night": (22, 9), "day": (9, 10)}  # start hour, length
FIRST = dt.date(2026, 1, 5)  # a Monday
WORKING_TIME = {"rest", "double-booked", "weekly-rest", "average-hours"}

shift_plan = st.lists(
    st.tuples(st.integers(0, 20), st.sampled_from(sorted(SLOTS)), st.sampled_from([None, *OFFICERS])),
    min_size=1, max_size=80,
)
rule_values = st.builds(
    rules.Rules, min_daily_rest_hours=st.sampled_from([8, 11, 12]), weekly_rest_hours=st.sampled_from([24, 36, 60, 90]),
    fortnightly_rest_hours=st.sampled_from([48, 72, 400]), max_average_weekly_hours=st.sampled_from([16, 30, 48]),
    reference_weeks=st.integers(1, 3), max_days_per_week=st.sampled_from([5, 6]),
)
leave_plan = st.lists(st.tuples(st.sampled_from(sorted(OFFICERS)), st.integers(0, 20), st.integers(0, 4)), max_size=4)


def _build(plan, leave_plan, limits=rules.Rules()):  # type: ignore[no-untyped-def]
    zone = local_zone()
    shifts, seen = [], set()
    for n, (day_no, kind, officer) in enumerate(plan):
        if (day_no, kind, officer) in seen:
            continue
        seen.add((day_no, kind, officer))
        hour, length = SLOTS[kind]
        start = local_to_utc(FIRST + dt.timedelta(days=day_no), hour * 60, zone, what="start")
        shifts.append(ShiftInfo(f"s{n}", officer, OFFICERS.get(officer or ""), kind, start,
                                start + dt.timedelta(hours=length), 30 if length > 6 else 0))
    leave, taken = [], set()
    for n, (officer, day_no, days) in enumerate(leave_plan):
        if officer in taken:
            continue
        taken.add(officer)
        start = FIRST + dt.timedelta(days=day_no)
        leave.append(LeaveInfo(f"l{n}", officer, OFFICERS[officer], start, start + dt.timedelta(days=days), "annual"))
    context = rules.Context(zone, {"weekday": [], "weekend": [], "bank_holiday": []}, {}, limits, leave, OFFICERS)
    return shifts, context


def _problems(report, name):  # type: ignore[no-untyped-def]
    return {(f.rule, f.start) for f in report.findings if f.rule in WORKING_TIME and name in f.officers}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=shift_plan, leave=leave_plan, start_day=st.integers(0, 14), length=st.sampled_from([0, 6, 13]),
       limits=rule_values)
@example(plan=[(1, "day", None), (9, "night", "o1")], leave=[], start_day=1, length=6,  # a problem next week that
         limits=rules.Rules(min_daily_rest_hours=8, weekly_rest_hours=90, fortnightly_rest_hours=400,  # the check
                            max_average_weekly_hours=16, reference_weeks=1, max_days_per_week=5))  # only sees once o1 works
def test_every_suggested_cover_passes_the_check(plan, leave, start_day, length, limits):  # type: ignore[no-untyped-def]
    shifts, context = _build(plan, leave, limits)
    start = FIRST + dt.timedelta(days=start_day)
    end = start + dt.timedelta(days=length)
    report = rules.check(shifts, start, end, context, list(OFFICERS))
    by_name = {v: k for k, v in OFFICERS.items()}
    for finding in report.findings:
        if finding.rule != "needs-cover":
            continue
        for name in finding.candidates:
            covered = [dataclasses.replace(s, officer_id=by_name[name], officer=name)
                       if s.id == finding.shift_ids[0] else s for s in shifts]
            after = rules.check(covered, start, end, context, list(OFFICERS))
            assert _problems(after, name) <= _problems(report, name), (finding.message, name)


def test_a_week_view_does_not_suggest_someone_without_11h_rest_into_next_week():
    """Sunday's late is open; Cal's Monday early (next week) starts 9 h after it ends."""
    zone = local_zone()
    sunday = FIRST + dt.timedelta(days=6)
    late = ShiftInfo("late", None, None, "late", local_to_utc(sunday, 14 * 60, zone, what="s"),
                     local_to_utc(sunday, 22 * 60, zone, what="e"))
    monday = sunday + dt.timedelta(days=1)
    early = ShiftInfo("early", "o3", "Cal", "early", local_to_utc(monday, 7 * 60, zone, what="s"),
                      local_to_utc(monday, 15 * 60, zone, what="e"))
    context = rules.Context(zone, {"weekday": [], "weekend": [], "bank_holiday": []}, {}, rules.Rules(), [], OFFICERS)
    for start, end in ((FIRST, sunday), (FIRST, FIRST + dt.timedelta(days=27))):  # week view, month view
        report = rules.check([late, early], start, end, context, list(OFFICERS))
        needs = next(f for f in report.findings if f.rule == "needs-cover")
        assert needs.candidates == ("Alex", "Bea", "Dee")
    assert "too little rest before" in (rules.can_take("o3", late, [early], context) or "")


def _day_shift(n: int, day: dt.date, officer: str | None) -> ShiftInfo:
    zone = local_zone()
    start = local_to_utc(day, 9 * 60, zone, what="s")
    return ShiftInfo(f"d{n}", officer, OFFICERS.get(officer or ""), "day", start, start + dt.timedelta(hours=8))


def test_cover_that_would_take_the_weekly_rest_is_refused():
    limits = rules.Rules(weekly_rest_hours=60, fortnightly_rest_hours=400)
    context = rules.Context(local_zone(), {"weekday": [], "weekend": [], "bank_holiday": []}, {}, limits, [], OFFICERS)
    worked = [_day_shift(n, FIRST + dt.timedelta(days=n), "o1") for n in range(4)]  # Mon-Thu
    saturday = _day_shift(9, FIRST + dt.timedelta(days=5), None)
    assert "weekly rest" in (rules.can_take("o1", saturday, worked, context) or "")
    report = rules.check([*worked, saturday], FIRST, FIRST + dt.timedelta(days=6), context, ["o1", "o2"])
    assert next(f for f in report.findings if f.rule == "needs-cover").candidates == ("Bea",)


def test_cover_that_would_break_the_average_week_is_refused():
    limits = rules.Rules(max_average_weekly_hours=16, reference_weeks=1)
    context = rules.Context(local_zone(), {"weekday": [], "weekend": [], "bank_holiday": []}, {}, limits, [], OFFICERS)
    worked = [_day_shift(n, FIRST + dt.timedelta(days=n), "o1") for n in range(2)]  # 16 h
    wednesday = _day_shift(9, FIRST + dt.timedelta(days=2), None)
    assert "average" in (rules.can_take("o1", wednesday, worked, context) or "")
    assert rules.can_take("o2", wednesday, [], context) is None
