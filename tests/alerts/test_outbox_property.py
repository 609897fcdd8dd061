"""Whatever times the window's timer and the scheduled task run at, each rung of the
ladder is planned once, in ladder order, never before it is due."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.alerts import outbox
from app.alerts.models import AlertOutbox
from app.db.base import utcnow
from app.shiftlog import service, teamsettings

LADDER = ("a@example.org", "b@example.org", "c@example.org")
_names = itertools.count()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(0, 120), min_size=1, max_size=8))
def test_each_rung_is_planned_once_in_order(make_ctx, minutes):
    ctx = make_ctx(f"laptop{next(_names)}")
    teamsettings.save_welfare(ctx, interval_minutes=30, grace_minutes=10, escalation="x", contact="", ladder=LADDER)
    start = utcnow() - dt.timedelta(hours=3)
    service.start_shift(ctx, at=start, checkins=True)
    for m in minutes:  # runs in any order: a late timer, an early scheduled task
        outbox.plan(ctx, now=start + dt.timedelta(minutes=m))
    with ctx.read() as session:
        rows = list(session.execute(select(AlertOutbox).order_by(AlertOutbox.due_at)).scalars())
    latest = start + dt.timedelta(minutes=max(minutes))
    missed_at = start + dt.timedelta(minutes=40)
    expected = [rung for rung in range(3) if missed_at + dt.timedelta(minutes=10 * rung) <= latest]
    assert [r.recipients for r in rows] == [[LADDER[rung]] for rung in expected]
    assert all(r.due_at <= latest for r in rows)
