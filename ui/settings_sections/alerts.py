"""Settings > Alerts: the organisation's mail server, the alert ladder and the duress PIN.

Everything is read and written through ``shell.ops`` (off the GUI thread). ``save``
checks what was typed at once (a bad address refuses the whole save, changing nothing);
the password goes to the OS keyring, the PIN is kept only as a salted hash.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout

from app.alerts import lonework, mail
from app.context import AppContext
from app.errors import ValidationError
from app.shiftlog import teamsettings
from ui.settings_sections.base import SettingsSection, Writer
from ui.shell import Shell

ORDER = 22
TITLE = "Alerts"


@dataclass(frozen=True)
class Stored:
    mail: mail.MailSettings | None
    ladder: tuple[str, ...]
    pin_set: bool


def _read(ctx: AppContext) -> Stored:
    return Stored(mail.load(ctx), teamsettings.welfare_settings(ctx).ladder, lonework.has_duress_pin(ctx))


def _write(ctx: AppContext, values: tuple, password: str, pin: str) -> None:  # type: ignore[type-arg]
    host, port, user, tls, sender, ladder = values
    if host:
        mail.save(ctx, host=host, port=port, sender=sender, user=user, tls=tls, password=password or None)
    current = teamsettings.welfare_settings(ctx)
    if tuple(ladder) != current.ladder:
        teamsettings.save_welfare(ctx, interval_minutes=current.interval_minutes, grace_minutes=current.grace_minutes,
                                  escalation=current.escalation, contact=current.contact, ladder=tuple(ladder))
    if pin:
        lonework.set_duress_pin(ctx, pin)


class AlertsSection(SettingsSection):
    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self.shell = shell
        outer = QVBoxLayout(self)
        intro = QLabel("Lone-worker alerts are e-mailed through your organisation's mail server: a missed check-in "
                       "to the first contact of the ladder, then up the ladder; an overdue timed activity; a duress "
                       "check-in; and the all-clear. The password is kept in the system keyring.")
        intro.setWordWrap(True)
        outer.addWidget(intro)
        form = QFormLayout()
        outer.addLayout(form)
        self.host = QLineEdit()
        self.host.setAccessibleName("Mail server host")
        self.host.setPlaceholderText("e.g. smtp.example.gov.uk")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(587)
        self.port.setAccessibleName("Mail server port")
        self.tls = QComboBox()
        self.tls.setAccessibleName("Encryption")
        self.tls.addItem("STARTTLS", "starttls")
        self.tls.addItem("None (trusted network only)", "none")
        self.user = QLineEdit()
        self.user.setAccessibleName("Mail login name (empty: no login)")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Mail password (kept in the system keyring)")
        self.password.setPlaceholderText("unchanged")
        self.sender = QLineEdit()
        self.sender.setAccessibleName("Sender address")
        self.ladder = QLineEdit()
        self.ladder.setAccessibleName("Alert ladder: e-mail addresses in order, separated by commas")
        self.ladder.setPlaceholderText("duty.manager@example.org, head.of.comms@example.org")
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setAccessibleName("Duress PIN")
        self.test_to = QLineEdit()
        self.test_to.setAccessibleName("Send a test message to")
        self.test_button = QPushButton("Send &test")
        self.test_button.clicked.connect(self.send_test)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Mail test result")
        form.addRow("Mail ser&ver:", self.host)
        form.addRow("&Port:", self.port)
        form.addRow("En&cryption:", self.tls)
        form.addRow("&Login:", self.user)
        form.addRow("Pass&word:", self.password)
        form.addRow("&From:", self.sender)
        form.addRow("Alert &ladder:", self.ladder)
        form.addRow("&Duress PIN:", self.pin)
        form.addRow("Test &to:", self.test_to)
        form.addRow("", self.test_button)
        outer.addWidget(self.message)
        outer.addStretch(1)
        self.load()

    def values(self) -> tuple:  # type: ignore[type-arg]
        ladder = tuple(a.strip() for a in self.ladder.text().split(",") if a.strip())
        return (self.host.text().strip(), self.port.value(), self.user.text().strip(), self.tls.currentData(),
                self.sender.text().strip(), ladder, bool(self.password.text()), bool(self.pin.text()))

    def read(self, ctx: AppContext) -> Stored:
        return _read(ctx)

    def show_values(self, stored: Stored) -> None:
        if stored.mail:
            self.host.setText(stored.mail.host)
            self.port.setValue(stored.mail.port)
            self.user.setText(stored.mail.user)
            self.tls.setCurrentIndex(max(self.tls.findData(stored.mail.tls), 0))
            self.sender.setText(stored.mail.sender)
        self.ladder.setText(", ".join(stored.ladder))
        self.password.clear()
        self.pin.clear()
        self.pin.setPlaceholderText("set (type a new one to change)" if stored.pin_set else "not set")

    def writer(self) -> Writer | None:
        """Check everything typed first: one bad address refuses the whole save."""
        if not self.is_dirty():
            return None
        values = self.values()
        host, _port, _user, _tls, sender, ladder, _pw, _pin = values
        if host and not sender:
            raise ValidationError("Give the sender address (From) for alert e-mails.")
        if host:
            mail.check_address(sender)
        for address in ladder:
            mail.check_address(address)
        pin_text = self.pin.text().strip()
        if pin_text and (not 4 <= len(pin_text) <= 20 or any(c.isspace() for c in pin_text)):
            raise ValidationError("The duress PIN must be 4 to 20 characters without spaces.")
        password, pin = self.password.text(), self.pin.text()
        return lambda ctx: _write(ctx, values[:6], password, pin)

    def after_save(self) -> None:
        self.load()  # the password and PIN fields empty again; "set" shown for the PIN

    def send_test(self) -> None:
        try:
            to = mail.check_address(self.test_to.text())
        except ValidationError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(f"Sending a test message to {to}…")

        def op(ctx: AppContext) -> str:
            mail.send(mail.load(ctx), [to], "Duty Desk test message",
                      "This is a test from Duty Desk: lone-worker alerts from this laptop reach you.\n")
            return to

        self.shell.ops.query(parent=self, op=op, key="test").success(
            lambda sent: self.message.setText(f"Test message sent to {sent}.")).failure(
            lambda exc: self.message.setText(f"{exc} The test message was not sent: nobody has been told.")).run()


def create_section(shell: Shell) -> SettingsSection:
    return AlertsSection(shell)
