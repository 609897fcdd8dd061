"""The window: Settings > Alerts typed with real keys, a check-in from the shift bar,
and the window's own alert timer delivering to a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.alerts import lonework, mail
from app.db.base import utcnow
from app.shiftlog import service, teamsettings
from ui.log.alert_duty import duty_for

from .conftest import free_port

FIRST = "duty.manager@example.org"


def _section(main_window):  # type: ignore[no-untyped-def]
    view = main_window.show_view("settings")
    section = next(s for s in view.sections if type(s).__name__ == "AlertsSection")
    view.tabs.setCurrentWidget(section)
    return view, section


def _loaded(qtbot, section) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not section.loading and section.isEnabled(), timeout=10_000)


def _type(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    widget.setFocus()
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)


def test_settings_section_saves_mail_ladder_and_pin_and_sends_a_test(main_window, qtbot, smtp_server, memory_keyring):
    ctx = main_window.shell.ctx
    view, section = _section(main_window)
    _loaded(qtbot, section)
    _type(qtbot, section.host, smtp_server.host)
    _type(qtbot, section.port, str(smtp_server.port))
    section.tls.setFocus()
    QTest.keyClick(section.tls, Qt.Key.Key_Down)  # STARTTLS -> None
    _type(qtbot, section.user, "sam")
    _type(qtbot, section.password, "s3cret")
    _type(qtbot, section.sender, "dutydesk@example.org")
    _type(qtbot, section.ladder, f"{FIRST}, head@example.org")
    _type(qtbot, section.pin, "4711")
    view.save_button.setFocus()
    QTest.keyClick(view.save_button, Qt.Key.Key_Space)
    main_window.shell.wait(10_000)
    qtbot.waitUntil(lambda: mail.load(ctx) is not None, timeout=10_000)
    saved = mail.load(ctx)
    assert (saved.host, saved.port, saved.user, saved.tls, saved.sender) == (
        smtp_server.host, smtp_server.port, "sam", "none", "dutydesk@example.org")
    assert list(memory_keyring.secrets.values()) == ["s3cret"]
    assert teamsettings.welfare_settings(ctx).ladder == (FIRST, "head@example.org")
    assert lonework.is_duress(ctx, "4711")
    qtbot.waitUntil(lambda: "set (type" in section.pin.placeholderText(), timeout=10_000)
    assert section.password.text() == "" and section.pin.text() == ""

    # A bad ladder address refuses the save and changes nothing.
    _type(qtbot, section.ladder, "not an address")
    QTest.keyClick(view.save_button, Qt.Key.Key_Space)
    assert "Not an e-mail address" in view.message.text()
    main_window.shell.wait(10_000)
    assert teamsettings.welfare_settings(ctx).ladder == (FIRST, "head@example.org")

    # The password needs the server to log in: aiosmtpd here has no AUTH, so test without a login.
    mail.save(ctx, host=smtp_server.host, port=smtp_server.port, sender="dutydesk@example.org", tls="none")
    _loaded(qtbot, section)
    _type(qtbot, section.test_to, FIRST)
    section.test_button.setFocus()
    QTest.keyClick(section.test_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "Test message sent" in section.message.text(), timeout=10_000)
    assert [m.recipients for m in smtp_server.inbox.messages] == [[FIRST]]


def _overdue_shift(ctx, server) -> None:  # type: ignore[no-untyped-def]
    mail.save(ctx, host=server.host if server else "127.0.0.1", port=server.port if server else free_port(),
              sender="dutydesk@example.org", tls="none")
    teamsettings.save_welfare(ctx, interval_minutes=30, grace_minutes=10, escalation="Phone the duty manager",
                              contact="", ladder=(FIRST,))
    service.start_shift(ctx, at=utcnow() - dt.timedelta(minutes=45), checkins=True)


def test_window_timer_alerts_then_a_check_in_from_the_window_sends_the_all_clear(main_window, qtbot, smtp_server):
    ctx = main_window.shell.ctx
    _overdue_shift(ctx, smtp_server)
    main_window.show_view("log")
    main_window.shell.changed("log")
    duty = duty_for(main_window.shell)
    duty.timer.timeout.emit()  # the window's minute tick
    qtbot.waitUntil(lambda: len(smtp_server.inbox.messages) == 1, timeout=10_000)
    assert smtp_server.inbox.messages[0].recipients == [FIRST]
    from ui.log.shift_bar import CheckinBanner

    qtbot.waitUntil(lambda: any(b.isVisible() for b in main_window.findChildren(CheckinBanner)), timeout=10_000)
    banner = next(b for b in main_window.findChildren(CheckinBanner) if b.isVisible())
    assert "MISSED CHECK-IN" in banner.text.text()
    banner.pin.setFocus()
    QTest.keyClick(banner.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(smtp_server.inbox.messages) == 2, timeout=10_000)
    assert smtp_server.inbox.messages[1].subject == "All clear: Test Officer has checked in"
    duty.timer.timeout.emit()
    main_window.shell.wait(10_000)
    assert len(smtp_server.inbox.messages) == 2


def test_window_says_plainly_when_nobody_has_been_told(main_window, qtbot):
    ctx = main_window.shell.ctx
    _overdue_shift(ctx, None)
    main_window.show_view("log")
    main_window.shell.changed("log")
    duty_for(main_window.shell).timer.timeout.emit()
    from ui.log.shift_bar import CheckinBanner

    def shown() -> bool:
        return any(b.alert_note.isVisible() and "Nobody has been told" in b.alert_note.text()
                   for b in main_window.findChildren(CheckinBanner))

    qtbot.waitUntil(shown, timeout=10_000)
    assert any("NOT delivered" in e.text for e in service.list_entries(ctx))
