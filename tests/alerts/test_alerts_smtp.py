"""Lone-worker alerts delivered to a real SMTP server (aiosmtpd), time driven by ``now``."""

from __future__ import annotations

import datetime as dt

import pytest

from app.alerts import lonework, mail, outbox
from app.alerts.models import AlertOutbox
from app.db.base import utcnow
from app.errors import ValidationError
from app.shiftlog import service, teamsettings

from .conftest import free_port

FIRST, SECOND = "duty.manager@example.org", "head.of.comms@example.org"


def _setup(ctx, server, *, every=30.0, grace=10.0, ladder=(FIRST, SECOND)):  # type: ignore[no-untyped-def]
    mail.save(ctx, host=server.host if server else "127.0.0.1", port=server.port if server else free_port(),
              sender="dutydesk@example.org", tls="none")
    teamsettings.save_welfare(ctx, interval_minutes=every, grace_minutes=grace, escalation="Phone the duty manager",
                              contact="", ladder=tuple(ladder))
    start = utcnow() - dt.timedelta(hours=3)  # the test's clock runs in the past: entries may not be future
    service.start_shift(ctx, at=start, checkins=True)
    return start


def _log_texts(ctx) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.text for e in service.list_entries(ctx)]


def test_missed_checkin_alerts_first_contact_then_moves_up_the_ladder_then_all_clear(ctx, smtp_server):
    start = _setup(ctx, smtp_server)
    inbox = smtp_server.inbox
    assert outbox.run(ctx, now=start + dt.timedelta(minutes=35)).sent == []  # due, within grace
    assert inbox.messages == []

    report = outbox.run(ctx, now=start + dt.timedelta(minutes=41))
    assert [r["to"] for r in report.sent] == [[FIRST]]
    (first,) = inbox.messages
    assert first.recipients == [FIRST] and first.sender == "dutydesk@example.org"
    assert "Test Officer" in first.subject and "has not checked in" in first.subject
    due_local = (start + dt.timedelta(minutes=30)).astimezone()
    assert f"missed a welfare check-in due at {due_local:%H:%M}" in first.body
    assert "Please phone Test Officer now" in first.body

    # Running again (the window's timer, then the scheduled task) sends nothing twice.
    outbox.run(ctx, now=start + dt.timedelta(minutes=42))
    outbox.run(ctx, now=start + dt.timedelta(minutes=45))
    assert len(inbox.messages) == 1

    # Not acknowledged by a check-in after another grace period: the second rung.
    outbox.run(ctx, now=start + dt.timedelta(minutes=51))
    assert [m.recipients for m in inbox.messages] == [[FIRST], [SECOND]]
    second = inbox.messages[1]
    assert "contact 2 of 2" in second.body and FIRST in second.body
    outbox.run(ctx, now=start + dt.timedelta(minutes=70))
    assert len(inbox.messages) == 2  # the ladder has two rungs

    result = lonework.check_in(ctx, "back at the desk", now=start + dt.timedelta(minutes=72))
    assert result.due_at is not None
    all_clear = inbox.messages[2]
    assert sorted(all_clear.recipients) == sorted([FIRST, SECOND])
    assert all_clear.subject == "All clear: Test Officer has checked in"
    assert "is safe" in all_clear.body
    log = _log_texts(ctx)
    assert any(t.startswith("Missed check-in alert e-mailed to " + FIRST) for t in log)
    assert any(t.startswith("Missed check-in alert e-mailed to " + SECOND) for t in log)
    assert any(t.startswith("All-clear e-mailed to") for t in log)
    # A second check-in sends no second all-clear.
    lonework.check_in(ctx, now=start + dt.timedelta(minutes=73))
    outbox.run(ctx, now=start + dt.timedelta(minutes=74))
    assert len(inbox.messages) == 3


def test_checkin_before_the_alert_cancels_it_and_sends_no_all_clear(ctx, smtp_server):
    start = _setup(ctx, smtp_server)
    lonework.check_in(ctx, now=start + dt.timedelta(minutes=38))
    outbox.run(ctx, now=start + dt.timedelta(minutes=41))  # the next check-in is not due yet
    assert smtp_server.inbox.messages == []


def test_duress_checkin_looks_normal_but_alerts_the_whole_ladder(ctx, smtp_server):
    start = _setup(ctx, smtp_server)
    lonework.set_duress_pin(ctx, "4711")
    normal = lonework.check_in(ctx, "all fine", pin="1234", now=start + dt.timedelta(minutes=5))
    assert smtp_server.inbox.messages == []  # a wrong PIN is just a check-in
    duress = lonework.check_in(ctx, "all fine", pin="4711", now=start + dt.timedelta(minutes=6))
    assert duress.entry.text == normal.entry.text  # same words in the log and on screen
    (alarm,) = smtp_server.inbox.messages
    assert sorted(alarm.recipients) == sorted([FIRST, SECOND])
    assert alarm.subject == "URGENT duress alert: Test Officer"
    assert "duress PIN" in alarm.body and "all fine" in alarm.body
    assert not any("duress" in t.lower() for t in _log_texts(ctx))  # the log on screen gives nothing away
    outbox.run(ctx, now=start + dt.timedelta(minutes=7))
    assert len(smtp_server.inbox.messages) == 1


def test_duress_pin_is_stored_salted_and_hashed(ctx):
    from app.settings import device

    lonework.set_duress_pin(ctx, "4711")
    stored = device.get(ctx, lonework.PIN_KEY)
    assert "4711" not in str(stored) and stored["scheme"] == "scrypt"
    first_salt = stored["salt"]
    lonework.set_duress_pin(ctx, "4711")
    assert device.get(ctx, lonework.PIN_KEY)["salt"] != first_salt
    assert lonework.is_duress(ctx, "4711") and not lonework.is_duress(ctx, "4712")
    with pytest.raises(ValidationError):
        lonework.set_duress_pin(ctx, "12")


def test_timed_activity_overrun_alerts_and_check_in_gives_all_clear(ctx, smtp_server):
    start = _setup(ctx, smtp_server, every=120.0)
    until = start + dt.timedelta(minutes=50)
    lonework.start_activity(ctx, "attending the scene at Mill Lane", until, now=start)
    outbox.run(ctx, now=start + dt.timedelta(minutes=49))
    assert smtp_server.inbox.messages == []
    outbox.run(ctx, now=start + dt.timedelta(minutes=50, seconds=30))
    (alert,) = smtp_server.inbox.messages
    assert alert.recipients == [FIRST] and "is overdue" in alert.subject
    assert "attending the scene at Mill Lane" in alert.body
    assert f"expected back by {until.astimezone():%H:%M}" in alert.body
    lonework.check_in(ctx, now=start + dt.timedelta(minutes=55))
    assert smtp_server.inbox.messages[-1].subject.startswith("All clear")
    assert smtp_server.inbox.messages[-1].recipients == [FIRST]
    outbox.run(ctx, now=start + dt.timedelta(minutes=90))
    assert len(smtp_server.inbox.messages) == 2  # the activity ended with the check-in


def test_unreachable_server_is_logged_says_nobody_told_and_retries_once_back(ctx, smtp_server):
    start = _setup(ctx, None)  # a port where nothing listens
    report = outbox.run(ctx, now=start + dt.timedelta(minutes=41))
    assert report.nobody_told and not report.sent
    assert "could not be reached" in report.failed[0]["error"]
    log = _log_texts(ctx)
    failures = [t for t in log if "NOT delivered" in t]
    assert len(failures) == 1 and failures[0].endswith("Nobody has been told.")
    outbox.run(ctx, now=start + dt.timedelta(minutes=42))  # same error: not logged again
    assert len([t for t in _log_texts(ctx) if "NOT delivered" in t]) == 1
    # The network is back: the queued alert goes out once.
    mail.save(ctx, host=smtp_server.host, port=smtp_server.port, sender="dutydesk@example.org", tls="none")
    report = outbox.run(ctx, now=start + dt.timedelta(minutes=43))
    assert [r["to"] for r in report.sent] == [[FIRST]]
    outbox.run(ctx, now=start + dt.timedelta(minutes=44))
    assert len(smtp_server.inbox.messages) == 1


def test_refusing_server_is_logged_with_its_reason(ctx, smtp_server):
    smtp_server.inbox.refuse = "554 5.7.1 Relay access denied"
    start = _setup(ctx, smtp_server)
    report = outbox.run(ctx, now=start + dt.timedelta(minutes=41))
    assert "554" in report.failed[0]["error"] and "Relay access denied" in report.failed[0]["error"]
    assert any("NOT delivered" in t and "Relay access denied" in t for t in _log_texts(ctx))
    with ctx.read() as session:
        row = session.get(AlertOutbox, report.failed[0]["key"])
        assert row.state == "failed" and row.attempts == 1


def test_claimed_alert_is_not_sent_by_a_second_runner(ctx, smtp_server):
    start = _setup(ctx, smtp_server)
    now = start + dt.timedelta(minutes=41)
    outbox.plan(ctx, now=now)
    claimed = outbox._claim(ctx, now)  # the window's timer has it in hand
    assert len(claimed) == 1
    assert outbox.run(ctx, now=now).sent == []  # the scheduled task finds nothing to send
    assert smtp_server.inbox.messages == []


def test_checkins_tighten_during_a_running_incident(ctx, smtp_server):
    from app.incidents import service as incidents
    from app.incidents.templates import list_templates
    from app.shiftlog import welfare

    start = _setup(ctx, smtp_server, every=60.0)
    assert welfare.status(ctx, now=start).due_at == start + dt.timedelta(minutes=60)
    key = list_templates(ctx)[0].key
    incidents.start_incident(ctx, key, "Flooding on the ring road")
    assert welfare.status(ctx, now=start).due_at == start + dt.timedelta(minutes=welfare.INCIDENT_INTERVAL_MINUTES)


def test_login_uses_the_password_from_the_keyring(ctx, memory_keyring):
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    from .conftest import Inbox

    logins: list[tuple[str, str]] = []

    def authenticator(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
        logins.append((auth_data.login.decode(), auth_data.password.decode()))
        return AuthResult(success=auth_data.password == b"from-the-keyring")

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=authenticator,
                            auth_require_tls=False)
    controller.start()
    try:
        settings = mail.save(ctx, host="127.0.0.1", port=port, sender="dutydesk@example.org", user="sam",
                             tls="none", password="from-the-keyring")
        mail.send(settings, [FIRST], "Hello", "Body")
        assert logins == [("sam", "from-the-keyring")] and inbox.messages[0].recipients == [FIRST]
        memory_keyring.secrets.clear()
        with pytest.raises(mail.MailError, match="No mail password is stored"):
            mail.send(settings, [FIRST], "Hello", "Body")
    finally:
        controller.stop()


def test_starttls_is_required_when_asked_for(ctx, smtp_server):
    settings = mail.save(ctx, host=smtp_server.host, port=smtp_server.port, sender="d@example.org", tls="starttls")
    with pytest.raises(mail.MailError, match="does not offer STARTTLS"):
        mail.send(settings, [FIRST], "Hello", "Body")
    assert smtp_server.inbox.messages == []  # nothing went out in the clear


def test_duress_pin_raises_the_alarm_even_with_no_check_in_timer(ctx, smtp_server):
    _setup(ctx, smtp_server, every=0.0001)
    teamsettings.save_welfare(ctx, interval_minutes=0, grace_minutes=10, escalation="x", contact="")
    lonework.set_duress_pin(ctx, "4711")
    with pytest.raises(ValidationError, match="No welfare check-in timer"):
        lonework.check_in(ctx, pin="4711")
    (alarm,) = smtp_server.inbox.messages
    assert alarm.subject.startswith("URGENT duress alert") and sorted(alarm.recipients) == sorted([FIRST, SECOND])
