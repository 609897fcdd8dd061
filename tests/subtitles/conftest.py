"""Real media for the subtitle tests, generated with the bundled ffmpeg (tiny and fast)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from app.media.ffmpeg_tools import require_ffmpeg


def make_clip(path: Path, *, size: str = "320x240", seconds: float = 3, audio: bool = True, rate: int = 25) -> Path:
    args = [require_ffmpeg(), "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
            "-f", "lavfi", "-i", f"testsrc=size={size}:rate={rate}:duration={seconds}"]
    if audio:
        args += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}", "-c:a", "aac", "-b:a", "64k"]
    args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-t", str(seconds), str(path)]
    subprocess.run(args, check=True, capture_output=True)
    return path


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def clip(media_dir: Path) -> Path:
    """3 s test pattern with a 440 Hz tone, in a folder whose name needs escaping in a filter."""
    folder = media_dir / "it's: a ü folder"
    folder.mkdir(exist_ok=True)
    return make_clip(folder / "clip one.mp4")


@pytest.fixture(scope="session")
def silent_clip(media_dir: Path) -> Path:
    return make_clip(media_dir / "silent.mp4", audio=False, seconds=2)


@pytest.fixture
def corrupt_video(tmp_path: Path) -> Path:
    path = tmp_path / "broken.mp4"
    path.write_bytes(b"\x00\x00\x00\x18ftypisom" + b"not really a video" * 100)
    return path


SRT = """1
00:00:00,500 --> 00:00:01,500
Police are at the scene.

2
00:00:02,000 --> 00:00:02,700
Please avoid the area.
"""


@pytest.fixture
def srt_file(tmp_path: Path) -> Path:
    path = tmp_path / "captions.srt"
    path.write_text(SRT, encoding="utf-8")
    return path
