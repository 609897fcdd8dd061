"""A data folder Duty Desk creates is readable by its user only.

POSIX: mode 0700 at creation (app/paths.py). Windows: an ACL with inheritance removed and
one full-control entry for the current user, inherited by every file inside, set with
``icacls`` (an argument list, no shell, no console window).
"""

from __future__ import annotations

import getpass
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from app.media import process


def current_windows_account(environ: dict[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    user = env.get("USERNAME") or getpass.getuser()
    domain = env.get("USERDOMAIN")
    return f"{domain}\\{user}" if domain else user


def icacls_arguments(folder: Path, account: str) -> list[str]:
    """Remove inherited entries; grant only ``account`` full control on the folder and
    everything that will be created in it ((OI) files, (CI) subfolders)."""
    return ["icacls", str(folder), "/inheritance:r", "/grant:r", f"{account}:(OI)(CI)F", "/Q"]


def restrict_to_current_user(
    folder: Path,
    *,
    platform: str | None = None,
    run: Callable[..., Any] | None = None,
    account: str | None = None,
) -> Sequence[str] | None:
    """Make a folder Duty Desk has just created private on Windows; returns the command run.

    A failure is not fatal: the folder is under the user's own profile (already private by
    default), and ``doctor`` reports the ACL. Returns None on other platforms.
    """
    if (platform or sys.platform) != "win32":
        return None
    args = icacls_arguments(Path(folder), account or current_windows_account())
    try:
        (run or process.run)(args, capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        pass  # icacls missing or hung: the profile folder is private by default anyway
    return args
