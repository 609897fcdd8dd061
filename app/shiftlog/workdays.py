"""Working-day due dates (UK FOI: 20 working days after receipt, bank holidays excluded).

Bank holidays come from the ``holidays`` package for England; a working day is
Monday to Friday and not a bank holiday. The day of receipt does not count: day one
is the first working day after it (ICO guidance).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from app.errors import ValidationError

FOI_WORKING_DAYS = 20
MAX_WORKING_DAYS = 260


@lru_cache(maxsize=32)
def _bank_holidays(year: int):  # type: ignore[no-untyped-def]
    import holidays  # imported on first use: it is large, and most screens never need it

    return holidays.country_holidays("GB", subdiv="ENG", years=[year])


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days after ``start`` (``start`` itself not counted)."""
    if not 1 <= days <= MAX_WORKING_DAYS:
        raise ValidationError(f"Working days must be between 1 and {MAX_WORKING_DAYS}, not {days}.")
    day = start
    left = days
    while left:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def working_days_left(today: dt.date, due: dt.date) -> int:
    """Working days from ``today`` until ``due`` (0 on the due day, negative when overdue)."""
    if due == today:
        return 0
    step = 1 if due > today else -1
    count = 0
    day = today
    while day != due:
        day += dt.timedelta(days=step)
        if is_working_day(day) or day == due:
            count += step
    return count


def countdown_text(today: dt.date, due: dt.date) -> str:
    left = working_days_left(today, due)
    if left > 1:
        return f"{left} working days left"
    if left == 1:
        return "due next working day"
    if left == 0:
        return "due today"
    return f"overdue by {-left} working day{'s' if left < -1 else ''}"
