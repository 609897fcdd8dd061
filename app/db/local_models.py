"""Tables that never leave this laptop: device identity, device settings, the outbox."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, utcnow
from app.db.types import JSONText, UTCDateTime


class DeviceState(Base):
    """Exactly one row: who this laptop is, and the last clock version it issued."""

    __tablename__ = "device_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36))
    device_name: Mapped[str] = mapped_column(String(200), default="")
    hlc_last: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class DeviceSetting(Base):
    """Settings of this laptop only (officer using it, share folder, theme...)."""

    __tablename__ = "device_setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSONText)


class ChangeLogEntry(Base):
    """The outbox: one row per change to a shared record, written in the same
    transaction as the change. The sync job publishes rows in ``seq`` order.

    ``changes`` maps field name to ``{"old": ..., "new": ...}`` (JSON values).
    """

    __tablename__ = "change_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    op_id: Mapped[str] = mapped_column(String(36), unique=True)
    table_name: Mapped[str] = mapped_column(String(100), index=True)
    row_id: Mapped[str] = mapped_column(String(36), index=True)
    op: Mapped[str] = mapped_column(String(10))  # insert | update | delete
    changes: Mapped[dict[str, Any]] = mapped_column(JSONText)
    hlc: Mapped[int] = mapped_column(BigInteger)
    device_id: Mapped[str] = mapped_column(String(36))
    officer: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
