"""Shared team tables that every feature refers to."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Float, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, SharedRecord
from app.db.types import JSONText


class Officer(SharedRecord, Base):
    """A member of the duty team. Names are how people refer to each other on a rota."""

    __tablename__ = "officer"
    __sync_groups__ = (("name", "role"),)  # merged whole (app.db.groups); no rule on duplicate names: see dedupe

    name: Mapped[str] = mapped_column(String(200), index=True)
    email: Mapped[str] = mapped_column(String(300), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    role: Mapped[str] = mapped_column(String(200), default="")
    contracted_hours: Mapped[float | None] = mapped_column(Float, nullable=True)
    # Set when this record was found to be the same person as another one (see ``dedupe``):
    # the row stays (nothing is silently deleted) but every reference points to the survivor.
    merged_into: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)


class OfficerMerge(SharedRecord, Base):
    """A merge of two officer records into one: what was moved, so it can be undone."""

    __tablename__ = "officer_merge"

    survivor_id: Mapped[str] = mapped_column(String(36), index=True)
    merged_id: Mapped[str] = mapped_column(String(36), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    automatic: Mapped[bool] = mapped_column(Boolean, default=True)
    # [{"table": ..., "row": ..., "field": ..., "old": ...}] references rewritten by this laptop
    moved: Mapped[Any] = mapped_column(JSONText, default=list)
    undone: Mapped[bool] = mapped_column(Boolean, default=False)


class TeamSetting(SharedRecord, Base):
    """A team-wide setting (service windows, check-in escalation text...), synced."""

    __tablename__ = "team_setting"

    key: Mapped[str] = mapped_column(String(100), index=True)
    value: Mapped[Any] = mapped_column(JSONText)
