"""The team contact directory (shared data)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, SharedRecord
from app.db.types import JSONText


class Contact(SharedRecord, Base):
    __tablename__ = "contact"
    __sync_groups__ = (("name", "role"),)

    name: Mapped[str] = mapped_column(String(200), index=True)
    role: Mapped[str] = mapped_column(String(200), default="", index=True)
    phones: Mapped[Any] = mapped_column(JSONText, default=list)
    email: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
