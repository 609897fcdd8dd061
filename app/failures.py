"""Failures of the machine, not of the input, said in words.

A full disk, a read-only or immutable database, a folder where a file should be: the
operating system and SQLite report these as ``OSError`` or ``OperationalError`` deep
inside a command. Each maps here to one line saying what happened and what to do;
the transaction that met it has rolled back, so nothing was half-written.
"""

from __future__ import annotations

import errno
import os
import sqlite3

_OS_WORDS = {
    errno.ENOSPC: "the disk is full{where}. Free some space and try again",
    errno.EDQUOT: "the disk quota is used up{where}. Free some space and try again",
    errno.EROFS: "the disk is read-only{where}. Choose a writable place",
    errno.EACCES: "permission denied{where}. Ask for write access or choose another place",
    errno.EPERM: "the operating system refused the change{where} (the file may be locked or immutable)",
    errno.EISDIR: "a folder is in the way{where}; a file was expected there",
    errno.ENOTDIR: "a file is in the way{where}; a folder was expected there",
    errno.EIO: "the disk reported an input/output error{where}. Check the drive and free space",
}

_SQLITE_WORDS = (
    ("database or disk is full", "The disk holding the database is full. Free some space and try again; nothing was saved."),
    ("readonly database", "The database cannot be written (read-only, immutable, or its lock or WAL file is). "
     "Check the data folder's permissions; nothing was saved."),
    ("unable to open database file", "The database file cannot be opened (missing permission, a folder in its place, "
     "or its lock or WAL file cannot be created). Check the data folder."),
    ("disk i/o error", "The disk reported an error while using the database (often a full disk or a lost drive). "
     "Free some space or check the drive; nothing was saved."),
    ("database is locked", "The database stayed busy (another program holds it). Close the other program and try again."),
    ("file is not a database", "The database file is damaged or not a Duty Desk database; it was left as it is."),
)


def plain_failure(exc: BaseException) -> str | None:
    """One line for a machine failure, or ``None`` when ``exc`` is not one we know."""
    orig = getattr(exc, "orig", None)  # SQLAlchemy wraps the driver's error
    if isinstance(orig, sqlite3.Error):
        exc = orig
    if isinstance(exc, sqlite3.Error):
        text = str(exc).lower()
        for needle, words in _SQLITE_WORDS:
            if needle in text:
                return words
        return None
    if isinstance(exc, OSError) and exc.errno in _OS_WORDS:
        name = exc.filename
        where = f" ({os.fsdecode(name)})" if name else ""
        where = where.encode("utf-8", "backslashreplace").decode("utf-8")
        words = _OS_WORDS[exc.errno].format(where=where)
        return words[0].upper() + words[1:] + "."
    if isinstance(exc, MemoryError):
        return "Not enough memory for this; close other programs or use a smaller file."
    return None


def failure_words(exc: BaseException) -> str:
    """``plain_failure`` if known, else the driver's own words without SQLAlchemy's
    class names, SQL and links (a user cannot act on those)."""
    known = plain_failure(exc)
    if known:
        return known
    orig = getattr(exc, "orig", None)
    return str(orig if orig is not None else exc).splitlines()[0]
