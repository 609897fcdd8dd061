"""Dates and times as people type them, and the range a real date can be in.

Every path that takes a date (command line, window, a remote record, the database
column type) goes through here, so a typo such as ``0226-11-23`` for 2026 gets one plain
line instead of being stored and breaking the log, sync and verify later.
"""

from __future__ import annotations

import datetime as dt
import re

from app.errors import ValidationError

MIN_YEAR = 1900
MAX_YEAR = 2200
MIN_DATE = dt.date(MIN_YEAR, 1, 1)
MAX_DATE = dt.date(MAX_YEAR, 12, 31)
_SHORT_YEAR = re.compile(r"^(\d{1,3})(-\d\d-\d\d)")


def in_range(value: dt.date | dt.datetime) -> bool:
    return MIN_YEAR <= value.year <= MAX_YEAR


def check_date(value: dt.date, what: str = "The date") -> dt.date:
    """``value`` if its year is plausible, else a plain ValidationError."""
    if not in_range(value):
        raise ValidationError(
            f"{what} {value.isoformat()} is out of range: use a year from {MIN_YEAR} to {MAX_YEAR} (e.g. {dt.date.today().year})."
        )
    return value


def check_datetime(value: dt.datetime, what: str = "The time") -> dt.datetime:
    if not in_range(value) or (value.tzinfo is not None and not in_range(_as_utc(value))):
        raise ValidationError(
            f"{what} {value.isoformat(timespec='minutes')} is out of range: use a year from {MIN_YEAR} to {MAX_YEAR}."
        )
    return value


def _as_utc(value: dt.datetime) -> dt.datetime:
    try:
        return value.astimezone(dt.timezone.utc)
    except OverflowError:  # 0001-01-01 minus an offset
        return value.replace(year=1)


def parse_date(text: str, what: str = "The date") -> dt.date:
    try:
        value = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-23.") from None
    return check_date(value, what)


def parse_datetime(text: str, zone: dt.tzinfo, what: str = "The time") -> dt.datetime:
    """An aware datetime; a time typed without an offset is taken in ``zone``."""
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(
            f"{text!r} is not a date and time; write it as YYYY-MM-DDTHH:MM, e.g. 2026-11-23T21:05."
        ) from None
    check_datetime(value, what)
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return check_datetime(value, what)


def to_utc_text(value: dt.datetime) -> str:
    """Fixed-width UTC text (sorts as time sorts); the year is always four digits."""
    u = value.astimezone(dt.timezone.utc)
    return (f"{u.year:04d}-{u.month:02d}-{u.day:02d}T{u.hour:02d}:{u.minute:02d}:{u.second:02d}"
            f".{u.microsecond:06d}+00:00")


def from_utc_text(text: str) -> dt.datetime:
    """Read stored UTC text, also the unpadded years older versions wrote (``226-11-23T...``)."""
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        match = _SHORT_YEAR.match(text)
        if match is None:
            raise
        return dt.datetime.fromisoformat(f"{int(match.group(1)):04d}{text[match.end(1):]}")
