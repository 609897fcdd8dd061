"""Golden-hour tables (shared team data): intake, facts, channel clocks, planned posts and
clearance attempts. Like the steps, each names its incident by id (no foreign keys between
shared tables)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, SharedRecord
from app.db.types import UTCDateTime


class IncidentIntake(SharedRecord, Base):
    """The M/ETHANE-for-comms intake that opens an incident."""

    __tablename__ = "incident_intake"

    incident_id: Mapped[str] = mapped_column(String(36), index=True)
    what: Mapped[str] = mapped_column(Text, default="")
    where: Mapped[str] = mapped_column(Text, default="")
    when_text: Mapped[str] = mapped_column(Text, default="")
    comms_lead: Mapped[str] = mapped_column(String(200), default="")
    media_on_scene: Mapped[str] = mapped_column(Text, default="")
    casualties: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[str] = mapped_column(Text, default="")


class IncidentFact(SharedRecord, Base):
    __tablename__ = "incident_fact"

    incident_id: Mapped[str] = mapped_column(String(36), index=True)
    no: Mapped[int] = mapped_column(Integer)
    claim: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(300))
    heard_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(12), default="unconfirmed")
    changed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class IncidentChannel(SharedRecord, Base):
    __tablename__ = "incident_channel"

    incident_id: Mapped[str] = mapped_column(String(36), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    first_minutes: Mapped[float] = mapped_column(Float)
    every_minutes: Mapped[float] = mapped_column(Float)
    first_posted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_posted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    next_due_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    posts: Mapped[int] = mapped_column(Integer, default=0)


class ChannelPost(SharedRecord, Base):
    """One update that went out on one channel (what the cadence report is made of)."""

    __tablename__ = "incident_channel_post"

    incident_id: Mapped[str] = mapped_column(String(36), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    posted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    next_due_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    text: Mapped[str] = mapped_column(Text, default="")


class PlannedPost(SharedRecord, Base):
    __tablename__ = "planned_post"

    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    channel: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="planned")
    reason: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(200), default="")
    incident_id: Mapped[str] = mapped_column(String(36), default="")


class ClearanceAttempt(SharedRecord, Base):
    __tablename__ = "clearance_attempt"

    incident_id: Mapped[str] = mapped_column(String(36), index=True)
    step_no: Mapped[int] = mapped_column(Integer)
    rung: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(200))
    contact: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(Text, default="")
