"""The open data folder: database, device identity, lock. Every service takes one.

``open_context`` does the start-up checks in an order that changes nothing on disk
until the folder is known to be usable: folder writable, database file really ours and
not from a newer version, no other copy running, then migrate.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session, sessionmaker

from app.db import hlc
from app.db.engine import AppSession, make_engine, make_sessionmaker
from app.db.ids import new_id
from app.db.local_models import DeviceSetting, DeviceState
from app.db.migrate import check_not_newer, is_current, upgrade
from app.db.registry import load_all_models
from app.errors import DatabaseError, DutyDeskError
from app.instance_lock import DataFolderLock
from app.failures import failure_words
from app.paths import database_path, make_file_private, prepare_data_dir, resolve_data_dir
from app.space import check_free_space, is_fresh, remove_fresh_database


WRITE_CHECKS: list[Callable[[], None]] = []
"""Called before every unit of work; the GUI's tests add one that refuses the GUI thread."""


@dataclass
class Identity:
    """Who is writing: stamped on every shared record and change-log row."""

    device_id: str
    officer: str
    now_ms: Callable[[], int] = field(default=hlc.wall_clock_ms)


class AppContext:
    def __init__(self, data_dir: Path, lock: DataFolderLock | None) -> None:
        self.data_dir = data_dir
        self.db_path = database_path(data_dir)
        self._lock = lock
        self.engine = make_engine(self.db_path, immediate=True)
        self.read_engine = make_engine(self.db_path, immediate=False)
        self.identity = Identity(device_id="", officer="")
        info = self._session_info = {"identity": self.identity}
        self._write_sessions = make_sessionmaker(self.engine, info)
        self._read_sessions = make_sessionmaker(self.read_engine, info)
        self._refetchable_sessions: sessionmaker[AppSession] | None = None

    @property
    def worker_token(self) -> str | None:
        """What our own worker processes show to open this folder while we hold its lock."""
        return self._lock.worker_token if self._lock is not None and self._lock.is_held else None

    @contextmanager
    def write(self, *, refetchable: bool = False) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error.

        A column type that refuses a value (a date out of range) raises a plain
        ``DutyDeskError``; SQLAlchemy wraps it, so it is unwrapped here for the user.
        ``refetchable``: only what could be fetched again if a power cut lost it (a sync
        round's chunks of what others shared): the commit does not wait for the disk,
        so it holds the write lock, which a log entry may be waiting for, less long."""
        for check in WRITE_CHECKS:
            check()
        sessions = self._write_sessions
        if refetchable:
            if self._refetchable_sessions is None:
                self._refetchable_engine = make_engine(self.db_path, immediate=True, durable=False)
                self._refetchable_sessions = make_sessionmaker(self._refetchable_engine, self._session_info)
            sessions = self._refetchable_sessions
        try:
            with sessions.begin() as session:
                yield session
        except StatementError as exc:
            if isinstance(exc.orig, DutyDeskError):
                raise exc.orig from None
            raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only look; safe beside a writer thanks to WAL."""
        with self._read_sessions() as session:
            yield session  # closing detaches rows with their loaded values intact

    @property
    def officer(self) -> str:
        return self.identity.officer

    @property
    def device_id(self) -> str:
        return self.identity.device_id

    def close(self) -> None:
        if self._lock is not None:  # workers we vouched for end with our lock
            from app import worker

            worker.stop_all(self.data_dir)
        self.engine.dispose()
        self.read_engine.dispose()
        if self._refetchable_sessions is not None:
            self._refetchable_engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> AppContext:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_context(data_dir: str | Path | None = None, *, lock: bool = True) -> AppContext:
    folder = resolve_data_dir(data_dir)
    prepare_data_dir(folder)
    fresh = is_fresh(database_path(folder))
    check_free_space(folder, fresh=fresh)
    stamped = check_not_newer(database_path(folder))
    folder_lock = DataFolderLock(folder) if lock else None
    if folder_lock is not None:
        folder_lock.acquire()
    try:
        ctx = AppContext(folder, folder_lock)
        load_all_models()
        try:
            if not is_current(stamped):
                upgrade(ctx.engine)
        except Exception as exc:  # noqa: BLE001 - any migration failure is fatal and plain
            ctx.engine.dispose()
            ctx.read_engine.dispose()
            if fresh:
                remove_fresh_database(ctx.db_path)
            raise DatabaseError(f"Could not {'set up' if fresh else 'update'} the database in {folder}: {failure_words(exc)}") from exc
        make_file_private(ctx.db_path)
        _load_identity(ctx)
    except BaseException:
        if folder_lock is not None:
            folder_lock.release()
        raise
    return ctx


def _load_identity(ctx: AppContext) -> None:
    with ctx.write() as session:
        state = session.execute(select(DeviceState)).scalar_one_or_none()
        if state is None:
            state = DeviceState(id=1, device_id=new_id(), device_name=socket.gethostname())
            session.add(state)
        officer = session.get(DeviceSetting, "officer")
        ctx.identity.device_id = state.device_id
        ctx.identity.officer = officer.value if officer else ""
