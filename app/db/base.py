"""Declarative base and the mixin that makes a table sync-ready.

A *shared* table (team data: rota, log, incidents, contacts...) mixes in
``SharedRecord``: a UUIDv7 key, who and which device created and last changed it, a
hybrid-logical-clock version, and a tombstone flag. Local tables (device settings, the
outbox) use ``Base`` alone and never leave the laptop.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.db.ids import new_id
from app.db.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


# Bookkeeping columns the change log does not report as user-visible field changes.
SYNC_BOOKKEEPING = frozenset(
    {"created_at", "created_by", "created_device", "updated_at", "updated_by", "updated_device", "hlc"}
)


class SharedRecord:
    """Mixin for team data that syncs. Filled in by the session hooks in ``changelog``.

    Never hard-delete a shared record: set ``deleted = True`` (a tombstone) so other
    laptops learn of the delete.
    """

    __shared__ = True

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200), default="")
    created_device: Mapped[str] = mapped_column(String(36), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(200), default="")
    updated_device: Mapped[str] = mapped_column(String(36), default="")
    hlc: Mapped[int] = mapped_column(BigInteger, default=0, index=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


def is_shared(obj_or_cls: object) -> bool:
    cls = obj_or_cls if isinstance(obj_or_cls, type) else type(obj_or_cls)
    return bool(getattr(cls, "__shared__", False))
