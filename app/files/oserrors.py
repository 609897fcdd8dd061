"""What an ``OSError`` means for a person, by cause, on Linux, macOS and Windows.

Windows reports the real cause in ``winerror`` (Python maps it to an errno that is often
vague: a lost network drive can come back as EINVAL or EACCES). SMB mounts report a file
held open by another program as EBUSY. One table here, used by file exports and sync.
"""

from __future__ import annotations

import errno

# Windows system error codes (winerror.h) that matter for files on a laptop or a share
WIN_ACCESS_DENIED = 5
WIN_SHARING_VIOLATION = 32
WIN_LOCK_VIOLATION = 33
WIN_BAD_NETPATH = 53
WIN_NETWORK_BUSY = 54
WIN_DEV_NOT_EXIST = 55
WIN_UNEXP_NET_ERR = 59
WIN_NETNAME_DELETED = 64
WIN_BAD_NET_NAME = 67
WIN_DISK_FULL = 112
WIN_SEM_TIMEOUT = 121
WIN_HANDLE_DISK_FULL = 39
WIN_WRITE_PROTECT = 19
WIN_NOT_READY = 21
WIN_USER_MAPPED_FILE = 1224
WIN_NETWORK_UNREACHABLE = 1231
WIN_HOST_UNREACHABLE = 1232
WIN_CONNECTION_ABORTED = 1236
WIN_BAD_NET_RESP = 58
WIN_NET_WRITE_FAULT = 88
WIN_NO_NETWORK = 1222
WIN_NOT_CONNECTED = 2250
WIN_SESSION_CREDENTIAL_CONFLICT = 1219

NETWORK_WINERRORS = frozenset({
    WIN_BAD_NETPATH, WIN_NETWORK_BUSY, WIN_DEV_NOT_EXIST, WIN_UNEXP_NET_ERR, WIN_NETNAME_DELETED,
    WIN_BAD_NET_NAME, WIN_SEM_TIMEOUT, WIN_NETWORK_UNREACHABLE, WIN_HOST_UNREACHABLE,
    WIN_CONNECTION_ABORTED, WIN_BAD_NET_RESP, WIN_NET_WRITE_FAULT, WIN_NO_NETWORK, WIN_NOT_CONNECTED,
    WIN_NOT_READY,
})
BUSY_WINERRORS = frozenset({WIN_SHARING_VIOLATION, WIN_LOCK_VIOLATION, WIN_USER_MAPPED_FILE})
FULL_WINERRORS = frozenset({WIN_DISK_FULL, WIN_HANDLE_DISK_FULL})
DENIED_WINERRORS = frozenset({WIN_ACCESS_DENIED, WIN_WRITE_PROTECT})

NETWORK_ERRNOS = frozenset(
    getattr(errno, name) for name in (
        "ENOENT", "ENOTDIR", "ESTALE", "EHOSTDOWN", "EHOSTUNREACH", "ENETUNREACH", "ENETDOWN",
        "ETIMEDOUT", "ECONNRESET", "ECONNABORTED", "ECONNREFUSED", "ENOTCONN", "ENXIO", "ENODEV",
        "ENOLINK", "ECOMM", "EREMOTEIO",
    ) if hasattr(errno, name)
)
BUSY_ERRNOS = frozenset(getattr(errno, n) for n in ("EBUSY", "ETXTBSY", "EAGAIN") if hasattr(errno, n))
FULL_ERRNOS = frozenset(getattr(errno, n) for n in ("ENOSPC", "EDQUOT", "EFBIG") if hasattr(errno, n))
DENIED_ERRNOS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})

UNREACHABLE, BUSY, FULL, DENIED, OTHER = "unreachable", "busy", "full", "denied", "other"


def cause_of(exc: OSError) -> str:
    """One of ``unreachable``, ``busy``, ``full``, ``denied``, ``other``.

    ``winerror`` wins when present (it is exact); then ``errno``. EINVAL and EIO are left as
    ``other`` here: whether they mean "network lost" depends on whether the folder is still
    there, which only the caller can check.
    """
    win = getattr(exc, "winerror", None)
    if isinstance(win, int):
        for cause, codes in ((BUSY, BUSY_WINERRORS), (UNREACHABLE, NETWORK_WINERRORS),
                             (FULL, FULL_WINERRORS), (DENIED, DENIED_WINERRORS)):
            if win in codes:
                return cause
    code = exc.errno
    for cause, codes in ((BUSY, BUSY_ERRNOS), (FULL, FULL_ERRNOS), (DENIED, DENIED_ERRNOS), (UNREACHABLE, NETWORK_ERRNOS)):
        if code in codes:
            return cause
    return OTHER


def is_ambiguous(exc: OSError) -> bool:
    """EINVAL/EIO/EACCES (without a telling winerror): Windows and SMB give these for a lost network too."""
    if isinstance(getattr(exc, "winerror", None), int) and cause_of(exc) != OTHER:
        return False
    return exc.errno in (errno.EINVAL, errno.EIO, errno.EACCES)


def in_use(exc: OSError, path: object) -> OSError:
    """The same failure, told as what it is: the file is open elsewhere (sharing violation)."""
    busy = OSError(errno.EBUSY, "The file is in use by another program or laptop", str(path))
    busy.winerror = WIN_SHARING_VIOLATION  # type: ignore[attr-defined]
    busy.__cause__ = exc
    return busy
