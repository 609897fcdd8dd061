"""Subtitling projects: a video, its cues, the caption style and the check profile.

The editor autosaves through ``save_project`` (one unit of work each time); the most
recently touched project is reopened where it was left (``latest_project``), and
``list_projects`` feeds the media library.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.context import AppContext
from app.db.base import utcnow
from app.errors import NotFoundError, ValidationError
from app.media.probe import MediaInfo
from app.subtitles.checks import load_profile
from app.subtitles.cues import Cue, validate_cues
from app.subtitles.models import SubtitleProject
from app.subtitles.styles import AUTO, BurnStyle, load_style


@dataclass(frozen=True)
class ProjectInfo:
    id: str
    title: str
    video_path: str
    cues: list[Cue]
    style: dict[str, Any]
    profile: str
    profile_numbers: dict[str, Any]
    playhead_ms: int
    last_output: str | None
    updated_at: dt.datetime
    media: dict[str, Any] = field(default_factory=dict)

    def media_info(self) -> MediaInfo | None:
        """The video's facts as stored when it was opened (None if never probed)."""
        return MediaInfo.from_json(self.media) if self.media else None

    @property
    def video_exists(self) -> bool:
        return Path(self.video_path).is_file()

    def burn_style(self, aspect: str = "landscape") -> BurnStyle:
        if self.style:
            return BurnStyle.from_json(self.style)
        return load_style(AUTO, aspect)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "video_path": self.video_path,
            "cue_count": len(self.cues),
            "profile": self.profile,
            "playhead_ms": self.playhead_ms,
            "last_output": self.last_output,
            "updated_at": self.updated_at.isoformat(),
        }


def _info(row: SubtitleProject) -> ProjectInfo:
    return ProjectInfo(
        id=row.id,
        title=row.title,
        video_path=row.video_path,
        cues=[Cue.from_json(c) for c in row.cues or []],
        style=dict(row.style or {}),
        profile=row.profile,
        profile_numbers=dict(row.profile_numbers or {}),
        playhead_ms=row.playhead_ms,
        last_output=row.last_output,
        updated_at=row.updated_at,
        media=dict(row.media or {}),
    )


def create_project(ctx: AppContext, video_path: str | Path, cues: Sequence[Cue] = (), profile: str = "bbc",
                   title: str | None = None, media: MediaInfo | None = None) -> ProjectInfo:
    video = Path(video_path).expanduser().absolute()
    if not video.is_file():
        raise ValidationError(f"{video} does not exist or is not a file.")
    load_profile(profile)
    validate_cues(cues)
    with ctx.write() as session:
        row = SubtitleProject(
            title=title or video.stem,
            video_path=str(video),
            media=media.as_json() if media else {},
            cues=[c.as_json() for c in cues],
            style={},
            profile=profile,
            profile_numbers={},
            playhead_ms=0,
            archived=False,
        )
        session.add(row)
        session.flush()
        return _info(row)


def save_project(
    ctx: AppContext,
    project_id: str,
    *,
    cues: Sequence[Cue] | None = None,
    style: BurnStyle | None = None,
    profile: str | None = None,
    profile_numbers: dict[str, Any] | None = None,
    playhead_ms: int | None = None,
    last_output: str | None = None,
    media: MediaInfo | None = None,
) -> None:
    """Autosave: store what changed. Validates first so a bad value changes nothing."""
    if cues is not None:
        validate_cues(cues)
    if profile is not None or profile_numbers is not None:
        load_profile(profile or "bbc", profile_numbers or None)
    with ctx.write() as session:
        row = session.get(SubtitleProject, project_id)
        if row is None or row.archived:
            raise NotFoundError("That subtitling project no longer exists.")
        if cues is not None:
            row.cues = [c.as_json() for c in cues]
        if style is not None:
            row.style = style.validated().as_json()
        if profile is not None:
            row.profile = profile
        if profile_numbers is not None:
            row.profile_numbers = dict(profile_numbers)
        if playhead_ms is not None:
            row.playhead_ms = max(0, int(playhead_ms))
        if last_output is not None:
            row.last_output = last_output
        if media is not None:
            row.media = media.as_json()
        row.updated_at = utcnow()


def get_project(ctx: AppContext, project_id: str) -> ProjectInfo:
    with ctx.read() as session:
        row = session.get(SubtitleProject, project_id)
        if row is None or row.archived:
            raise NotFoundError("That subtitling project no longer exists.")
        return _info(row)


def list_projects(ctx: AppContext) -> list[ProjectInfo]:
    """Newest first (the media library lists these)."""
    with ctx.read() as session:
        rows = session.scalars(
            select(SubtitleProject).where(SubtitleProject.archived.is_(False)).order_by(SubtitleProject.updated_at.desc())
        ).all()
        return [_info(r) for r in rows]


def latest_project(ctx: AppContext) -> ProjectInfo | None:
    projects = list_projects(ctx)
    return projects[0] if projects else None


def archive_project(ctx: AppContext, project_id: str) -> None:
    with ctx.write() as session:
        row = session.get(SubtitleProject, project_id)
        if row is None:
            raise NotFoundError("That subtitling project no longer exists.")
        row.archived = True
