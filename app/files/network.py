"""Is a folder on a network drive? The database must not be (SQLite locking over SMB/NFS
is unreliable and a dropped VPN corrupts it); the share is for sync only.

Windows: a UNC path (``\\\\server\\share``, ``\\\\?\\UNC\\...``) or a mapped drive letter
(GetDriveTypeW says DRIVE_REMOTE). Linux: the filesystem type of the mount holding the
folder, from /proc/mounts (cifs, smb3, nfs, smbnetfs and other FUSE network clients).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path, PureWindowsPath

NETWORK_FSTYPES = frozenset({
    "cifs", "smbfs", "smb3", "nfs", "nfs4", "ncpfs", "afs", "ceph", "glusterfs", "9p", "davfs", "lustre",
    "fuse.smbnetfs", "fuse.sshfs", "fuse.davfs2", "fuse.rclone", "fuse.gvfsd-fuse", "fuse.glusterfs", "fuse.s3fs",
})
DRIVE_REMOTE = 4


def _unescape_mount_field(field: str) -> str:
    """/proc/mounts writes space, tab, newline and backslash as octal escapes."""
    out, i = [], 0
    while i < len(field):
        digits = field[i + 1:i + 4]
        if field[i] == "\\" and len(digits) == 3 and all(c in "01234567" for c in digits):
            out.append(chr(int(field[i + 1:i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def parse_mounts(text: str) -> list[tuple[str, str, str]]:
    """(source, mount point, filesystem type) for each line of /proc/mounts."""
    mounts = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            mounts.append((_unescape_mount_field(parts[0]), _unescape_mount_field(parts[1]), parts[2]))
    return mounts


def mount_of(path: Path, mounts: list[tuple[str, str, str]]) -> tuple[str, str, str] | None:
    """The mount holding ``path``: the longest mount point that is ``path`` or a parent of it."""
    best = None
    for mount in mounts:
        point = mount[1]
        if path == Path(point) or Path(point) in path.parents:
            if best is None or len(point) > len(best[1]):
                best = mount
    return best


def _read_proc_mounts() -> str:
    try:
        return Path("/proc/mounts").read_text(encoding="utf-8", errors="surrogateescape")
    except OSError:
        return ""


def _existing_ancestor(path: Path) -> Path:
    for candidate in (path, *path.parents):
        try:
            if candidate.exists():
                return candidate.resolve()
        except OSError:
            continue
    return path


def windows_network_reason(path: str, drive_type: Callable[[str], int]) -> str | None:
    win = PureWindowsPath(path)
    text = str(win)
    if text.upper().startswith("\\\\?\\UNC\\") or (text.startswith("\\\\") and not text.startswith("\\\\?\\")
                                                   and not text.startswith("\\\\.\\")):
        return "a network path"
    if win.drive and len(win.drive) == 2 and win.drive[1] == ":":
        if drive_type(win.drive + "\\") == DRIVE_REMOTE:
            return f"the network drive {win.drive}"
    return None


def _windows_drive_type(root: str) -> int:
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]


def network_reason(
    folder: str | os.PathLike[str],
    *,
    platform: str | None = None,
    mounts_text: str | None = None,
    drive_type: Callable[[str], int] | None = None,
) -> str | None:
    """Why ``folder`` is on a network drive ("a network path", "an nfs mount at /mnt/x"), or None."""
    platform = platform or sys.platform
    if platform == "win32":
        return windows_network_reason(os.fspath(folder), drive_type or _windows_drive_type)
    if not platform.startswith("linux"):
        return None
    mounts = parse_mounts(_read_proc_mounts() if mounts_text is None else mounts_text)
    path = _existing_ancestor(Path(folder).absolute()) if mounts_text is None else Path(folder)
    mount = mount_of(path, mounts)
    if mount is not None and mount[2] in NETWORK_FSTYPES:
        return f"a {mount[2]} network mount at {mount[1]}"
    return None
