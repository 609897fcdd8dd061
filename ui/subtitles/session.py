"""What the Subtitles view has open: the project, its video, check profile and caption style.

One small object, handed to each controller that needs it (output, captions, autosave), so
the state they share is declared in one place instead of living as attributes of the view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.files import names
from app.media.probe import MediaInfo
from app.subtitles import projects
from app.subtitles.styles import BurnStyle, load_style


@dataclass
class SubtitleSession:
    project: projects.ProjectInfo | None = None
    info: MediaInfo | None = None
    profile_name: str = "bbc"
    profile_numbers: dict[str, Any] = field(default_factory=dict)
    style: BurnStyle = field(default_factory=lambda: load_style("landscape"))
    last_output: str | None = None

    @property
    def video_path(self) -> Path | None:
        return Path(self.project.video_path) if self.project is not None else None

    def default_output(self, suffix: str) -> str:
        """A free name next to the video ("clip captioned.mp4"), or "" with nothing open."""
        video = self.video_path
        if video is None:
            return ""
        return str(names.fit_path(video.parent, f"{video.stem} captioned{suffix}", strict=False))
