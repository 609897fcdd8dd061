"""Free text typed by a person (log entries, notes, reasons).

Text comes from the command line, a dialog or a file. Three kinds of junk are refused
with one line, so they never reach the database or another officer's screen:
bytes that are not UTF-8 (Python hands them over as lone surrogates), NUL, and other
control characters, ANSI escape sequences included (they recolour or rewrite a
terminal when ``log list`` prints the text). Line breaks and tabs are text.
"""

from __future__ import annotations

import re
import unicodedata

from app.errors import ValidationError

_SURROGATE = re.compile("[\ud800-\udfff]")
_ALLOWED_CONTROLS = frozenset("\n\t")


def undecodable(text: str) -> bool:
    """True when ``text`` carries bytes that were not UTF-8 (``surrogateescape``)."""
    return bool(_SURROGATE.search(text))


def first_control(text: str, *, allowed: frozenset[str] = _ALLOWED_CONTROLS) -> str | None:
    """The first control character (Unicode category Cc) not in ``allowed``, if any."""
    for char in text:
        if char not in allowed and unicodedata.category(char) == "Cc":
            return char
    return None


def describe_control(char: str) -> str:
    names = {"\x00": "a NUL byte", "\x1b": "an escape code (ESC)", "\n": "a line break", "\r": "a carriage return"}
    return names.get(char, f"the control character U+{ord(char):04X}")


def free_text(value: str, *, what: str, max_length: int = 20_000, multiline: bool = True) -> str:
    """``value`` stripped, or ``ValidationError`` naming what is wrong with it."""
    if undecodable(value):
        raise ValidationError(
            f"{what} contains bytes that are not UTF-8 text; retype it or save the source as UTF-8."
        )
    text = value.replace("\r\n", "\n").strip()
    allowed = _ALLOWED_CONTROLS if multiline else frozenset("\t")
    bad = first_control(text, allowed=allowed)
    if bad is not None:
        raise ValidationError(f"{what} contains {describe_control(bad)}; remove it and try again.")
    if len(text) > max_length:
        raise ValidationError(f"{what} is too long ({len(text)} characters; at most {max_length}).")
    return text


def optional_text(value: str | None, *, what: str, max_length: int = 20_000) -> str | None:
    if value is None:
        return None
    return free_text(value, what=what, max_length=max_length) or None


def printable(text: str) -> str:
    """Text safe to print on a terminal: control characters other than line breaks and
    tabs (records synced from elsewhere may hold them) shown as visible escapes."""
    out = []
    for char in text:
        if char in _ALLOWED_CONTROLS or unicodedata.category(char) != "Cc" and not undecodable(char):
            out.append(char)
        else:
            out.append(f"\\x{ord(char) & 0xFF:02x}" if ord(char) < 0x100 or undecodable(char) else f"\\u{ord(char):04x}")
    return "".join(out)
