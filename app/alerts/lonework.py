"""The officer's side of lone working: the duress PIN (hashed, this laptop only), a
timed activity ("at the scene, back by 23:00") and the check-in that ends an alert."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from app.context import AppContext
from app.db.base import utcnow
from app.errors import ValidationError
from app.settings import device
from app.shiftlog import service, welfare
from app.shiftlog.service import EntryInfo

PIN_KEY = "loneworker.duress_pin"
ACTIVITY_KEY = "loneworker.activity"
ACTIVITY_SOURCE = "welfare:activity"
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def _hash(pin: str, salt: bytes) -> str:
    return hashlib.scrypt(pin.encode(), salt=salt, dklen=32, **_SCRYPT).hex()


def set_duress_pin(ctx: AppContext, pin: str) -> None:
    """Keep only a salted scrypt hash of the PIN; an empty PIN removes it."""
    pin = pin.strip()
    if not pin:
        device.set_many(ctx, {PIN_KEY: None})
        return
    if not (4 <= len(pin) <= 20) or any(c.isspace() for c in pin):
        raise ValidationError("The duress PIN must be 4 to 20 characters without spaces.")
    salt = secrets.token_bytes(16)
    device.set_many(ctx, {PIN_KEY: {"scheme": "scrypt", "salt": salt.hex(), "hash": _hash(pin, salt)}})


def has_duress_pin(ctx: AppContext) -> bool:
    return isinstance(device.get(ctx, PIN_KEY), dict)


def is_duress(ctx: AppContext, pin: str | None) -> bool:
    stored = device.get(ctx, PIN_KEY)
    if not pin or not isinstance(stored, dict):
        return False
    try:
        candidate = _hash(pin.strip(), bytes.fromhex(stored["salt"]))
    except (KeyError, ValueError):
        return False
    return hmac.compare_digest(candidate, stored.get("hash", ""))


@dataclass(frozen=True)
class Activity:
    text: str
    started_at: dt.datetime
    until: dt.datetime
    shift_id: str

    def as_json(self) -> dict[str, object]:
        return {"text": self.text, "started_at": self.started_at.isoformat(), "until": self.until.isoformat(),
                "shift_id": self.shift_id}


def current_activity(ctx: AppContext) -> Activity | None:
    value = device.get(ctx, ACTIVITY_KEY)
    if not isinstance(value, dict):
        return None
    try:
        return Activity(value["text"], dt.datetime.fromisoformat(value["started_at"]),
                        dt.datetime.fromisoformat(value["until"]), value.get("shift_id", ""))
    except (KeyError, TypeError, ValueError):
        return None


def start_activity(ctx: AppContext, text: str, until: dt.datetime, *, now: dt.datetime | None = None) -> Activity:
    """Log a timed activity; its alert goes out when ``until`` passes without a check-in."""
    now = now or utcnow()
    text = " ".join(text.split())
    if not text:
        raise ValidationError("Say what you are doing and where (e.g. 'attending the scene at Mill Lane').")
    if until.tzinfo is None:
        raise ValidationError("The time you expect to be back needs a time zone.")
    if until <= now:
        raise ValidationError("The time you expect to be back is already past.")
    if until - now > dt.timedelta(hours=12):
        raise ValidationError("A timed activity can last at most 12 hours.")
    shift = service.current_shift(ctx)
    if shift is None:
        raise ValidationError("Start your shift first: a timed activity belongs to a shift.")
    local = until.astimezone()
    service.add_entry(ctx, f"Timed activity: {text}; back by {local:%H:%M}.", category="welfare",
                      source=ACTIVITY_SOURCE)
    activity = Activity(text, now, until, shift.id)
    device.set_many(ctx, {ACTIVITY_KEY: {"text": text, "started_at": now.isoformat(), "until": until.isoformat(),
                                         "shift_id": shift.id}})
    return activity


@dataclass(frozen=True)
class CheckinResult:
    """What the officer sees is the same for a duress check-in: ``entry`` and ``due_at``."""

    entry: EntryInfo
    due_at: dt.datetime | None
    delivery: object  # outbox.RunReport (all-clear and duress sending)


def check_in(ctx: AppContext, note: str = "", pin: str | None = None, *, now: dt.datetime | None = None) -> CheckinResult:
    """An ordinary check-in; with the duress PIN it looks the same but raises the alarm.
    A check-in after an alert went out queues the all-clear to everyone alerted."""
    from app.alerts import outbox

    at = now
    now = now or utcnow()
    duress = is_duress(ctx, pin)
    shift = service.current_shift(ctx)
    try:
        entry = welfare.check_in(ctx, note, at=at)
    except ValidationError:
        if duress:  # no timer running: the alarm is raised all the same
            outbox.raise_duress(ctx, shift.id if shift else "", f"no-timer-{now.isoformat()}", note, now=now)
            outbox.deliver_due(ctx, now=now)
        raise
    device.set_many(ctx, {ACTIVITY_KEY: None})
    outbox.acknowledge(ctx, shift.id if shift else "", entry.id, now=now)
    if duress:
        outbox.raise_duress(ctx, shift.id if shift else "", entry.id, note, now=now)
    report = outbox.deliver_due(ctx, now=now)
    return CheckinResult(entry, welfare.status(ctx, now=now).due_at, report)
