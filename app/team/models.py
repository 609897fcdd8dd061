"""Shared team tables that every feature refers to."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, SharedRecord
from app.db.types import JSONText


class Officer(SharedRecord, Base):
    """A member of the duty team. Names are how people refer to each other on a rota."""

    __tablename__ = "officer"

    name: Mapped[str] = mapped_column(String(200), index=True)
    email: Mapped[str] = mapped_column(String(300), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str] = mapped_column(Text, default="")


class TeamSetting(SharedRecord, Base):
    """A team-wide setting (service windows, check-in escalation text...), synced."""

    __tablename__ = "team_setting"

    key: Mapped[str] = mapped_column(String(100), index=True)
    value: Mapped[Any] = mapped_column(JSONText)
