"""Paths people give: files to read, files to write, folders.

Checked before any work starts, so a wrong path is one line and nothing half-written:
an output that is a folder, a folder that does not exist, a name with bytes that are
not UTF-8 (they cannot be stored in the database or shown to another officer), a
dangling link.
"""

from __future__ import annotations

import os
from pathlib import Path

from app.errors import ValidationError
from app.validation.text import undecodable


def readable_name(path: Path, *, what: str = "The file name") -> Path:
    """Refuses a name that cannot be stored as text (non-UTF-8 bytes, control characters)."""
    text = os.fspath(path)
    if undecodable(text):
        raise ValidationError(
            f"{what} {_shown(text)} contains bytes that are not UTF-8 text; rename the file and try again."
        )
    if any(ord(c) < 32 for c in text):
        raise ValidationError(f"{what} {_shown(text)} contains a control character; rename the file and try again.")
    return path


def output_file(path: str | os.PathLike[str], *, what: str = "The output", suffixes: tuple[str, ...] = ()) -> Path:
    """A file to be written: not a folder, in a folder that exists, with a usable name."""
    result = readable_name(Path(path), what=what)
    if result.is_dir():
        raise ValidationError(f"{what} {result} is a folder; give a file name inside it, e.g. {result / 'out'}{suffixes[0] if suffixes else ''}.")
    if suffixes and result.suffix.lower() not in suffixes:
        raise ValidationError(f"{what} {result} must end in {' or '.join(suffixes)}.")
    parent = result.parent if str(result.parent) else Path(".")
    if not parent.is_dir():
        raise ValidationError(f"The folder {parent} for {what.lower()} does not exist.")
    return result


def existing_link_target(path: Path, *, what: str) -> None:
    """Refuses a symbolic link whose target is gone (resolving it would invent a folder)."""
    if path.is_symlink() and not path.exists():
        raise ValidationError(
            f"{what} {path} is a link to {os.readlink(path)}, which does not exist. "
            "Reconnect the drive or fix the link; nothing was changed."
        )


def _shown(text: str) -> str:
    return "'" + text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace") + "'"
