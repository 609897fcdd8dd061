"""Finding and preparing the user's private data folder.

Order of precedence: ``--data-dir``, then ``DUTYDESK_DATA_DIR``, then the platform's
per-user data location (``%LOCALAPPDATA%\\DutyDesk`` on Windows). The database lives on
local disk on purpose: SQLite must never be opened on a network share.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import platformdirs

from app.errors import DataFolderError
from app.files import network, privacy

ENV_VAR = "DUTYDESK_DATA_DIR"
DB_FILE = "dutydesk.sqlite3"
LOCK_FILE = "dutydesk.lock"


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    from app.validation.paths import existing_link_target

    given = explicit or os.environ.get(ENV_VAR)
    if given:
        existing_link_target(Path(given).expanduser(), what="The data folder")
        return Path(given).expanduser().resolve()
    return Path(platformdirs.user_data_dir("DutyDesk", appauthor=False, roaming=False))


def database_path(data_dir: Path) -> Path:
    return data_dir / DB_FILE


def prepare_data_dir(data_dir: Path) -> None:
    """Create the folder private to the user (0700) and prove it is writable.

    Raises ``DataFolderError`` with a plain message and changes nothing if it cannot
    be used. Writability is tested by really creating a file, because permission bits
    say nothing for some users (root) and some filesystems.
    """
    if data_dir.exists() and not data_dir.is_dir():
        raise DataFolderError(f"The data folder {data_dir} is a file, not a folder.")
    refuse_network_folder(data_dir)
    created = not data_dir.exists()
    if created:
        try:
            data_dir.mkdir(parents=True, mode=0o700)
        except OSError as exc:
            raise DataFolderError(
                f"Cannot create the data folder {data_dir}: {exc.strerror or exc}. "
                "Choose another folder with --data-dir."
            ) from exc
        privacy.restrict_to_current_user(data_dir)  # Windows ACL; 0700 above does it on POSIX
    assert_writable(data_dir)
    if created:  # a folder the user pointed at (a shared 1777 one, say) keeps its mode
        _make_private(data_dir)


def refuse_network_folder(data_dir: Path) -> None:
    """The database stays on this laptop's own disk; a network drive is for sync only."""
    reason = network.network_reason(data_dir)
    if reason is not None:
        raise DataFolderError(
            f"The data folder {data_dir} is on {reason}. Duty Desk keeps its database on this laptop's own disk "
            "(a database on a network drive breaks when the connection drops); the shared drive is only for sync. "
            "Choose a local folder with --data-dir; nothing was changed."
        )


def assert_writable(folder: Path) -> None:
    try:
        fd, probe = tempfile.mkstemp(prefix=".write-test-", dir=folder)
    except OSError as exc:
        raise DataFolderError(
            f"The data folder {folder} is read-only ({exc.strerror or exc}). "
            "Duty Desk needs to write there; nothing was changed."
        ) from exc
    os.close(fd)
    os.unlink(probe)


def _make_private(folder: Path) -> None:
    if os.name != "posix":
        return  # per-user AppData is already private on Windows
    mode = stat.S_IMODE(folder.stat().st_mode)
    if mode & 0o077:
        try:
            folder.chmod(0o700)
        except OSError:
            pass  # a folder the user chose and cannot chmod (e.g. some mounts) still works


def make_file_private(path: Path) -> None:
    if os.name == "posix" and path.exists():
        try:
            path.chmod(0o600)
        except OSError:
            pass
