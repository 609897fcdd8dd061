"""The lone-worker CLI contract: mail set/test, shift checkins/checkin/activity, alerts run."""

from __future__ import annotations

import datetime as dt
import json

from zoneinfo import ZoneInfo

import keyring
from keyring.backends import fail

from app.alerts import mail

FIRST, SECOND = "duty.manager@example.org", "head.of.comms@example.org"


def _mail_set(cli, server, *extra):  # type: ignore[no-untyped-def]
    return cli("mail", "set", "--host", server.host, "--port", str(server.port), "--tls", "none",
               "--from", "dutydesk@example.org", *extra)


def test_mail_set_keeps_the_password_in_the_keyring_only(cli, smtp_server, memory_keyring, monkeypatch, data_dir):
    cli("setup", "--officer", "Sam Night")
    monkeypatch.setenv(mail.PASSWORD_ENV, "s3cret-Pa55")
    result = _mail_set(cli, smtp_server, "--user", "sam", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["host"] == "127.0.0.1" and data["user"] == "sam" and data["tls"] == "none"
    assert data["password_stored"] is True
    assert list(memory_keyring.secrets.values()) == ["s3cret-Pa55"]
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert b"s3cret-Pa55" not in path.read_bytes(), path


def test_mail_set_without_a_keyring_refuses_plainly_and_changes_nothing(cli, smtp_server, monkeypatch):
    cli("setup", "--officer", "Sam Night")
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        monkeypatch.setenv(mail.PASSWORD_ENV, "pw")
        result = _mail_set(cli, smtp_server, "--user", "sam")
    finally:
        keyring.set_keyring(before)
    assert result.code == 2 and "No OS keyring" in result.err and "Traceback" not in result.err
    assert json.loads(cli("shift", "checkins", "--json").out)  # still usable
    shown = cli("alerts", "run", "--json")
    assert shown.code == 0


def test_mail_set_refuses_bad_input(cli, smtp_server):
    cli("setup", "--officer", "Sam Night")
    bad = cli("mail", "set", "--host", "smtp.example.org", "--port", "70000", "--from", "x@example.org")
    assert bad.code == 2 and "port" in bad.err
    bad = cli("mail", "set", "--host", "smtp.example.org", "--port", "25", "--from", "not an address")
    assert bad.code == 2 and "Not an e-mail address" in bad.err


def test_mail_test_reaches_the_inbox_and_says_plainly_when_not(cli, smtp_server):
    cli("setup", "--officer", "Sam Night")
    _mail_set(cli, smtp_server)
    result = cli("mail", "test", "--to", FIRST, "--json")
    assert result.code == 0 and json.loads(result.out) == {"sent": True, "to": FIRST, "error": None}
    (message,) = smtp_server.inbox.messages
    assert message.recipients == [FIRST] and message.subject == "Duty Desk test message"
    smtp_server.inbox.refuse = "550 5.1.1 Mailbox unavailable"
    result = cli("mail", "test", "--to", FIRST)
    assert result.code == 1 and "550" in result.err and "not sent" in result.err


def test_duress_checkin_prints_exactly_what_a_normal_one_prints(cli, smtp_server):
    cli("setup", "--officer", "Sam Night")
    _mail_set(cli, smtp_server)
    result = cli("shift", "checkins", "--every", "30", "--grace", "10", "--ladder", f"{FIRST}, {SECOND}",
                 "--duress-pin", "4711", "--json")
    data = json.loads(result.out)
    assert data["ladder"] == [FIRST, SECOND] and data["duress_pin_set"] is True and "4711" not in result.out
    assert data["interval_minutes"] == 30 and data["escalation"]  # the existing keys stay
    cli("shift", "start")
    normal = cli("shift", "checkin", "all good")
    duress = cli("shift", "checkin", "all good", "--pin", "4711")
    assert normal.code == duress.code == 0
    assert normal.out.split("(entry")[0] == duress.out.split("(entry")[0] and duress.err == ""
    assert normal.out.split(")")[1] == duress.out.split(")")[1]
    (alarm,) = smtp_server.inbox.messages
    assert alarm.subject == "URGENT duress alert: Sam Night" and sorted(alarm.recipients) == [FIRST, SECOND]


def test_checkins_ladder_refuses_a_bad_address_and_changes_nothing(cli):
    cli("setup", "--officer", "Sam Night")
    bad = cli("shift", "checkins", "--every", "30", "--ladder", "duty.manager@example.org,nonsense")
    assert bad.code == 2 and "nonsense" in bad.err
    assert json.loads(cli("shift", "checkins", "--json").out)["interval_minutes"] == 0


def test_activity_and_alerts_run_offline_say_nobody_has_been_told(cli, smtp_server):
    from .conftest import free_port

    cli("setup", "--officer", "Sam Night")
    cli("mail", "set", "--host", "127.0.0.1", "--port", str(free_port()), "--tls", "none", "--from", "d@example.org")
    cli("shift", "checkins", "--every", "30", "--grace", "10", "--ladder", FIRST)
    started = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=45)).isoformat(timespec="minutes")
    assert cli("shift", "start", "--at", started).code == 0
    back = (dt.datetime.now(ZoneInfo("Europe/London")) + dt.timedelta(hours=2)).strftime("%H:%M")
    activity = cli("shift", "activity", "attending the scene at Mill Lane", "--until", back, "--json")
    assert activity.code == 0, activity.err
    data = json.loads(activity.out)
    assert data["text"] == "attending the scene at Mill Lane"
    assert dt.datetime.fromisoformat(data["until"]).astimezone(ZoneInfo("Europe/London")).strftime("%H:%M") == back
    assert cli("shift", "activity", "x", "--until", "25:00").code == 2
    result = cli("alerts", "run", "--json")
    assert result.code == 1
    data = json.loads(result.out)
    assert data["nobody_told"] is True and data["sent"] == []
    assert data["failed"][0]["kind"] == "missed" and "could not be reached" in data["failed"][0]["error"]
    text = cli("alerts", "run")
    assert "ALERT NOT SENT" in text.out and "Nobody has been told." in text.out
    # once the server is reachable, the same alert goes out once
    _mail_set(cli, smtp_server)
    assert cli("alerts", "run").code == 0
    assert cli("alerts", "run", "--json").code == 0
    assert [m.recipients for m in smtp_server.inbox.messages] == [[FIRST]]
