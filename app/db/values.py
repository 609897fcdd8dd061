"""Column values as JSON for the change log, and back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from app.db.types import to_utc_text


def to_json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return to_utc_text(value) if value.tzinfo else value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return value
