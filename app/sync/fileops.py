"""Every file operation the sync job does on the share goes through ``FileOps``.

One narrow layer makes the I/O testable the way SQLite tests its own: a ``FaultPlan``
makes the Nth operation fail (once, or from then on) with a chosen ``errno``
(``EIO``, ``ENOSPC`` for a full disk, ``EROFS``, ``ENOENT`` for a share that vanished).
"""

from __future__ import annotations

import errno as errno_mod
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from app.files import oserrors


@dataclass
class FaultPlan:
    """Fail operation number ``fail_at`` (1-based); ``persistent`` keeps failing after it."""

    fail_at: int = 0
    persistent: bool = False
    error: int = errno_mod.EIO
    only: frozenset[str] = frozenset()  # restrict to these operation kinds ("write", "read"...)
    count: int = 0
    log: list[str] = field(default_factory=list)

    def check(self, kind: str, path: Path) -> None:
        if self.only and kind not in self.only:
            return
        self.count += 1
        self.log.append(f"{kind} {path.name}")
        if self.fail_at and (self.count == self.fail_at or (self.persistent and self.count > self.fail_at)):
            raise OSError(self.error, f"{os.strerror(self.error)} (injected at {kind} #{self.count})", str(path))


class FileOps:
    """Real file operations, each announced to an optional fault plan first."""

    def __init__(self, faults: FaultPlan | None = None) -> None:
        self.faults = faults

    def _op(self, kind: str, path: Path) -> None:
        if self.faults is not None:
            self.faults.check(kind, path)

    def exists(self, path: Path) -> bool:
        self._op("stat", path)
        return path.exists()

    def is_dir(self, path: Path) -> bool:
        self._op("stat", path)
        return path.is_dir()

    def size(self, path: Path) -> int:
        self._op("stat", path)
        return path.stat().st_size

    def mtime(self, path: Path) -> float:
        """The file's modification time as the share's file server set it."""
        self._op("stat", path)
        return path.stat().st_mtime

    def listdir(self, path: Path) -> list[str]:
        self._op("list", path)
        return os.listdir(path)

    def mkdir(self, path: Path) -> None:
        self._op("mkdir", path)
        path.mkdir(exist_ok=True)  # never parents: an unmounted share must not be re-created locally

    def read_bytes(self, path: Path) -> bytes:
        self._op("read", path)
        with open(path, "rb") as handle:
            return handle.read()

    def write_new(self, path: Path, data: bytes) -> None:
        """Create ``path`` (must not exist), write, flush and fsync it; on failure remove it.

        The exclusive create is decided by the file server in one step (SMB, exFAT, NTFS,
        ext4 alike): of two laptops creating one name at once, exactly one succeeds and
        the other gets ``FileExistsError``. Readers may see the file empty until the write.
        """
        self._op("open", path)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
        try:
            self._op("write", path)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            self._op("fsync", path)
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            fd = -1
            path.unlink(missing_ok=True)  # ours (the create was exclusive): leave no empty or partial file
            raise
        finally:
            if fd >= 0:
                os.close(fd)

    def rename_new(self, source: Path, target: Path) -> None:
        """Rename to a name that must not exist yet: never overwrite a file on the share.

        Only for names no one else can choose (segments carry a random nonce): the check and
        the rename are two steps, and on POSIX a rename replaces what appeared in between.
        A name every laptop may choose (the share marker) is made with ``write_new``.
        """
        self._op("rename", target)
        if target.exists():
            raise FileExistsError(errno_mod.EEXIST, "refusing to overwrite a file on the share", str(target))
        os.rename(source, target)

    def replace(self, source: Path, target: Path) -> None:
        """Atomically replace a small file this laptop alone writes (its progress note).

        Windows refuses (access denied) to replace a file another laptop has open; we just
        wrote ``source`` in the same folder, so that is a busy file, not a permission problem.
        """
        self._op("rename", target)
        try:
            os.replace(source, target)
        except PermissionError as exc:
            if os.path.exists(source) and os.path.exists(target):
                raise oserrors.in_use(exc, target) from exc
            raise

    def fsync_dir(self, path: Path) -> None:
        self._op("fsync", path)
        if os.name != "posix":
            return
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(fd)
        except OSError:
            pass  # some network filesystems refuse fsync on a folder
        finally:
            os.close(fd)

    def unlink(self, path: Path) -> None:
        self._op("unlink", path)
        path.unlink(missing_ok=True)

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Run without fault injection (for cleanup in tests)."""
        saved, self.faults = self.faults, None
        try:
            yield
        finally:
            self.faults = saved


REAL = FileOps()
