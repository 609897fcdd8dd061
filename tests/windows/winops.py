"""A FileOps that behaves like Windows on an SMB share (no Windows machine here).

What is certain about Windows, and what this double does:
- ``os.rename`` never overwrites: FileExistsError, winerror 183.
- A file another laptop holds open (no FILE_SHARE_DELETE, as every normal open) may be read,
  but deleting it fails with a sharing violation (winerror 32) and replacing it with access
  denied (winerror 5).
- Names are case-insensitive.
- When the VPN drops, calls through Win32 fail with winerror 64 (network name deleted,
  errno EINVAL), and the C runtime's write/fsync on an open handle with a bare EINVAL.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from app.sync.fileops import FileOps
from tests.windows.doubles import win_error


class WindowsShareOps(FileOps):
    def __init__(self) -> None:
        super().__init__()
        self.held: set[str] = set()
        self.network_lost = False
        self.calls: list[str] = []

    # -- what the test does to "the other laptop" and the network --------------------------
    def hold(self, path: Path) -> None:
        self.held.add(self._key(path))

    def release_all(self) -> None:
        self.held.clear()

    @staticmethod
    def _key(path: Path) -> str:
        return os.path.normcase(os.path.abspath(path)).lower()

    def _net(self, path: Path, crt: bool = False) -> None:
        if self.network_lost:
            if crt:
                raise OSError(errno.EINVAL, "Invalid argument")  # the C runtime has no winerror
            raise win_error(64, path, "The specified network name is no longer available")

    def _is_held(self, path: Path) -> bool:
        return self._key(path) in self.held

    # -- FileOps -----------------------------------------------------------------------
    def exists(self, path: Path) -> bool:
        self._net(path)
        return super().exists(path)

    def is_dir(self, path: Path) -> bool:
        self._net(path)
        return super().is_dir(path)

    def size(self, path: Path) -> int:
        self._net(path)
        return super().size(path)

    def listdir(self, path: Path) -> list[str]:
        self._net(path)
        return super().listdir(path)

    def mkdir(self, path: Path) -> None:
        self._net(path)
        super().mkdir(path)

    def read_bytes(self, path: Path) -> bytes:
        self._net(path)
        return super().read_bytes(path)

    def write_new(self, path: Path, data: bytes) -> None:
        self._net(path)
        if self.network_lost_on_write:
            self.network_lost = True
            self._net(path, crt=True)
        super().write_new(path, data)

    network_lost_on_write = False

    def rename_new(self, source: Path, target: Path) -> None:
        self._net(target)
        if os.path.exists(target) or any(n.lower() == target.name.lower() for n in os.listdir(target.parent)):
            raise win_error(183, target)
        if self._is_held(source):
            raise win_error(32, source)
        os.rename(source, target)

    def replace(self, source: Path, target: Path) -> None:
        self._net(target)
        if self._is_held(target):
            real = os.replace
            try:
                os.replace = self._denied  # type: ignore[assignment]
                super().replace(source, target)  # the real mapping code sees a Windows refusal
            finally:
                os.replace = real  # type: ignore[assignment]
            return
        super().replace(source, target)

    @staticmethod
    def _denied(source: str | Path, target: str | Path) -> None:
        raise win_error(5, target)

    def unlink(self, path: Path) -> None:
        self._net(path)
        if self._is_held(path):
            raise win_error(32, path)
        super().unlink(path)

    def fsync_dir(self, path: Path) -> None:
        self._net(path)
