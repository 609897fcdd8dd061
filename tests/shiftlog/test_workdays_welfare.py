"""FOI working-day due dates and lone-worker welfare check-ins."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import ValidationError
from app.shiftlog import service, teamsettings, welfare
from app.shiftlog.workdays import add_working_days, countdown_text, is_working_day, working_days_left


def test_foi_twenty_working_days_skip_weekends_and_english_bank_holidays():
    # Received Fri 18 Dec 2026: Christmas, Boxing Day (moved to Mon 28th) and New Year excluded.
    assert add_working_days(dt.date(2026, 12, 18), 20) == dt.date(2027, 1, 20)
    # Received Thu 26 Mar 2026: Good Friday 3 Apr and Easter Monday 6 Apr excluded.
    assert add_working_days(dt.date(2026, 3, 26), 20) == dt.date(2026, 4, 27)
    assert not is_working_day(dt.date(2026, 8, 31))  # summer bank holiday (England)


def test_countdown_wording():
    assert countdown_text(dt.date(2026, 11, 23), dt.date(2026, 11, 23)) == "due today"
    assert countdown_text(dt.date(2026, 11, 20), dt.date(2026, 11, 23)) == "due next working day"
    assert countdown_text(dt.date(2026, 11, 25), dt.date(2026, 11, 23)) == "overdue by 2 working days"


@settings(deadline=None)
@given(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31)), st.integers(1, 60))
def test_working_day_arithmetic_round_trips(start, days):
    due = add_working_days(start, days)
    assert is_working_day(due) and due > start
    assert working_days_left(start, due) == days


def test_working_days_out_of_range_are_refused():
    with pytest.raises(ValidationError):
        add_working_days(dt.date(2026, 1, 5), 0)


def _enable(ctx, minutes=30.0, grace=5.0):
    return teamsettings.save_welfare(ctx, interval_minutes=minutes, grace_minutes=grace,
                                     escalation="Phone the duty manager", contact="Duty manager 07700 900123")


def test_welfare_settings_are_validated_and_team_wide(ctx):
    with pytest.raises(ValidationError, match="escalation"):
        teamsettings.save_welfare(ctx, interval_minutes=30, grace_minutes=5, escalation="  ", contact="")
    with pytest.raises(ValidationError, match="interval"):
        teamsettings.save_welfare(ctx, interval_minutes=-1, grace_minutes=5, escalation="x", contact="")
    assert not teamsettings.welfare_settings(ctx).enabled
    _enable(ctx)
    saved = teamsettings.welfare_settings(ctx)
    assert saved.enabled and saved.interval_minutes == 30 and saved.contact.startswith("Duty manager")


def test_checkins_due_then_missed_are_shown_and_recorded_once(ctx):
    _enable(ctx)
    shift = service.start_shift(ctx)
    now = shift.started_at
    assert welfare.status(ctx, now=now + dt.timedelta(minutes=10)).state == "ok"
    assert welfare.status(ctx, now=now + dt.timedelta(minutes=31)).state == "due"
    missed = welfare.status(ctx, now=now + dt.timedelta(minutes=36))
    assert missed.state == "missed" and missed.settings.escalation == "Phone the duty manager"
    entry = welfare.record_missed(ctx, now=now + dt.timedelta(minutes=36))
    assert entry is not None and "Missed welfare check-in" in entry.text and "07700 900123" in entry.text
    assert welfare.record_missed(ctx, now=now + dt.timedelta(minutes=37)) is None  # once per due time
    assert welfare.status(ctx, now=now + dt.timedelta(minutes=37)).missed_recorded
    ok = welfare.check_in(ctx)
    assert "after a missed check-in" in ok.text
    assert welfare.status(ctx).state == "ok"
    sources = [e.source for e in service.list_entries(ctx, shift_id=shift.id)]
    assert sources == ["welfare:timer", "welfare:missed", "welfare:ok"]
    service.end_shift(ctx)
    assert service.list_entries(ctx, shift_id=shift.id)[-1].text == "Finished safely."
    assert welfare.status(ctx).state == "off"


def test_no_timer_unless_asked_or_configured(ctx):
    service.start_shift(ctx)
    assert welfare.status(ctx).state == "off"
    with pytest.raises(ValidationError, match="No welfare check-in timer"):
        welfare.check_in(ctx)
    service.end_shift(ctx)
    with pytest.raises(ValidationError, match="no check-in interval"):
        service.start_shift(ctx, checkins=True)
    _enable(ctx)
    service.start_shift(ctx, checkins=False)
    assert welfare.status(ctx).state == "off"
