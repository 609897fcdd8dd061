"""Checks: coverage, working time, leave and swaps."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from app.db.local_models import ChangeLogEntry
from app.errors import NotFoundError, ValidationError
from app.rota import hours, service, swaps
from app.rota.models import RotaSwap
from tests.rota.conftest import START, shift_of

LONDON = ZoneInfo("Europe/London")
TUE = START + dt.timedelta(days=1)


def test_swap_making_a_nine_hour_changeover_is_flagged(seeded):
    # Week 1: Alex is early Mon-Thu, Dee late Mon-Thu. Swapping Tuesday's shifts gives
    # Dee a late Mon ending 22:00 then an early Tue at 07:00: 9 h rest.
    alex_early = shift_of(seeded, "Alex Morgan", TUE, "early")
    dee_late = shift_of(seeded, "Dee Osei", TUE, "late")
    preview = swaps.swap_shifts(seeded, alex_early.id, dee_late.id, dry_run=True)
    new_rest = [f for f in preview.new_findings if f.rule == "rest"]
    assert {f.officers for f in new_rest} == {("Alex Morgan",), ("Dee Osei",)}
    assert all("9 h" in f.message for f in new_rest)
    # The dry run changed nothing.
    assert shift_of(seeded, "Alex Morgan", TUE, "early").id == alex_early.id
    assert not service.check(seeded, START, START + dt.timedelta(days=6)).by_rule("rest")

    done = swaps.swap_shifts(seeded, alex_early.id, dee_late.id)
    assert done.applied and done.approved_by == "Test Officer"
    assert service.get_shift(seeded, alex_early.id).officer == "Dee Osei"
    rest = service.check(seeded, START, START + dt.timedelta(days=6)).by_rule("rest")
    dee = next(f for f in rest if f.officers == ("Dee Osei",))
    assert dee.start.astimezone(LONDON) == dt.datetime(2026, 1, 6, 7, 0, tzinfo=LONDON)
    assert "9 h rest" in dee.message
    with seeded.read() as session:
        swap = session.execute(select(RotaSwap)).scalar_one()
        assert (swap.status, swap.approved_by) == ("accepted", "Test Officer")


def test_swap_effect_shows_hours_and_weekends(seeded):
    # Bea works the week-2 late weekend; Cal the week-3 early weekend.
    sat = START + dt.timedelta(days=5)
    bea = shift_of(seeded, "Bea Khan", sat, "late")
    cal = shift_of(seeded, "Cal Reid", sat, "early")
    preview = swaps.preview_swap(seeded, bea.id, cal.id)
    assert {row["officer"] for row in preview.effect} == {"Bea Khan", "Cal Reid"}
    assert all(row["hours_before"] == row["hours_after"] for row in preview.effect)


def test_propose_then_accept_records_the_approver(seeded):
    a = shift_of(seeded, "Alex Morgan", START, "early")
    d = shift_of(seeded, "Dee Osei", START + dt.timedelta(days=3), "late")
    proposal = swaps.propose_swap(seeded, a.id, d.id)
    assert service.get_shift(seeded, a.id).officer == "Alex Morgan"  # not yet
    accepted = swaps.accept_swap(seeded, proposal.swap_id)
    assert accepted.applied
    assert service.get_shift(seeded, a.id).officer == "Dee Osei"
    assert [s.status for s in swaps.list_swaps(seeded)] == ["accepted"]
    with pytest.raises(ValidationError, match="already accepted"):
        swaps.accept_swap(seeded, proposal.swap_id)


def test_swap_refuses_nonsense(seeded):
    a = shift_of(seeded, "Alex Morgan", START, "early")
    b = shift_of(seeded, "Alex Morgan", TUE, "early")
    with pytest.raises(ValidationError, match="already"):
        swaps.swap_shifts(seeded, a.id, b.id)
    with pytest.raises(ValidationError, match="itself"):
        swaps.swap_shifts(seeded, a.id, a.id)
    with pytest.raises(NotFoundError):
        swaps.swap_shifts(seeded, a.id, "nope")


def test_leave_makes_a_gap_with_cover_candidates(seeded):
    # Cal works the week-3 pattern in week 2... find Alex's early Thursday in week 1.
    thu = START + dt.timedelta(days=3)
    service.add_leave(seeded, "Alex Morgan", thu, thu, "sick")
    report = service.check(seeded, START, START + dt.timedelta(days=6))
    gaps = report.by_rule("coverage-gap")
    assert len(gaps) == 1
    gap = gaps[0]
    assert gap.start.astimezone(LONDON) == dt.datetime(2026, 1, 8, 7, 0, tzinfo=LONDON)
    assert gap.end.astimezone(LONDON) == dt.datetime(2026, 1, 8, 12, 30, tzinfo=LONDON)
    assert gap.officers == ("Alex Morgan",)
    assert "sick leave" in gap.message
    cover = report.by_rule("needs-cover")
    assert len(cover) == 1
    # Dee is late Wed and Thu (22:00 then 07:00 would be 9 h): not a candidate.
    assert "Dee Osei" not in cover[0].candidates
    assert set(cover[0].candidates) <= {"Bea Khan", "Cal Reid", "Test Officer"}
    assert cover[0].candidates
    # On now/next: the sick officer is not "on".
    at = dt.datetime(2026, 1, 8, 9, 0, tzinfo=LONDON)
    assert service.who_is_on(seeded, at).on_now == []


def test_overlapping_leave_is_refused_and_nothing_changes(seeded):
    service.add_leave(seeded, "Bea Khan", START, START + dt.timedelta(days=4))
    with seeded.read() as session:
        before = session.execute(select(func.count()).select_from(ChangeLogEntry)).scalar_one()
    with pytest.raises(ValidationError, match="overlaps"):
        service.add_leave(seeded, "Bea Khan", START + dt.timedelta(days=2), START + dt.timedelta(days=9), "training")
    with pytest.raises(ValidationError, match="before"):
        service.add_leave(seeded, "Bea Khan", START + dt.timedelta(days=20), START + dt.timedelta(days=19))
    with pytest.raises(NotFoundError, match="No officer"):
        service.add_leave(seeded, "Nobody Here", START, START)
    with seeded.read() as session:
        assert session.execute(select(func.count()).select_from(ChangeLogEntry)).scalar_one() == before
    assert len(service.list_leave(seeded, START, START + dt.timedelta(days=30))) == 1


def test_working_time_rules(ctx, team):
    day = dt.date(2026, 2, 2)
    # Fourteen days in a row: neither 24 h off a week nor 48 h in the fortnight; and a
    # long shift with no break.
    for i in range(14):
        d = day + dt.timedelta(days=i)
        service.add_shift(ctx, officer="Cal Reid", kind="day",
                          start=dt.datetime.combine(d, dt.time(9), LONDON),
                          end=dt.datetime.combine(d, dt.time(16 if i else 17), LONDON),
                          unpaid_break_minutes=0 if i == 0 else 30)
    report = service.check(ctx, day, day + dt.timedelta(days=13))
    assert [f.officers for f in report.by_rule("weekly-rest")] == [("Cal Reid",)] * 2
    # Seven days then a week off is lawful (48 h in the fortnight).
    for shift in service.list_shifts(ctx, day + dt.timedelta(days=7), day + dt.timedelta(days=13)):
        service.remove_shift(ctx, shift.id)
    assert service.check(ctx, day, day + dt.timedelta(days=13)).by_rule("weekly-rest") == []
    breaks = report.by_rule("break")
    assert len(breaks) == 1 and breaks[0].start.astimezone(LONDON).date() == day


def test_average_weekly_hours_over_17_weeks(ctx, team):
    monday = dt.date(2026, 1, 5)
    for w in range(17):
        for i in range(5):
            d = monday + dt.timedelta(weeks=w, days=i)
            service.add_shift(ctx, officer="Bea Khan", kind="day",
                              start=dt.datetime.combine(d, dt.time(7), LONDON),
                              end=dt.datetime.combine(d, dt.time(18, 30), LONDON), unpaid_break_minutes=30)
    report = service.check(ctx, monday + dt.timedelta(weeks=16), monday + dt.timedelta(weeks=16, days=6))
    average = report.by_rule("average-hours")
    assert len(average) == 1 and "55.0 h" in average[0].message
    # A looser configured limit clears it.
    service.set_working_time_rules(ctx, {"max_average_weekly_hours": 60})
    report = service.check(ctx, monday + dt.timedelta(weeks=16), monday + dt.timedelta(weeks=16, days=6))
    assert report.by_rule("average-hours") == []


def test_unplanned_overlap_but_planned_handover(seeded):
    sat = START + dt.timedelta(days=5)
    report = service.check(seeded, sat, sat)
    assert report.by_rule("coverage-overlap") == []  # the 14:15-14:45 handover is planned
    service.add_shift(seeded, officer="Test Officer", kind="early",
                      start=dt.datetime.combine(sat, dt.time(8), LONDON),
                      end=dt.datetime.combine(sat, dt.time(12), LONDON))
    overlaps = service.check(seeded, sat, sat).by_rule("coverage-overlap")
    assert len(overlaps) == 1 and "Test Officer" in overlaps[0].officers


def test_bank_holidays_come_from_the_holidays_package(ctx):
    eng = service.bank_holidays(ctx, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert eng[dt.date(2026, 12, 28)] == "Boxing Day (observed)"
    assert dt.date(2026, 8, 3) not in eng
    service.set_nation(ctx, "SCT")
    sct = service.bank_holidays(ctx, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert dt.date(2026, 8, 3) in sct  # Scotland's summer bank holiday
    with pytest.raises(ValidationError):
        service.set_nation(ctx, "FRA")
    # One-off days (e.g. the 2022 state funeral) are included.
    assert dt.date(2022, 9, 19) in service.bank_holidays(ctx, dt.date(2022, 9, 1), dt.date(2022, 9, 30), "ENG")


def test_add_shift_bad_input(ctx, team):
    start = dt.datetime(2026, 2, 2, 16, 30, tzinfo=LONDON)
    with pytest.raises(ValidationError, match="before"):
        service.add_shift(ctx, officer="Alex Morgan", start=start, end=start - dt.timedelta(hours=1))
    with pytest.raises(NotFoundError):
        service.add_shift(ctx, officer="Ghost", start=start, end=start + dt.timedelta(hours=2))
    service.add_shift(ctx, officer="Alex Morgan", start=start, end=start + dt.timedelta(hours=5))
    with pytest.raises(ValidationError, match="already has a shift"):
        service.add_shift(ctx, officer="Alex Morgan", start=start + dt.timedelta(hours=1),
                          end=start + dt.timedelta(hours=3))
    assert len(service.list_shifts(ctx, dt.date(2026, 2, 2), dt.date(2026, 2, 2))) == 1


def test_move_reassign_remove_restore(seeded):
    shift = shift_of(seeded, "Alex Morgan", START, "early")
    moved = service.update_shift(seeded, shift.id, start=shift.start + dt.timedelta(hours=1))
    assert moved.end - moved.start == shift.end - shift.start
    assigned = service.update_shift(seeded, shift.id, officer="Test Officer")
    assert assigned.officer == "Test Officer"
    opened = service.update_shift(seeded, shift.id, officer=None)
    assert opened.officer is None
    service.remove_shift(seeded, shift.id)
    assert shift.id not in {s.id for s in service.list_shifts(seeded, START, START)}
    service.restore_shift(seeded, shift.id)
    assert shift.id in {s.id for s in service.list_shifts(seeded, START, START)}


def test_now_next_and_due_shift(seeded):
    at = dt.datetime(2026, 1, 5, 13, 0, tzinfo=LONDON)  # between Monday's early and late
    info = service.who_is_on(seeded, at)
    assert info.on_now == []
    assert [s.officer for s in info.next_on] == ["Dee Osei"]
    assert service.due_shift(seeded, "Dee Osei", dt.datetime(2026, 1, 5, 16, 20, tzinfo=LONDON)).kind == "late"
    running = service.due_shift(seeded, "Alex Morgan", dt.datetime(2026, 1, 5, 9, 0, tzinfo=LONDON))
    assert running is not None and running.local_start(LONDON).hour == 7
    assert service.due_shift(seeded, "Bea Khan", at) is None
    assert service.due_shift(seeded, "Unknown Person", at) is None


def test_hours_totals_and_csv(seeded, tmp_path):
    rows = hours.hours_totals(seeded, START, START + dt.timedelta(days=27), by="range")
    assert {r["officer"]: r["paid_hours"] for r in rows} == {  # every active officer, 0 h too
        "Alex Morgan": 84.0, "Bea Khan": 84.0, "Cal Reid": 84.0, "Dee Osei": 84.0, "Test Officer": 0.0
    }
    weekly = hours.hours_totals(seeded, START, START + dt.timedelta(days=6), by="week")
    assert sorted(r["paid_hours"] for r in weekly if r["shifts"]) == [20, 20, 22, 22]
    path = hours.write_csv_atomic(tmp_path / "hours.csv", rows, hours.CSV_COLUMNS)
    text = path.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "period,officer,paid_hours,elapsed_hours,shifts,leave_days,leave"
    assert "Alex Morgan,84.0" in text
