"""Room on the disk for the database, checked before anything is written.

SQLite meets a full disk as "disk I/O error" on open (it cannot make the WAL index)
or "database or disk is full" half-way through a migration. Checking the free space
first lets us say it plainly, and a database we had just begun to create is removed
again so a failed set-up leaves no 4 KB stub behind.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from app.errors import DataFolderError

SETUP_NEEDS_BYTES = 2 * 1024 * 1024  # the migrated schema is ~0.5 MB; the WAL doubles it
START_NEEDS_BYTES = 64 * 1024  # the WAL index and a first page of changes


def is_fresh(db_path: Path) -> bool:
    return not db_path.exists() or (db_path.is_file() and db_path.stat().st_size == 0)


def check_free_space(folder: Path, *, fresh: bool) -> None:
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return  # cannot tell; SQLite will say
    needed = SETUP_NEEDS_BYTES if fresh else START_NEEDS_BYTES
    if free >= needed:
        return
    if fresh:
        raise DataFolderError(
            f"The disk holding {folder} has only {_size(free)} free; setting up Duty Desk needs about "
            f"{_size(needed)}. Free some space or choose another folder; no database was created."
        )
    raise DataFolderError(
        f"The disk holding {folder} is full ({_size(free)} free). Free some space and start again; "
        "your records are untouched."
    )


def remove_fresh_database(db_path: Path) -> None:
    """Delete a database this run created and could not finish (and its WAL files)."""
    for path in (db_path, db_path.with_name(db_path.name + "-wal"), db_path.with_name(db_path.name + "-shm")):
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass


def _size(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MB" if count >= 1024 * 1024 else f"{max(count // 1024, 0)} KB"
