"""A failed file operation on the share, told by cause: unreachable, busy, full, read-only.

Windows and SMB blur the causes: a dropped VPN shows up as EINVAL, EACCES or EIO (the C
runtime's errno for a write on a lost network handle), and a file another laptop holds
open (compaction, progress replacement) is a sharing violation that must not be blamed on
permissions. ``winerror`` is exact when present; for the ambiguous errnos we look whether
the folder is still there.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

from app.files import oserrors

OFFLINE, PROBLEM = "offline", "problem"


def folder_reachable(exc: OSError) -> bool:
    """Whether the folder of the failing file still answers (a lost share does not)."""
    name = exc.filename
    if not name:
        return True  # nothing to look at: do not claim the network is down
    try:
        return os.path.isdir(Path(os.fsdecode(name)).parent)
    except (OSError, ValueError):
        return False


def describe(exc: OSError, doing: str, reachable: Callable[[OSError], bool] = folder_reachable) -> tuple[str, str]:
    """(state, plain message) for ``exc`` raised while ``doing`` something on the share."""
    cause = oserrors.cause_of(exc)
    if cause == oserrors.OTHER or (cause == oserrors.DENIED and oserrors.is_ambiguous(exc)):
        if oserrors.is_ambiguous(exc) and not reachable(exc):
            cause = oserrors.UNREACHABLE
    if cause == oserrors.UNREACHABLE:
        return OFFLINE, f"The share went away while {doing}. Working locally; sync will retry."
    if cause == oserrors.BUSY:
        return PROBLEM, (
            f"A file on the share is in use (another laptop, a backup or antivirus) while {doing}. "
            "Sync tries again on the next round; your changes are kept on this laptop."
        )
    if cause == oserrors.FULL:
        return PROBLEM, f"The share is full while {doing}. Ask IT to free space on the shared drive; your changes are kept on this laptop."
    if cause == oserrors.DENIED:
        if exc.errno == errno.EROFS or getattr(exc, "winerror", None) == oserrors.WIN_WRITE_PROTECT:
            return PROBLEM, f"The share is read-only while {doing}. Ask IT for write access; your changes are kept on this laptop."
        return PROBLEM, f"This laptop may not write to the share (no permission) while {doing}. Ask IT for write access; your changes are kept on this laptop."
    return PROBLEM, f"Could not finish {doing}: {exc.strerror or exc}. Your changes are kept on this laptop; sync will retry."
