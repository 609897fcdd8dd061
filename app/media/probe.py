"""What is in a media file, read from ``ffmpeg -i`` (the bundled build has no ffprobe).

``ffmpeg -i FILE`` with no output prints the container, duration and one line per
stream on stderr and exits 1; that text is stable enough to read the few facts we
need: duration, picture size (after rotation), frame rate, audio, subtitle tracks.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from app.errors import ValidationError
from app.media.ffmpeg_run import run_capture

_DURATION = re.compile(r"Duration:\s*(\d+):(\d+):(\d+(?:\.\d+)?)")
_STREAM = re.compile(r"^\s*Stream #\d+:(\d+)(?:\[[^\]]*\])?(?:\((\w+)\))?:\s*(Video|Audio|Subtitle|Data|Attachment):\s*(\w+)(.*)$")
_SIZE = re.compile(r"\b(\d{2,5})x(\d{2,5})\b")
_FPS = re.compile(r"([\d.]+)\s*fps")
_ROTATION = re.compile(r"rotation of (-?[\d.]+) degrees")


@dataclass(frozen=True)
class Stream:
    index: int
    kind: str  # video | audio | subtitle | data | attachment
    codec: str
    language: str = ""
    detail: str = ""


@dataclass(frozen=True)
class MediaInfo:
    path: Path
    container: str
    duration_s: float | None
    width: int = 0
    height: int = 0
    fps: float = 0.0
    streams: list[Stream] = field(default_factory=list)

    @property
    def has_video(self) -> bool:
        return any(s.kind == "video" for s in self.streams)

    @property
    def has_audio(self) -> bool:
        return any(s.kind == "audio" for s in self.streams)

    def as_json(self) -> dict[str, object]:
        return {
            "path": str(self.path), "container": self.container, "duration_s": self.duration_s,
            "width": self.width, "height": self.height, "fps": self.fps,
            "streams": [asdict(s) for s in self.streams],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MediaInfo:
        return cls(
            path=Path(data["path"]), container=data.get("container", ""), duration_s=data.get("duration_s"),
            width=int(data.get("width", 0)), height=int(data.get("height", 0)), fps=float(data.get("fps", 0)),
            streams=[Stream(**s) for s in data.get("streams", [])],
        )

    def streams_of(self, kind: str) -> list[Stream]:
        return [s for s in self.streams if s.kind == kind]

    @property
    def aspect(self) -> str:
        """landscape | square | vertical (for picking a caption style)."""
        if not self.width or not self.height:
            return "landscape"
        ratio = self.width / self.height
        if ratio < 0.9:
            return "vertical"
        if ratio <= 1.1:
            return "square"
        return "landscape"


def probe(path: str | Path) -> MediaInfo:
    """Read a media file's facts; a plain ``ValidationError`` if it is not media we can read."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError(f"{path} does not exist or is not a file.")
    result = run_capture(["-i", str(path.resolve())], timeout=60)
    text = result.stderr.decode("utf-8", "replace")
    return parse_probe(path, text)


def parse_probe(path: Path, text: str) -> MediaInfo:
    if "Invalid data found when processing input" in text or "moov atom not found" in text:
        raise ValidationError(f"{path.name} could not be read: it is damaged or not a video or audio file.")
    if "Input #0" not in text:
        last = text.strip().splitlines()[-1] if text.strip() else "no answer from ffmpeg"
        raise ValidationError(f"{path.name} could not be opened: {last}")
    container_match = re.search(r"Input #0,\s*([^,]+)", text)
    duration = None
    if m := _DURATION.search(text):
        duration = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    streams: list[Stream] = []
    width = height = 0
    fps = 0.0
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = _STREAM.match(line)
        if not m:
            continue
        kind = m.group(3).lower()
        rest = m.group(5)
        streams.append(Stream(int(m.group(1)), kind, m.group(4), m.group(2) or "", rest.strip(", ")))
        if kind == "video" and not width and "attached pic" not in rest:
            if size := _SIZE.search(rest):
                width, height = int(size.group(1)), int(size.group(2))
            if f := _FPS.search(rest):
                fps = float(f.group(1))
            # side data below the stream line may say the phone was held upright
            for follow in lines[i + 1 : i + 8]:
                if _STREAM.match(follow):
                    break
                if (r := _ROTATION.search(follow)) and abs(round(float(r.group(1)))) % 180 == 90:
                    width, height = height, width
    return MediaInfo(
        path=path,
        container=container_match.group(1).strip() if container_match else "",
        duration_s=duration,
        width=width,
        height=height,
        fps=fps,
        streams=streams,
    )


def require_video(path: str | Path) -> MediaInfo:
    info = probe(path)
    if not info.has_video or not info.width:
        raise ValidationError(f"{Path(path).name} has no picture: it is not a video.")
    return info
