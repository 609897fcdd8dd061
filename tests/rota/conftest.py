"""Rota fixtures: the seed team on the built-in pattern."""

from __future__ import annotations

import datetime as dt

import pytest

from app.rota import service
from app.team.service import ensure_officer

TEAM = ["Alex Morgan", "Bea Khan", "Cal Reid", "Dee Osei"]
# A Monday in winter with no bank holiday in the next four weeks.
START = dt.date(2026, 1, 5)


@pytest.fixture
def team(ctx):  # type: ignore[no-untyped-def]
    for name in TEAM:
        ensure_officer(ctx, name)
    return TEAM


@pytest.fixture
def seeded(ctx, team):  # type: ignore[no-untyped-def]
    """Four weeks of the built-in pattern for the four officers."""
    service.apply_pattern(ctx, "four-week-out-of-hours", start=START, weeks=4, officers=team)
    return ctx


def shift_of(ctx, officer: str, day: dt.date, kind: str):  # type: ignore[no-untyped-def]
    for s in service.list_shifts(ctx, day, day, officer=officer):
        if s.kind == kind:
            return s
    raise AssertionError(f"{officer} has no {kind} shift on {day}")


def open_week(ctx) -> tuple[dt.date, dt.date, list[str]]:  # type: ignore[no-untyped-def]
    """A week of the built-in pattern for two officers of four: the other lines are open."""
    for name in TEAM:
        ensure_officer(ctx, name)
    service.apply_pattern(ctx, "four-week-out-of-hours", start=START, weeks=1, officers=TEAM[:2])
    end = START + dt.timedelta(days=6)
    return START, end, [s.id for s in service.list_shifts(ctx, START, end) if s.officer is None]
