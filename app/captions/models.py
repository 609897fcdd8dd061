"""The team's glossary: names and terms the speech model must spell the team's way. Shared (synced)."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, SharedRecord
from app.db.types import JSONText


class GlossaryTerm(SharedRecord, Base):
    """A place, an official's name or an organisation's term; ``mishearings`` are what the model
    writes instead ("market treat" for "Market Street"), corrected after transcription."""

    __tablename__ = "glossary_term"

    term: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="term")  # place | person | term
    mishearings: Mapped[list[str]] = mapped_column(JSONText, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
