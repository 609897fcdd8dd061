"""Incident tables (shared team data).

A running incident keeps its own copy of the steps (``IncidentStep`` rows), so editing
the template it came from never changes it. Templates made or edited in the app are
stored as their TOML text (``IncidentTemplate``) so they sync like any team data; the
files shipped in ``resources/incidents`` are read-only defaults.

No foreign keys between shared tables: a step names its incident by id.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, SharedRecord
from app.db.types import JSONText, UTCDateTime


class IncidentTemplate(SharedRecord, Base):
    __tablename__ = "incident_template"

    key: Mapped[str] = mapped_column(String(100), index=True)
    text: Mapped[str] = mapped_column(Text)


class Incident(SharedRecord, Base):
    __tablename__ = "incident"
    __sync_groups__ = (("closed_at", "closed_by"),)

    template_key: Mapped[str] = mapped_column(String(100))
    template_name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300))
    officer: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    closed_by: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    lessons: Mapped[str] = mapped_column(Text, default="")


class IncidentStep(SharedRecord, Base):
    __tablename__ = "incident_step"
    __sync_groups__ = (
        ("statement_text", "clearance", "cleared_by", "cleared_at", "published_at"),  # the holding statement
        ("status", "done_at", "officer", "reason"),
        ("choice", "rationale"),
        ("last_update_at", "updates"),
    )

    incident_id: Mapped[str] = mapped_column(String(36), index=True)
    no: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    guidance: Mapped[str] = mapped_column(Text, default="")
    role: Mapped[str] = mapped_column(String(200), default="")
    every_minutes: Mapped[float] = mapped_column(Float, default=0.0)
    options: Mapped[Any] = mapped_column(JSONText, default=list)
    statement_template: Mapped[str] = mapped_column(Text, default="")
    key_step: Mapped[bool] = mapped_column(Boolean, default=False)

    status: Mapped[str] = mapped_column(String(10), default="open")
    done_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    officer: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    choice: Mapped[str] = mapped_column(Text, default="")
    rationale: Mapped[str] = mapped_column(Text, default="")
    statement_text: Mapped[str] = mapped_column(Text, default="")
    clearance: Mapped[str] = mapped_column(String(12), default="")
    cleared_by: Mapped[str] = mapped_column(String(200), default="")
    cleared_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    published_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_update_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    updates: Mapped[int] = mapped_column(Integer, default=0)


# The golden-hour tables live in their own module; importing it here registers them.
from app.incidents import golden_models as _golden_models  # noqa: E402,F401
