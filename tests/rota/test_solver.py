"""The solver fills gaps without breaking a rule, and explains what it cannot fill."""

from __future__ import annotations

import datetime as dt

from app.rota import service, solver
from app.team.service import ensure_officer
from tests.rota.conftest import START

WEEK_END = START + dt.timedelta(days=6)
WORKING_TIME = {"rest", "double-booked", "weekly-rest", "average-hours", "break"}


def test_fill_covers_a_leave_gap_without_breaking_a_rule(seeded):
    thu = START + dt.timedelta(days=3)
    service.add_leave(seeded, "Alex Morgan", thu, thu, "sick")
    assert service.check(seeded, START, WEEK_END).by_rule("coverage-gap")
    result = solver.fill(seeded, START, WEEK_END, time_limit=5)
    assert result.applied and len(result.assigned) == 1 and result.unfilled == []
    assert result.assigned[0].officer not in ("Alex Morgan", "Dee Osei")
    after = service.check(seeded, START, WEEK_END)
    assert after.by_rule("coverage-gap") == [] and after.by_rule("needs-cover") == []
    assert [f for f in after.findings if f.rule in WORKING_TIME] == []
    assert "cover for Alex Morgan" in service.get_shift(seeded, result.assigned[0].id).note


def test_fill_open_lines_balances_and_respects_rules(ctx, team):
    for extra in ("Eve Park", "Finn Lowe"):
        ensure_officer(ctx, extra)
    service.apply_pattern(ctx, "four-week-out-of-hours", start=START, weeks=2, officers=["-", "-", "-", "-"])
    end = START + dt.timedelta(days=13)
    result = solver.fill(ctx, START, end, time_limit=3)
    assert result.unfilled == []
    assert 0.0 <= result.gap <= 1.0
    report = service.check(ctx, START, end)
    assert [f for f in report.findings if f.severity == "error"] == []
    hours = [row.hours for row in report.fairness]
    assert max(hours) - min(hours) <= 11  # balanced within two shifts


def test_fill_explains_what_it_cannot_satisfy(ctx):
    # Only the set-up officer: they cannot do both Monday's early and late (4 h rest).
    service.apply_pattern(ctx, "four-week-out-of-hours", start=START, weeks=1, officers=["-", "-", "-", "-"])
    monday = START
    result = solver.plan(service.snapshot(ctx, monday, monday), time_limit=3)
    assert len(result.assigned) == 1 and len(result.unfilled) == 1
    reasons = " ".join(result.unfilled[0].reasons)
    assert "Test Officer" in reasons and "rest" in reasons


def test_nothing_to_fill(seeded):
    result = solver.fill(seeded, START, WEEK_END, time_limit=2)
    assert result.status == "NOTHING_TO_FILL" and not result.applied
