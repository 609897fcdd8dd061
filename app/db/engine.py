"""SQLite engines and sessions for one database file.

Writes use ``BEGIN IMMEDIATE`` so a unit of work takes the write lock up front (two
processes never both read-then-write the clock); reads use a second engine with plain
deferred transactions, which WAL lets run beside a writer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from app.db import changelog, changeset


class AppSession(Session):
    """Session class of the app; the change-log hook is installed on it only."""


changelog.install(AppSession)
changeset.install(AppSession)  # after the change log: new rows have their id

BUSY_TIMEOUT_MS = 15_000


def make_engine(db_path: Path, *, immediate: bool, durable: bool = True) -> Engine:
    """``durable=False``: commits do not wait for the disk (``synchronous=NORMAL``). Only for
    what can be fetched again: a power cut may lose the last such commits, never part of
    one (WAL frames are checksummed), and the next durable commit makes them all safe."""
    engine = create_engine(f"sqlite:///{db_path}", future=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, connection_record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=FULL" if durable else "PRAGMA synchronous=NORMAL")  # FULL: a power cut loses no committed entry
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def make_sessionmaker(engine: Engine, info: dict[str, Any]) -> sessionmaker[AppSession]:
    return sessionmaker(engine, class_=AppSession, expire_on_commit=False, info=info)
