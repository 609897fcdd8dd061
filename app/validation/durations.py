"""Durations people type: time limits, intervals, breaks (in seconds or minutes)."""

from __future__ import annotations

from app.validation.numbers import number


def seconds(value: object, *, what: str, minimum: float = 0.0, maximum: float = 24 * 3600) -> float:
    """A finite, non-negative number of seconds inside a range that makes sense."""
    return number(value, what=what, minimum=minimum, maximum=maximum)


def positive_seconds(value: object, *, what: str, maximum: float = 24 * 3600) -> float:
    result = number(value, what=what, minimum=0.0, maximum=maximum)
    if result <= 0:
        from app.errors import ValidationError

        raise ValidationError(f"{what} must be more than 0 seconds.")
    return result
