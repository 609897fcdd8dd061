"""Shift and log-entry tables (shared team data).

Entries are only ever added: an amendment is a new entry pointing at the one it
corrects (``amends``). Each entry stores the hash of the previous entry of its chain
(a shift, or one officer's entries outside any shift) and its own hash, so an entry
altered in the database is detected by ``verify``.

No database foreign keys between shared tables: sync may apply rows from different
laptops in any order; references are checked by the services instead.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, SharedRecord
from app.db.types import UTCDateTime


class Shift(SharedRecord, Base):
    __tablename__ = "shift"
    __sync_groups__ = (("ended_at", "handover", "finished_safely"),)

    officer: Mapped[str] = mapped_column(String(200), index=True)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    rota_shift_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    handover: Mapped[str] = mapped_column(Text, default="")
    finished_safely: Mapped[bool] = mapped_column(Boolean, default=False)


class LogEntry(SharedRecord, Base):
    __tablename__ = "log_entry"

    shift_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    chain_key: Mapped[str] = mapped_column(String(100), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    officer: Mapped[str] = mapped_column(String(200), index=True)
    text: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(30), default="note", index=True)
    channel: Mapped[str | None] = mapped_column(String(30), nullable=True, index=True)
    link: Mapped[str | None] = mapped_column(Text, nullable=True)
    event_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    is_open: Mapped[bool] = mapped_column(Boolean, default=False)
    due: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    rationale: Mapped[str | None] = mapped_column(Text, nullable=True)
    amends: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    amend_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    outside_shift: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str | None] = mapped_column(String(100), nullable=True, index=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))


class HandoverItem(SharedRecord, Base):
    """An open item handed over at the end of a shift, waiting for the next officer's
    acknowledgement. A snapshot of the entry's number and text is kept, so the item
    reads correctly even before the entry itself has synced."""

    __tablename__ = "handover_item"
    __sync_groups__ = (("acknowledged_at", "acknowledged_by", "ack_entry_id"),)

    from_shift_id: Mapped[str] = mapped_column(String(36), index=True)
    from_officer: Mapped[str] = mapped_column(String(200))
    entry_id: Mapped[str] = mapped_column(String(36), index=True)
    entry_seq: Mapped[int] = mapped_column(Integer)
    entry_text: Mapped[str] = mapped_column(Text)
    due: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    acknowledged_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    ack_entry_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
