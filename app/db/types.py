"""Column types that keep SQLite honest about time zones and JSON."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

from app.errors import ValidationError
from app.validation import dates


class UTCDateTime(TypeDecorator[dt.datetime]):
    """An aware datetime stored as fixed-width UTC ISO text (sorts as time sorts).

    SQLite has no time zone type; naive datetimes are refused so that a local time can
    never be mistaken for UTC (shifts cross BST/GMT changes).
    """

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        if not dates.in_range(value):
            raise ValidationError(
                f"The time {value.isoformat(timespec='minutes')} is out of range: "
                f"use a year from {dates.MIN_YEAR} to {dates.MAX_YEAR}; nothing was saved."
            )
        return to_utc_text(value)

    def process_result_value(self, value: str | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return dates.from_utc_text(value)


def to_utc_text(value: dt.datetime) -> str:
    return dates.to_utc_text(value)


class JSONText(TypeDecorator[Any]):
    """JSON stored as text, with stable key order so equal values compare equal."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        if value is None:
            return None
        return json.dumps(value, sort_keys=True, ensure_ascii=False)

    def process_result_value(self, value: str | None, dialect: Any) -> Any:
        return None if value is None else json.loads(value)
