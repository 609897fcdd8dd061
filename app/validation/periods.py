"""Periods given as first and last day (both included).

Code that turns the last day into an exclusive bound adds a day; on 9999-12-31 that is
an ``OverflowError``. ``day_after`` says it in words instead, and ``period`` refuses an
end before the start and days outside 1900-2200 (day-by-day checks would run for ages).
"""

from __future__ import annotations

import datetime as dt

from app.errors import ValidationError

LONGEST_YEARS = 200
FIRST_DAY = dt.date(1900, 1, 1)  # the same range the date validation uses
LAST_DAY = dt.date(2200, 12, 31)


def day_after(day: dt.date) -> dt.date:
    try:
        return day + dt.timedelta(days=1)
    except OverflowError:
        raise ValidationError(
            f"{day.isoformat()} is past the last date Duty Desk can work with; give an earlier date."
        ) from None


def period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """``(start, end)`` checked: in order, and at most ``LONGEST_YEARS`` long."""
    if end < start:
        raise ValidationError(f"The period ends ({end.isoformat()}) before it starts ({start.isoformat()}).")
    day_after(end)
    for day in (start, end):
        if not FIRST_DAY <= day <= LAST_DAY:
            raise ValidationError(
                f"{day.isoformat()} is outside the dates Duty Desk works with "
                f"({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()})."
            )
    if (end - start).days > LONGEST_YEARS * 366:
        raise ValidationError(
            f"The period {start.isoformat()} to {end.isoformat()} is longer than {LONGEST_YEARS} years; "
            "give a shorter one."
        )
    return start, end
