"""Tables of the sync job. Device-only (``Base`` alone): they never leave this laptop."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, utcnow
from app.db.types import JSONText, UTCDateTime


class SyncMeta(Base):
    """Key/value state of the sync job (group id, publish sequence, last round...)."""

    __tablename__ = "sync_meta"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSONText)


class SyncPeer(Base):
    """Another laptop seen on the share, and how far its changes have been applied here."""

    __tablename__ = "sync_peer"

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_name: Mapped[str] = mapped_column(String(200), default="")
    officer: Mapped[str] = mapped_column(String(200), default="")
    applied_seq: Mapped[int] = mapped_column(Integer, default=0)
    max_hlc: Mapped[int] = mapped_column(BigInteger, default=0)
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    waiting: Mapped[str] = mapped_column(Text, default="")  # why it is stopped ("" = not stopped)


class SyncAppliedOp(Base):
    """Operation ids already applied (replaying a segment twice changes nothing)."""

    __tablename__ = "sync_applied_op"

    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)


class SyncFieldVersion(Base):
    """The version (hybrid clock, device) of the last write kept for each field of a row."""

    __tablename__ = "sync_field_version"

    table_name: Mapped[str] = mapped_column(String(100), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    field: Mapped[str] = mapped_column(String(100), primary_key=True)
    hlc: Mapped[int] = mapped_column(BigInteger)
    device_id: Mapped[str] = mapped_column(String(36))
    base: Mapped[Any] = mapped_column(JSONText, nullable=True)  # value the writer replaced


class SyncConflict(Base):
    """Two laptops changed the same field concurrently: both values, and which one won."""

    __tablename__ = "sync_conflict"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(100))
    row_id: Mapped[str] = mapped_column(String(36), index=True)
    field: Mapped[str] = mapped_column(String(100))
    local_value: Mapped[Any] = mapped_column(JSONText, nullable=True)
    local_device: Mapped[str] = mapped_column(String(36), default="")
    local_hlc: Mapped[int] = mapped_column(BigInteger, default=0)
    remote_value: Mapped[Any] = mapped_column(JSONText, nullable=True)
    remote_device: Mapped[str] = mapped_column(String(36), default="")
    remote_officer: Mapped[str] = mapped_column(String(200), default="")
    remote_hlc: Mapped[int] = mapped_column(BigInteger, default=0)
    winner: Mapped[str] = mapped_column(String(10))  # local | remote
    detected_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    resolution: Mapped[str | None] = mapped_column(String(10), nullable=True)
    # conflicts derived from field-group heads (the same on every laptop; see app.sync.team)
    shared_id: Mapped[str | None] = mapped_column(String(36), nullable=True, unique=True)
    kind: Mapped[str] = mapped_column(String(10), default="edit")  # edit | delete | rule
    local_officer: Mapped[str] = mapped_column(String(200), default="")
    resolved_by: Mapped[str] = mapped_column(String(200), default="")
    message: Mapped[str] = mapped_column(Text, default="")  # rule: what the held merge would break
    other_row_id: Mapped[str | None] = mapped_column(String(36), nullable=True)  # rule: the record kept


class SyncParked(Base):
    """A remote change that cannot be applied yet (newer schema, row not arrived)."""

    __tablename__ = "sync_parked"

    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    entry: Mapped[Any] = mapped_column(JSONText)
    reason: Mapped[str] = mapped_column(Text)
    parked_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class SyncQuarantine(Base):
    """A damaged file on the share: set aside and reported, never deleted, never applied."""

    __tablename__ = "sync_quarantine"

    path: Mapped[str] = mapped_column(String(500), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36), default="")
    reason: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    detected_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    cleared_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class SyncPublished(Base):
    """A segment this laptop wrote to the share (so a damaged one can be written again)."""

    __tablename__ = "sync_published"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36))
    first_seq: Mapped[int] = mapped_column(Integer)
    last_seq: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(BigInteger)
    outbox_seqs: Mapped[Any] = mapped_column(JSONText)  # change_log.seq, in device-sequence order
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
