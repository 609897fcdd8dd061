"""Numbers people type: limits, hours, minutes, seconds.

``float("1e400")`` is ``inf`` and ``float("nan")`` compares false with everything, so
both slip past a plain ``value < 0`` check; every number is checked finite and inside
the range that makes sense for it, with one line that names the setting.
"""

from __future__ import annotations

import math

from app.errors import ValidationError


def number(value: object, *, what: str, minimum: float | None = None, maximum: float | None = None) -> float:
    """``value`` (a number or its text) as a finite float inside [minimum, maximum]."""
    try:
        result = float(value.strip() if isinstance(value, str) else value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValidationError(f"{what} must be a number, not {value!r}.") from None
    if not math.isfinite(result):
        raise ValidationError(f"{what} must be an ordinary number, not {value!r}.")
    _check_range(result, what=what, minimum=minimum, maximum=maximum)
    return result


def whole_number(value: object, *, what: str, minimum: int | None = None, maximum: int | None = None) -> int:
    result = number(value, what=what, minimum=minimum, maximum=maximum)
    if result != int(result):
        raise ValidationError(f"{what} must be a whole number, not {value!r}.")
    return int(result)


def _check_range(value: float, *, what: str, minimum: float | None, maximum: float | None) -> None:
    if minimum is not None and value < minimum:
        raise ValidationError(f"{what} must be at least {_plain(minimum)}, not {_plain(value)}.")
    if maximum is not None and value > maximum:
        raise ValidationError(f"{what} must be at most {_plain(maximum)}, not {_plain(value)}.")


def _plain(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"
