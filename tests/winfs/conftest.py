"""A real Samba share (through smbnetfs) and a real exFAT image (through exfat-fuse).

Skipped, with the reason, only where the tools are absent; ``make test`` installs them
(Makefile SYSTEM_PACKAGES), and with ``DUTYDESK_REQUIRE_WINFS=1`` (set by .ci/run) a
missing tool fails instead of skipping.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

_spec = importlib.util.spec_from_file_location("winfs_tools", REPO_ROOT / "tools" / "winfs.py")
winfs = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(winfs)  # type: ignore[union-attr]

pytestmark = pytest.mark.xdist_group("winfs")  # one Samba on 127.0.0.1:445 at a time


def _mount(kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    if os.name != "posix" or os.geteuid() != 0:
        reason = f"{kind}: needs root on Linux (loop devices, Samba on port 445)"
        if os.environ.get("DUTYDESK_REQUIRE_WINFS"):
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        with winfs.mounted(kind) as root:
            yield root
    except winfs.WinFsUnavailable as exc:
        if os.environ.get("DUTYDESK_REQUIRE_WINFS"):
            pytest.fail(f"{kind} share unavailable: {exc}")
        pytest.skip(f"{kind} share unavailable: {exc}")


@pytest.fixture(scope="session")
def smb_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield from _mount("smb", tmp_path_factory)


@pytest.fixture(scope="session")
def exfat_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield from _mount("exfat", tmp_path_factory)


@pytest.fixture(params=["smb", "exfat"])
def winfs_dir(request: pytest.FixtureRequest) -> Path:
    """A fresh folder on the SMB share, then on the exFAT image."""
    import tempfile

    root = request.getfixturevalue(f"{request.param}_root")
    return Path(tempfile.mkdtemp(prefix="t-", dir=root))
