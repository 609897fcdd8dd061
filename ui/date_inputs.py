"""Date inputs of the window keep to the range the core accepts (app.validation.dates)."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateTimeEdit

from app.validation import dates


def limit_to_valid_dates(edit: QDateTimeEdit) -> QDateTimeEdit:
    """Stop a date or date-time input at the years ``app.validation.dates`` accepts, so a
    typed year such as 0226 or 2600 cannot even be entered (QDateEdit is a QDateTimeEdit)."""
    low, high = dates.MIN_DATE, dates.MAX_DATE
    edit.setDateRange(QDate(low.year, low.month, low.day), QDate(high.year, high.month, high.day))
    return edit
