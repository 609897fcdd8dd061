"""Finding ffmpeg and what it can do.

The ``imageio-ffmpeg`` wheel ships a static ffmpeg with libass and libx264, so no
system install is needed; an ffmpeg on PATH (or ``DUTYDESK_FFMPEG``) is the fallback.
Every call uses an argument list, never a shell string.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import asdict, dataclass
from functools import cache

from app.media import process

ENV_VAR = "DUTYDESK_FFMPEG"


@dataclass(frozen=True)
class FfmpegInfo:
    path: str | None
    version: str | None
    subtitles_filter: bool
    libx264: bool
    problem: str | None = None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def find_ffmpeg() -> str | None:
    override = os.environ.get(ENV_VAR)
    if override:
        return override if os.path.isfile(override) else None
    try:
        import imageio_ffmpeg

        path = imageio_ffmpeg.get_ffmpeg_exe()
        if path and os.path.isfile(path):
            return path
    except Exception:  # noqa: BLE001 - wheel missing or its binary not for this platform
        pass
    return shutil.which("ffmpeg")


def require_ffmpeg() -> str:
    from app.errors import DutyDeskError

    path = find_ffmpeg()
    if path is None:
        raise DutyDeskError(
            "ffmpeg was not found. Reinstall Duty Desk (it ships ffmpeg in the imageio-ffmpeg "
            f"package), put ffmpeg on PATH, or set {ENV_VAR} to its full path."
        )
    return path


def _run(path: str, *args: str) -> str:
    result = process.run(
        [path, "-hide_banner", *args], capture_output=True, text=True, timeout=30, check=False
    )
    return result.stdout


@cache
def ffmpeg_info() -> FfmpegInfo:
    path = find_ffmpeg()
    if path is None:
        return FfmpegInfo(None, None, False, False, "ffmpeg was not found")
    try:
        version_text = _run(path, "-version")
        filters = _run(path, "-filters")
        encoders = _run(path, "-encoders")
    except (OSError, subprocess.SubprocessError) as exc:
        return FfmpegInfo(path, None, False, False, f"ffmpeg at {path} does not run: {exc}")
    match = re.search(r"ffmpeg version (\S+)", version_text)
    return FfmpegInfo(
        path=path,
        version=match.group(1) if match else None,
        subtitles_filter=bool(re.search(r"^\s*\S+\s+subtitles\s", filters, re.M)),
        libx264=bool(re.search(r"^\s*\S+\s+libx264\s", encoders, re.M)),
    )
