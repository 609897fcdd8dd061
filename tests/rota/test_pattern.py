"""The built-in pattern reproduces the seed document, and patterns are validated."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import NotFoundError, ValidationError
from app.rota import hours, service
from app.rota.patterns import expand, pattern_from_json
from tests.rota.conftest import START, TEAM

LONDON = ZoneInfo("Europe/London")

# The seed document's table: pattern week -> {weekday: (start, end, paid hours)}.
SEED_TABLE = {
    1: {0: ("07:00", "12:30", 5.5), 1: ("07:00", "12:30", 5.5), 2: ("07:00", "12:30", 5.5), 3: ("07:00", "12:30", 5.5)},
    2: {4: ("16:30", "22:00", 5.5), 5: ("14:15", "22:00", 7.25), 6: ("14:15", "22:00", 7.25)},
    3: {4: ("07:00", "12:30", 5.5), 5: ("07:00", "14:45", 7.25), 6: ("07:00", "14:45", 7.25)},
    4: {0: ("16:30", "22:00", 5.5), 1: ("16:30", "22:00", 5.5), 2: ("16:30", "22:00", 5.5), 3: ("16:30", "22:00", 5.5)},
}
SEED_TOTALS = {1: 22, 2: 20, 3: 20, 4: 22}


def test_builtin_pattern_reproduces_the_seed_table(seeded):
    shifts = service.list_shifts(seeded, START, START + dt.timedelta(days=27))
    assert len(shifts) == 4 * sum(len(days) for days in SEED_TABLE.values())
    for i, officer in enumerate(TEAM):
        own = [s for s in shifts if s.officer == officer]
        for w in range(4):
            monday = START + dt.timedelta(weeks=w)
            pattern_week = (w + i) % 4 + 1  # officers start one week apart
            week = [s for s in own if monday <= s.local_day(LONDON) < monday + dt.timedelta(days=7)]
            got = {
                s.local_day(LONDON).weekday(): (
                    f"{s.local_start(LONDON):%H:%M}", f"{s.local_end(LONDON):%H:%M}", s.paid_hours
                )
                for s in week
            }
            assert got == SEED_TABLE[pattern_week], (officer, w)
            assert sum(s.paid_hours for s in week) == SEED_TOTALS[pattern_week]
            assert {s.kind for s in week} == {"early" if pattern_week in (1, 3) else "late"}
    # Each week, every block is covered exactly once.
    for w in range(4):
        monday = START + dt.timedelta(weeks=w)
        week = [s for s in shifts if monday <= s.local_day(LONDON) < monday + dt.timedelta(days=7)]
        assert sorted(sum(s.paid_hours for s in week if s.officer == o) for o in TEAM) == [20, 20, 22, 22]


def test_seed_rota_has_no_coverage_gap_and_no_problem(seeded):
    report = service.check(seeded, START, START + dt.timedelta(days=27))
    assert report.by_rule("coverage-gap") == []
    assert [f for f in report.findings if f.severity in ("error", "warning")] == []
    assert {row.hours for row in report.fairness} == {84.0}
    assert {row.weekends for row in report.fairness} == {4}


def test_patterns_listed_with_name_and_weeks(cli, run_setup):
    result = cli("rota", "patterns", "--json")
    assert result.code == 0
    import json

    data = json.loads(result.out)
    builtin = next(p for p in data if p["name"] == "four-week-out-of-hours")
    assert builtin["weeks"] == 4
    assert builtin["weekly_paid_hours"] == [22, 20, 20, 22]


@pytest.fixture
def run_setup(cli):  # type: ignore[no-untyped-def]
    assert cli("setup", "--officer", "Alex Morgan").code == 0


def test_weekly_paid_hours_of_builtin_pattern():
    spec = service.get_builtin("four-week-out-of-hours")
    assert spec.weekly_paid_hours() == [22, 20, 20, 22]


def test_user_pattern_overnight_across_clock_change(ctx, team):
    bureau = {
        "name": "press-bureau-24h",
        "weeks": 2,
        "shifts": [
            {"week": 1, "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "kind": "day",
             "start": "07:00", "end": "19:00", "unpaid_break_minutes": 30},
            {"week": 2, "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "kind": "night",
             "start": "19:00", "end": "07:00", "unpaid_break_minutes": 30},
        ],
    }
    service.save_pattern(ctx, bureau)
    assert "press-bureau-24h" in [p.name for p in service.list_patterns(ctx)]
    # The clocks go back on Sun 25 Oct 2026 and forward on Sun 29 Mar 2026.
    service.apply_pattern(ctx, "press-bureau-24h", start=dt.date(2026, 10, 19), weeks=1, officers=team[:2])
    nights = [s for s in service.list_shifts(ctx, dt.date(2026, 10, 19), dt.date(2026, 10, 25)) if s.kind == "night"]
    by_day = {s.local_day(LONDON): s for s in nights}
    assert by_day[dt.date(2026, 10, 24)].elapsed_hours == 13  # Sat night: an hour longer
    assert by_day[dt.date(2026, 10, 24)].paid_hours == 12.5
    assert by_day[dt.date(2026, 10, 23)].elapsed_hours == 12
    service.apply_pattern(ctx, "press-bureau-24h", start=dt.date(2026, 3, 23), weeks=1, officers=team[:2])
    spring = {s.local_day(LONDON): s for s in service.list_shifts(ctx, dt.date(2026, 3, 28), dt.date(2026, 3, 28))
              if s.kind == "night"}
    assert spring[dt.date(2026, 3, 28)].elapsed_hours == 11
    report = service.check(ctx, dt.date(2026, 10, 19), dt.date(2026, 10, 25))
    assert report.by_rule("coverage-gap") == []  # day and night shifts cover every window


@pytest.mark.parametrize(
    ("shifts", "message"),
    [
        ([{"week": 1, "days": ["mon"], "start": "07:00", "end": "07:00"}], "zero-length"),
        ([{"week": 1, "days": ["mon"], "start": "07:00", "end": "12:00"},
          {"week": 1, "days": ["mon"], "start": "11:00", "end": "15:00"}], "overlaps"),
        ([{"week": 2, "days": ["sun"], "start": "22:00", "end": "08:00"},
          {"week": 1, "days": ["mon"], "start": "07:00", "end": "12:00"}], "overlaps"),
        ([{"week": 3, "days": ["mon"], "start": "07:00", "end": "12:00"}], "outside"),
        ([{"week": 1, "days": ["funday"], "start": "07:00", "end": "12:00"}], "not a day"),
        ([{"week": 1, "days": ["mon"], "start": "7am", "end": "12:00"}], "not a time"),
    ],
)
def test_bad_patterns_are_refused_and_nothing_saved(ctx, shifts, message):
    with pytest.raises(ValidationError, match=message):
        service.save_pattern(ctx, {"name": "bad", "weeks": 2, "shifts": shifts})
    assert [p.name for p in service.list_patterns(ctx)] == ["four-week-out-of-hours"]


def test_builtin_pattern_cannot_be_overwritten(ctx):
    data = service.get_builtin("four-week-out-of-hours").as_json()
    with pytest.raises(ValidationError, match="built in"):
        service.save_pattern(ctx, data)


def test_apply_refuses_unknown_officer_and_non_monday(ctx, team):
    with pytest.raises(NotFoundError, match="Nobody|No officer"):
        service.apply_pattern(ctx, "four-week-out-of-hours", start=START, weeks=1, officers=["Zed"])
    with pytest.raises(ValidationError, match="Monday"):
        service.apply_pattern(ctx, "four-week-out-of-hours", start=START + dt.timedelta(days=1), weeks=1, officers=team)
    with pytest.raises(NotFoundError):
        service.apply_pattern(ctx, "no-such-pattern", start=START, weeks=1, officers=team)
    assert service.list_shifts(ctx, START, START + dt.timedelta(days=30)) == []


def test_apply_twice_is_refused_without_duplicates(seeded, team):
    with pytest.raises(ValidationError, match="already has"):
        service.apply_pattern(seeded, "four-week-out-of-hours", start=START, weeks=1, officers=team)
    assert len(service.list_shifts(seeded, START, START + dt.timedelta(days=6))) == 14


def test_fewer_officers_leave_open_lines(ctx, team):
    shifts = service.apply_pattern(ctx, "four-week-out-of-hours", start=START, weeks=1, officers=team[:3])
    assert len([s for s in shifts if s.officer is None]) == 4  # the fourth line's late Mon-Thu


def test_shift_in_skipped_hour_is_refused(ctx, team):
    spec = {"name": "bad-hour", "weeks": 1,
            "shifts": [{"week": 1, "days": ["sun"], "start": "01:30", "end": "06:00", "kind": "night"}]}
    service.save_pattern(ctx, spec)
    with pytest.raises(ValidationError, match="clocks go forward"):
        service.apply_pattern(ctx, "bad-hour", start=dt.date(2026, 3, 23), weeks=1, officers=team[:1])
    with pytest.raises(ValidationError, match="clocks go back"):
        service.apply_pattern(ctx, "bad-hour", start=dt.date(2026, 10, 19), weeks=1, officers=team[:1])
    assert service.list_shifts(ctx, dt.date(2026, 3, 1), dt.date(2026, 11, 1)) == []


clock = st.integers(min_value=0, max_value=47).map(lambda q: f"{q // 2:02d}:{(q % 2) * 30:02d}")


@settings(max_examples=40, deadline=None)
@given(
    weeks=st.integers(1, 4),
    raw=st.lists(st.tuples(st.integers(1, 4), st.integers(0, 6), clock, clock), min_size=1, max_size=6),
    start_week=st.integers(0, 51),
)
def test_expanded_shifts_match_real_elapsed_time(weeks, raw, start_week):
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    data = {"name": "p", "weeks": weeks, "shifts": [
        {"week": min(w, weeks), "days": [days[d]], "start": a, "end": b} for w, d, a, b in raw
    ]}
    try:
        spec = pattern_from_json(data)
    except ValidationError:
        return  # refused with a message: fine
    monday = dt.date(2026, 1, 5) + dt.timedelta(weeks=start_week)
    try:
        drafts = expand(spec, monday, weeks, ["a"] * 1, LONDON)
    except ValidationError as exc:
        assert "clocks" in str(exc)
        return
    for d in drafts:
        nominal = next(s for s in spec.slots if s.week == d.pattern_week and
                       (monday + dt.timedelta(days=s.weekday)).weekday() == d.start.astimezone(LONDON).weekday()
                       and f"{d.start.astimezone(LONDON):%H:%M}" == s.start).length_minutes
        elapsed = (d.end - d.start).total_seconds() / 60
        assert abs(elapsed - nominal) in (0, 60)
        assert d.end > d.start
    ordered = sorted(drafts, key=lambda d: d.start)
    for a, b in zip(ordered, ordered[1:]):
        assert b.start >= a.end  # one line never overlaps itself


def test_a_whole_year_of_the_seed_pattern_is_clean(ctx, team):
    """Across both clock changes and every bank holiday: covered, rested, balanced."""
    service.apply_pattern(ctx, "four-week-out-of-hours", start=START, weeks=52, officers=team)
    end = START + dt.timedelta(weeks=52, days=-1)
    report = service.check(ctx, START, end)
    assert [f for f in report.findings if f.severity in ("error", "warning")] == []
    assert len(report.bank_holidays) >= 8
    assert {row.hours for row in report.fairness} == {22 * 26 + 20 * 26}
    totals = hours.hours_totals(ctx, dt.date(2026, 3, 23), dt.date(2026, 3, 29), by="week")
    # the week the clocks change (the set-up officer is on the team with no shifts: 0 h)
    assert sorted(r["paid_hours"] for r in totals if r["shifts"]) == [20, 20, 22, 22]
