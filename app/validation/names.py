"""Short names people type: officers, shift kinds, patterns, templates.

A name is one line of text: no line break, NUL or other control character, no bytes
that are not UTF-8, not empty, not overly long. Runs of spaces become one space so
"Early  shift" and "Early shift" are the same name.
"""

from __future__ import annotations

from app.errors import ValidationError
from app.validation.text import describe_control, first_control, undecodable


def name(value: str, *, what: str, max_length: int = 200) -> str:
    if undecodable(value):
        raise ValidationError(f"{what} contains bytes that are not UTF-8 text; retype it.")
    bad = first_control(value.strip(), allowed=frozenset())
    if bad is not None:
        raise ValidationError(f"{what} {value.strip()!r} contains {describe_control(bad)}; use one line of plain text.")
    cleaned = " ".join(value.split())
    if not cleaned:
        raise ValidationError(f"{what} cannot be empty.")
    if len(cleaned) > max_length:
        raise ValidationError(f"{what} must be at most {max_length} characters.")
    return cleaned
