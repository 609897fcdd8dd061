"""Subtitling projects. Device-only (``Base`` alone): a project points at a video file on
this laptop and autosaves every few seconds, which is nothing to sync to the team."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, utcnow
from app.db.ids import new_id
from app.db.types import JSONText, UTCDateTime


class SubtitleProject(Base):
    __tablename__ = "subtitle_project"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    title: Mapped[str] = mapped_column(String(300), default="")
    video_path: Mapped[str] = mapped_column(Text)
    media: Mapped[dict[str, Any]] = mapped_column(JSONText, default=dict)  # MediaInfo when opened
    cues: Mapped[list[dict[str, Any]]] = mapped_column(JSONText, default=list)
    style: Mapped[dict[str, Any]] = mapped_column(JSONText, default=dict)
    profile: Mapped[str] = mapped_column(String(50), default="bbc")
    profile_numbers: Mapped[dict[str, Any]] = mapped_column(JSONText, default=dict)
    playhead_ms: Mapped[int] = mapped_column(Integer, default=0)
    last_output: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
