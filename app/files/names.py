"""File names the app makes, safe on Windows (and so on SMB shares and exFAT sticks).

Windows refuses ``< > : " / \\ | ? *`` and control characters, silently drops trailing dots
and spaces, reserves device names (``CON``, ``NUL``, ``COM1``... with any extension), and
most programs still stop at 260 characters for a whole path. Every default name built
from officer names, titles or source files goes through ``safe_name``.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from app.errors import ValidationError

ILLEGAL = frozenset('<>:"/\\|?*')
READABLE = {'"': "'", "/": "-", "\\": "-", ":": "-", "|": "-", "*": "_", "?": "_", "<": "(", ">": ")"}
RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$"}
    | {f"{dev}{n}" for dev in ("COM", "LPT") for n in "0123456789\u00b9\u00b2\u00b3"}
)
MAX_COMPONENT = 255  # UTF-16 code units, NTFS and exFAT
MAX_PATH = 259  # 260 with the terminating NUL
TEMP_ROOM = len(".") + len(".part")  # the atomic writer's temporary name beside the target


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _clean_char(char: str) -> str:
    if char in READABLE:
        return READABLE[char]
    if ord(char) < 32 or ord(char) == 127 or unicodedata.category(char) in ("Cs", "Cc"):
        return "_"
    return char


def is_reserved(name: str) -> bool:
    """``CON``, ``con.txt``, ``Nul .pdf``, ``COM1.tar.gz``: Windows opens a device instead."""
    return name.split(".", 1)[0].rstrip(" ").upper() in RESERVED


def safe_name(name: str, fallback: str = "export") -> str:
    """One path component every Windows program can create and open again unchanged."""
    text = "".join(_clean_char(c) for c in unicodedata.normalize("NFC", name))
    text = text.strip(" ").rstrip(". ")
    if not text.strip(". "):
        text = fallback
    if is_reserved(text):
        text = "_" + text
    return _truncate(text, MAX_COMPONENT)


def _truncate(name: str, limit: int) -> str:
    if utf16_len(name) <= limit:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or utf16_len(ext) > 16 or not stem:
        stem, ext = name, ""
    suffix = f".{ext}" if ext else ""
    room = limit - utf16_len(suffix)
    while stem and utf16_len(stem) > room:
        stem = stem[:-1]
    stem = stem.rstrip(". ") or "_"
    return stem + suffix


def export_name(*parts: str, suffix: str, fallback: str = "export") -> str:
    """``export_name("rota", officer, "2026-01", suffix=".ics")``: words joined by "-"."""
    words = [p.strip() for p in parts if p and p.strip()]
    return safe_name("-".join(words) + suffix, fallback=fallback + suffix)


def fit_path(folder: str | os.PathLike[str], name: str, *, strict: bool = True) -> Path:
    """``folder / name`` shortened (the name, never the folder) to fit Windows' 260 characters,
    leaving room for the temporary name the atomic writer uses beside it. A folder too deep
    for any name is refused, or with ``strict=False`` (a suggestion in a dialog) left as is."""
    folder = Path(folder)
    name = safe_name(name)
    budget = MAX_PATH - TEMP_ROOM - utf16_len(str(folder)) - 1
    if budget < 12:
        if not strict:
            return folder / name
        raise ValidationError(
            f"The folder {folder} has too long a path for Windows programs; choose a folder nearer the top of the drive."
        )
    return folder / _truncate(name, min(budget, MAX_COMPONENT))


def same_name_ignoring_case(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Would ``a`` and ``b`` be the same file on a case-insensitive disk (Windows, SMB, exFAT)?"""
    pa, pb = Path(a).absolute(), Path(b).absolute()
    return unicodedata.normalize("NFC", str(pa)).casefold() == unicodedata.normalize("NFC", str(pb)).casefold()
