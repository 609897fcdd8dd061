"""Recording exports in the shared photo library and listing the recent ones."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.context import AppContext
from app.db.base import utcnow
from app.errors import NotFoundError
from app.photo.export import ExportResult
from app.photo.models import PhotoExport


@dataclass(frozen=True)
class LibraryEntry:
    id: str
    source_name: str
    preset: str
    width: int
    height: int
    file_path: str
    file_bytes: int
    alt_text: str
    thumbnail: bytes
    exported_at: dt.datetime
    officer: str

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "source_name": self.source_name, "preset": self.preset,
            "width": self.width, "height": self.height, "file_path": self.file_path,
            "file_bytes": self.file_bytes, "alt_text": self.alt_text,
            "exported_at": self.exported_at.isoformat(), "officer": self.officer,
        }


def _entry(row: PhotoExport) -> LibraryEntry:
    return LibraryEntry(
        row.id, row.source_name, row.preset, row.width, row.height, row.file_path, row.file_bytes,
        row.alt_text, row.thumbnail or b"", row.exported_at, row.created_by,
    )


def record_exports(ctx: AppContext, source: Path, results: list[ExportResult], alt_text: str) -> list[LibraryEntry]:
    now = utcnow()
    with ctx.write() as session:
        rows = [
            PhotoExport(
                source_name=Path(source).name, preset=r.preset, width=r.width, height=r.height,
                file_path=str(r.path), file_bytes=r.bytes, alt_text=alt_text, thumbnail=r.thumbnail,
                exported_at=now,
            )
            for r in results
        ]
        session.add_all(rows)
        session.flush()
        return [_entry(row) for row in rows]


def recent_exports(ctx: AppContext, limit: int = 50) -> list[LibraryEntry]:
    with ctx.read() as session:
        rows = session.execute(
            select(PhotoExport)
            .where(PhotoExport.deleted.is_(False))
            .order_by(PhotoExport.exported_at.desc(), PhotoExport.id.desc())
            .limit(limit)
        ).scalars().all()
        return [_entry(row) for row in rows]


def forget_export(ctx: AppContext, entry_id: str) -> None:
    """Remove an entry from the library (a tombstone; the exported file stays)."""
    with ctx.write() as session:
        row = session.get(PhotoExport, entry_id)
        if row is None or row.deleted:
            raise NotFoundError("That export is no longer in the photo library.")
        row.deleted = True
