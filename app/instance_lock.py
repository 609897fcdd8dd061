"""One copy of Duty Desk per data folder.

An OS-level lock (released by the kernel if the process dies, even by SIGKILL) on a
file in the data folder; a small JSON beside it says who holds it, for the message.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
import socket
from pathlib import Path

from filelock import FileLock, Timeout

from app.errors import AlreadyRunningError, DataFolderError
from app.paths import LOCK_FILE

OWNER_FILE = "dutydesk.lock.json"


class DataFolderLock:
    def __init__(self, data_dir: Path) -> None:
        self._data_dir = data_dir
        self._lock = FileLock(str(data_dir / LOCK_FILE), thread_local=False)
        self.worker_token: str | None = secrets.token_hex(16)  # handed only to our own worker processes

    def acquire(self) -> None:
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            raise AlreadyRunningError(self._busy_message()) from None
        except OSError as exc:
            raise DataFolderError(
                f"Cannot take the lock file {LOCK_FILE} in {self._data_dir} ({exc.strerror or exc}): "
                "it or the folder is read-only or immutable. Check the data folder; nothing was changed."
            ) from None
        try:
            self._owner_path.write_text(json.dumps(self._owner()), encoding="utf-8")
        except OSError:
            self.worker_token = None  # nobody can vouch for a worker: long work stays in this process
            # (who holds the lock only improves a message; the lock itself is held)

    def _owner(self) -> dict[str, object]:
        return {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "worker": _digest(self.worker_token or ""),
        }

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release(force=True)

    @property
    def is_held(self) -> bool:
        return self._lock.is_locked

    @property
    def _owner_path(self) -> Path:
        return self._data_dir / OWNER_FILE

    def _busy_message(self) -> str:
        who = ""
        try:
            owner = json.loads(self._owner_path.read_text(encoding="utf-8"))
            who = f" (process {owner['pid']} on {owner['host']}, since {owner['since']})"
        except (OSError, ValueError, KeyError):
            pass
        return (
            f"Duty Desk is already open on the data folder {self._data_dir}{who}. "
            "Switch to that window, or close it first: two copies on one folder could "
            "corrupt the records."
        )


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def vouches_for(data_dir: Path, token: str) -> bool:
    """Whether a worker showing ``token`` may open ``data_dir`` without its lock: the lock
    is held, and its holder gave out that token (the owner file keeps only its digest, and
    the token itself travels only down the worker's stdin pipe). A second copy of the app
    has no token, so it is still refused."""
    if not token:
        return False
    probe = FileLock(str(data_dir / LOCK_FILE), thread_local=False)
    try:
        probe.acquire(timeout=0)
    except Timeout:
        pass  # held, as it must be
    except OSError:
        return False
    else:
        probe.release(force=True)
        return False
    try:
        owner = json.loads((data_dir / OWNER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(owner, dict) and secrets.compare_digest(str(owner.get("worker", "")), _digest(token))
