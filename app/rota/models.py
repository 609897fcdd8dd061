"""Rota tables (shared team data: they sync between laptops).

Officers are ``app.team.models.Officer`` rows, referred to by id (no foreign keys
between shared tables). Times are aware UTC instants; the team's zone (Europe/London)
is applied when showing, printing and exporting.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, SharedRecord
from app.db.types import JSONText, UTCDateTime
from app.rota.sync_rules import leave_dates_in_order, no_overlapping_leave, shift_ends_after_start


class RotaPattern(SharedRecord, Base):
    """A team's own pattern; ``definition`` is the validated JSON (see ``patterns``)."""

    __tablename__ = "rota_pattern"
    __sync_groups__ = (("weeks", "definition"),)

    name: Mapped[str] = mapped_column(String(100), index=True)
    weeks: Mapped[int] = mapped_column(Integer)
    definition: Mapped[Any] = mapped_column(JSONText)


class RotaShift(SharedRecord, Base):
    """One dated shift. ``officer_id`` None means an open shift waiting to be filled."""

    __tablename__ = "rota_shift"
    __sync_groups__ = (("start", "end", "unpaid_break_minutes"),)
    __sync_max__ = ("revision",)
    __sync_rules__ = (shift_ends_after_start,)

    officer_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    kind: Mapped[str] = mapped_column(String(30), default="day")
    start: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    end: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    unpaid_break_minutes: Mapped[int] = mapped_column(Integer, default=0)
    pattern: Mapped[str | None] = mapped_column(String(100), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(Integer, default=0)  # +1 per change: the calendar SEQUENCE


class RotaLeave(SharedRecord, Base):
    """Annual leave, sickness or training: whole local days, ``end_date`` included."""

    __tablename__ = "rota_leave"
    __sync_groups__ = (("start_date", "end_date", "kind"),)
    __sync_rules__ = (leave_dates_in_order, no_overlapping_leave)

    officer_id: Mapped[str] = mapped_column(String(36), index=True)
    start_date: Mapped[dt.date] = mapped_column(Date, index=True)
    end_date: Mapped[dt.date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(20), default="annual")
    note: Mapped[str] = mapped_column(Text, default="")


class RotaSwap(SharedRecord, Base):
    """Two shifts exchanging officers: proposed, then accepted (with who approved) or declined."""

    __tablename__ = "rota_swap"
    __sync_groups__ = (("shift_a", "shift_b", "officer_a", "officer_b"), ("status", "approved_by", "decided_at"))

    shift_a: Mapped[str] = mapped_column(String(36), index=True)
    shift_b: Mapped[str] = mapped_column(String(36), index=True)
    officer_a: Mapped[str | None] = mapped_column(String(36), nullable=True)
    officer_b: Mapped[str | None] = mapped_column(String(36), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="proposed")  # proposed|accepted|declined
    proposed_by: Mapped[str] = mapped_column(String(200), default="")
    approved_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
