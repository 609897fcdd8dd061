"""The alert outbox: one row per alert, keyed by what it is about, so the window's
timers and ``dutydesk alerts run`` can both look at it and an alert is sent once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, utcnow
from app.db.types import JSONText, UTCDateTime

PENDING = "pending"  # due, not yet tried
SENDING = "sending"  # claimed by one process; never picked up by another
SENT = "sent"
FAILED = "failed"  # tried, nobody has been told; tried again on the next run
CANCELLED = "cancelled"  # the officer checked in before it went out
ACKNOWLEDGED = "acknowledged"  # sent, then the officer checked in (all-clear queued)


class AlertOutbox(Base):
    """Device-local (never synced): the alerts of the officer on this laptop."""

    __tablename__ = "alert_outbox"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # missed | activity | duress | allclear
    shift_id: Mapped[str] = mapped_column(String(36), default="")
    recipients: Mapped[Any] = mapped_column(JSONText, default=list)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    state: Mapped[str] = mapped_column(String(20), default=PENDING, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
