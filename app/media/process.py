"""Every external program (ffmpeg, ffprobe) starts through here.

An argument list, never a shell string; on Windows ``CREATE_NO_WINDOW`` so a windowed
Duty Desk does not flash a console for each probe, still frame or waveform.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from typing import Any

CREATE_NO_WINDOW = 0x08000000  # winbase.h; subprocess.CREATE_NO_WINDOW exists only on Windows
BELOW_NORMAL_PRIORITY_CLASS = 0x00004000  # winbase.h
BACKGROUND_NICE = 10  # POSIX


def creation_flags(platform: str | None = None) -> int:
    """The flags a child process needs on ``platform`` (default: this one)."""
    if (platform or sys.platform) == "win32":
        return getattr(subprocess, "CREATE_NO_WINDOW", CREATE_NO_WINDOW)
    return 0


def _checked(args: Sequence[str]) -> list[str]:
    if isinstance(args, (str, bytes)):
        raise TypeError("external programs take an argument list, never a shell string")
    return [str(a) for a in args]


def popen(args: Sequence[str], *, background: bool = False, **kwargs: Any) -> subprocess.Popen[Any]:
    """``background``: long work (a burn) at a lower CPU priority, so the window wins the cores."""
    flags = creation_flags()
    if background and sys.platform == "win32":
        flags |= BELOW_NORMAL_PRIORITY_CLASS
    kwargs.setdefault("creationflags", flags)
    kwargs["shell"] = False
    proc = subprocess.Popen(_checked(args), **kwargs)
    if background:
        lower_priority(proc.pid)
    return proc


def lower_priority(pid: int) -> None:
    """POSIX: nice the process (no ``preexec_fn``, which is unsafe with threads)."""
    if hasattr(os, "setpriority"):
        try:
            os.setpriority(os.PRIO_PROCESS, pid, BACKGROUND_NICE)
        except OSError:
            pass  # a courtesy to the window; the work runs either way


def run(args: Sequence[str], **kwargs: Any) -> subprocess.CompletedProcess[Any]:
    kwargs.setdefault("creationflags", creation_flags())
    kwargs["shell"] = False
    kwargs.setdefault("stdin", subprocess.DEVNULL)
    return subprocess.run(_checked(args), **kwargs)
