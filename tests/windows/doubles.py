"""What Windows does to files, simulated where it is certain (no Windows machine here).

- A file open in Excel/Acrobat/a player cannot be replaced or deleted: ``os.replace`` onto
  it fails with PermissionError, ``winerror`` 32 (sharing violation) or 5 (access denied).
- ``os.rename`` never overwrites (FileExistsError, winerror 183).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

WIN_MESSAGES = {
    5: "Access is denied",
    32: "The process cannot access the file because it is being used by another process",
    33: "The process cannot access the file because another process has locked a portion of the file",
    183: "Cannot create a file when that file already exists",
}
WINERROR_TO_ERRNO = {5: errno.EACCES, 32: errno.EACCES, 33: errno.EACCES, 183: errno.EEXIST, 112: errno.ENOSPC,
                     53: errno.ENOENT, 64: errno.EINVAL, 67: errno.ENOENT, 1231: errno.EINVAL, 59: errno.EINVAL,
                     121: errno.EINVAL}


def win_error(winerror: int, path: Path | str, message: str | None = None) -> OSError:
    """An OSError as CPython builds it on Windows (errno from its winerror table)."""
    code = WINERROR_TO_ERRNO.get(winerror, errno.EINVAL)
    cls = {errno.EACCES: PermissionError, errno.EEXIST: FileExistsError, errno.ENOENT: FileNotFoundError}.get(code, OSError)
    exc = cls(code, message or WIN_MESSAGES.get(winerror, f"WinError {winerror}"), str(path))
    exc.winerror = winerror  # type: ignore[attr-defined]
    return exc


class HeldOpen:
    """Files "open in another program": replacing or deleting them fails like on Windows."""

    def __init__(self, monkeypatch, winerror: int = 32) -> None:  # type: ignore[no-untyped-def]
        self.paths: set[str] = set()
        self.winerror = winerror
        real_replace = os.replace
        real_unlink = os.unlink

        def replace(src, dst, **kw):  # type: ignore[no-untyped-def]
            if os.path.abspath(dst) in self.paths:
                raise win_error(self.winerror, dst)
            return real_replace(src, dst, **kw)

        def unlink(path, **kw):  # type: ignore[no-untyped-def]
            if os.path.abspath(path) in self.paths:
                raise win_error(self.winerror, path)
            return real_unlink(path, **kw)

        monkeypatch.setattr(os, "replace", replace)
        monkeypatch.setattr(os, "unlink", unlink)

    def hold(self, path: Path) -> Path:
        self.paths.add(os.path.abspath(path))
        return path


def part_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if ".part" in p.name)
