"""Outgoing e-mail through the organisation's SMTP server (standard library only).

The server settings are device settings (this laptop's); the password lives in the OS
keyring, never in the database or a file. With no keyring backend (a headless Linux)
saving a password is refused; ``DUTYDESK_SMTP_PASSWORD`` can still supply one per run.
"""

from __future__ import annotations

import os
import smtplib
import socket
import ssl
from dataclasses import asdict, dataclass
from email.message import EmailMessage
from email.utils import formatdate, parseaddr

from app.context import AppContext
from app.errors import DutyDeskError, ValidationError
from app.settings import device

SETTING_KEY = "mail"
KEYRING_SERVICE = "dutydesk-smtp"
PASSWORD_ENV = "DUTYDESK_SMTP_PASSWORD"
TLS_MODES = ("starttls", "none")
TIMEOUT_SECONDS = 20.0


class MailError(DutyDeskError):
    """The message did not leave: nobody has been told."""


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    sender: str
    user: str = ""
    tls: str = "starttls"

    def as_json(self) -> dict[str, object]:
        return {**asdict(self), "password_stored": bool(self.user) and stored_password(self) is not None}


def check_address(text: str) -> str:
    """One plain e-mail address, or a ValidationError naming it."""
    address = text.strip()
    name, parsed = parseaddr(address)
    local, _, domain = parsed.rpartition("@")
    if not parsed or parsed != address or not local or "." not in domain or any(c.isspace() for c in parsed):
        raise ValidationError(f"Not an e-mail address: {text.strip()!r}.")
    return parsed


def load(ctx: AppContext) -> MailSettings | None:
    value = device.get(ctx, SETTING_KEY)
    if not isinstance(value, dict):
        return None
    try:
        return MailSettings(**value)
    except TypeError:
        return None


def _keyring_account(settings: MailSettings) -> str:
    return f"{settings.user}@{settings.host}:{settings.port}"


def _usable_keyring():  # type: ignore[no-untyped-def]
    import keyring
    from keyring.backends import fail

    backend = keyring.get_keyring()
    chained = getattr(backend, "backends", None)
    if isinstance(backend, fail.Keyring) or (chained is not None and not chained):
        raise MailError(
            "No OS keyring is available on this computer, so the mail password cannot be stored safely "
            f"(it is never written to a file). Set {PASSWORD_ENV} for each run instead."
        )
    return keyring


def stored_password(settings: MailSettings) -> str | None:
    try:
        return _usable_keyring().get_password(KEYRING_SERVICE, _keyring_account(settings))
    except Exception:  # noqa: BLE001 - no keyring, locked keyring: there is no stored password
        return None


def save(
    ctx: AppContext, *, host: str, port: int, sender: str, user: str = "", tls: str = "starttls",
    password: str | None = None,
) -> MailSettings:
    """Check and keep the server settings; the password goes to the keyring first, so a
    refused keyring changes nothing."""
    host = host.strip()
    if not host or any(c.isspace() for c in host):
        raise ValidationError("Give the mail server's host name, e.g. smtp.example.org.")
    if not 1 <= int(port) <= 65535:
        raise ValidationError("The mail server's port must be between 1 and 65535.")
    if tls not in TLS_MODES:
        raise ValidationError(f"--tls must be one of: {', '.join(TLS_MODES)}.")
    settings = MailSettings(host, int(port), check_address(sender), user.strip(), tls)
    if settings.user and password:
        try:
            _usable_keyring().set_password(KEYRING_SERVICE, _keyring_account(settings), password)
        except MailError:
            raise
        except Exception as exc:  # noqa: BLE001 - the keyring's own errors, in one line
            raise MailError(f"The OS keyring refused the password: {exc}") from None
    device.set_many(ctx, {SETTING_KEY: asdict(settings)})
    return settings


def _password(settings: MailSettings) -> str:
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    stored = stored_password(settings)
    if stored is None:
        raise MailError(f"No mail password is stored for {settings.user} (run 'dutydesk mail set' again).")
    return stored


def send(
    settings: MailSettings | None, to: list[str], subject: str, body: str, *, message_id: str | None = None,
) -> None:
    """Hand one message to the server, or raise MailError with a plain reason."""
    if settings is None:
        raise MailError("Mail is not set up (Settings > Alerts, or 'dutydesk mail set').")
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    if message_id:
        message["Message-ID"] = message_id
    message.set_content(body)
    where = f"{settings.host}:{settings.port}"
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_SECONDS) as smtp:
            if settings.tls == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if settings.user:
                smtp.login(settings.user, _password(settings))
            smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        raise MailError(f"The mail server {where} refused the recipients: {', '.join(exc.recipients)}.") from None
    except smtplib.SMTPResponseException as exc:
        reason = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        raise MailError(f"The mail server {where} refused the message ({exc.smtp_code} {reason}).") from None
    except smtplib.SMTPNotSupportedError:
        raise MailError(f"The mail server {where} does not offer STARTTLS (use --tls none only inside a trusted network).") from None
    except (smtplib.SMTPException, ssl.SSLError) as exc:
        raise MailError(f"Mail via {where} failed: {exc}.") from None
    except (socket.timeout, TimeoutError):
        raise MailError(f"The mail server {where} did not answer in time.") from None
    except OSError as exc:
        raise MailError(f"The mail server {where} could not be reached ({exc.strerror or exc}).") from None
