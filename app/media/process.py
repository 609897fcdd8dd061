"""Every external program (ffmpeg, ffprobe) starts through here.

An argument list, never a shell string; on Windows ``CREATE_NO_WINDOW`` so a windowed
Duty Desk does not flash a console for each probe, still frame or waveform.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from typing import Any

CREATE_NO_WINDOW = 0x08000000  # winbase.h; subprocess.CREATE_NO_WINDOW exists only on Windows


def creation_flags(platform: str | None = None) -> int:
    """The flags a child process needs on ``platform`` (default: this one)."""
    if (platform or sys.platform) == "win32":
        return getattr(subprocess, "CREATE_NO_WINDOW", CREATE_NO_WINDOW)
    return 0


def _checked(args: Sequence[str]) -> list[str]:
    if isinstance(args, (str, bytes)):
        raise TypeError("external programs take an argument list, never a shell string")
    return [str(a) for a in args]


def popen(args: Sequence[str], **kwargs: Any) -> subprocess.Popen[Any]:
    kwargs.setdefault("creationflags", creation_flags())
    kwargs["shell"] = False
    return subprocess.Popen(_checked(args), **kwargs)


def run(args: Sequence[str], **kwargs: Any) -> subprocess.CompletedProcess[Any]:
    kwargs.setdefault("creationflags", creation_flags())
    kwargs["shell"] = False
    kwargs.setdefault("stdin", subprocess.DEVNULL)
    return subprocess.run(_checked(args), **kwargs)
