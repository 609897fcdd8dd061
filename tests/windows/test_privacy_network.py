"""The data folder: private to its user on Windows (icacls ACL), never on a network drive."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from app.errors import DataFolderError
from app.files import network, privacy
from app.paths import prepare_data_dir

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
//fileserver/comms /mnt/comms cifs rw,vers=3.0 0 0
nas:/export/team /srv/team nfs4 rw 0 0
smbnetfs /home/dee/smb fuse.smbnetfs rw,nosuid 0 0
/dev/sdb1 /mnt/comms/local\\040disk ext4 rw 0 0
/dev/loop0 /media/usb fuseblk rw 0 0
"""


@pytest.mark.parametrize(
    "folder,expected",
    [
        ("/mnt/comms/dutydesk", "cifs"),
        ("/srv/team/a/b", "nfs4"),
        ("/home/dee/smb/127.0.0.1/share/data", "fuse.smbnetfs"),
        ("/home/dee/.local/share/DutyDesk", None),
        ("/mnt/comms/local disk/data", None),  # a local disk mounted inside the share's folder
        ("/media/usb/data", None),  # exFAT stick: local
        ("/mnt/commsx", None),  # a prefix of the name is not a parent
    ],
)
def test_linux_mounts_by_filesystem_type(folder: str, expected: str | None) -> None:
    reason = network.network_reason(folder, platform="linux", mounts_text=MOUNTS)
    assert (reason is None) == (expected is None)
    if expected:
        assert expected in reason  # type: ignore[operator]


@pytest.mark.parametrize(
    "folder,is_network",
    [
        ("\\\\fileserver\\comms\\DutyDesk", True),
        ("//fileserver/comms/DutyDesk", True),
        ("\\\\?\\UNC\\fileserver\\comms\\DutyDesk", True),
        ("Z:\\DutyDesk", True),  # a mapped drive
        ("z:/DutyDesk", True),
        ("C:\\Users\\dee\\AppData\\Local\\DutyDesk", False),
        ("\\\\?\\C:\\Users\\dee\\AppData\\Local\\DutyDesk", False),  # long-path prefix, local
        ("D:\\DutyDesk", False),
    ],
)
def test_windows_unc_and_mapped_drives(folder: str, is_network: bool) -> None:
    def drive_type(root: str) -> int:
        return network.DRIVE_REMOTE if root.upper() == "Z:\\" else 3  # 3: DRIVE_FIXED

    assert (network.network_reason(folder, platform="win32", drive_type=drive_type) is not None) == is_network


def test_database_on_a_network_mount_is_refused_and_nothing_is_created(tmp_path: Path, monkeypatch) -> None:
    from app.context import open_context

    share = tmp_path / "net"
    share.mkdir()
    mounts = MOUNTS + f"//server/share {share} cifs rw 0 0\n"
    monkeypatch.setattr(network, "_read_proc_mounts", lambda: mounts)
    with pytest.raises(DataFolderError) as caught:
        open_context(share / "data")
    message = str(caught.value)
    assert "network" in message and "--data-dir" in message and "cifs" in message and "\n" not in message
    assert list(share.iterdir()) == []


def test_icacls_grants_only_the_current_user(tmp_path: Path) -> None:
    calls = []
    args = privacy.restrict_to_current_user(tmp_path, platform="win32", account="POLICE\\dee.osei",
                                            run=lambda a, **kw: calls.append((a, kw)))
    assert calls == [(args, {"capture_output": True, "timeout": 30, "check": False})]
    assert isinstance(args, list) and args[0] == "icacls" and args[1] == str(tmp_path)
    assert args[2:] == ["/inheritance:r", "/grant:r", "POLICE\\dee.osei:(OI)(CI)F", "/Q"]
    assert privacy.restrict_to_current_user(tmp_path, platform="linux", run=lambda *a, **k: 1 / 0) is None
    assert privacy.current_windows_account({"USERNAME": "dee", "USERDOMAIN": "POLICE"}) == "POLICE\\dee"


def test_only_folders_duty_desk_creates_get_the_acl(tmp_path: Path, monkeypatch) -> None:
    calls: list[list[str]] = []
    monkeypatch.setattr(privacy, "sys", SimpleNamespace(platform="win32"))
    monkeypatch.setattr(privacy.process, "run", lambda a, **kw: calls.append(a))
    created = tmp_path / "new" / "DutyDesk"
    prepare_data_dir(created)
    assert [c[1] for c in calls] == [str(created)] and calls[0][0] == "icacls"
    chosen = tmp_path / "chosen"
    chosen.mkdir()
    prepare_data_dir(chosen)
    assert len(calls) == 1  # a folder the user pointed at keeps its own permissions
