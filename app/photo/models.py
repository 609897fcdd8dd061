"""The photo library: recent exports, shared with the team (who published what, with
which alt text). The thumbnail is a small JPEG so a colleague sees the picture without
the file."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, SharedRecord
from app.db.types import UTCDateTime


class PhotoExport(SharedRecord, Base):
    __tablename__ = "photo_export"
    __sync_groups__ = (("file_path", "file_bytes", "width", "height", "thumbnail"),)

    source_name: Mapped[str] = mapped_column(String(260))
    preset: Mapped[str] = mapped_column(String(40), index=True)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    file_path: Mapped[str] = mapped_column(Text)
    file_bytes: Mapped[int] = mapped_column(Integer, default=0)
    alt_text: Mapped[str] = mapped_column(Text, default="")
    thumbnail: Mapped[bytes] = mapped_column(LargeBinary, default=b"")
    exported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
