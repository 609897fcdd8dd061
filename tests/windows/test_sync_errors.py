"""Sync errors told by cause, Windows and SMB codes included; a Windows-like share drives rounds."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from app.sync import service, share_errors
from tests.sync.helpers import log, log_texts, sync
from tests.windows.doubles import win_error
from tests.windows.winops import WindowsShareOps

GONE = lambda exc: False  # noqa: E731 - the share's folder no longer answers
THERE = lambda exc: True  # noqa: E731


def _errno(code: int, name: str = "x") -> OSError:
    return OSError(code, "injected", name)


# (error, is the folder still there?, expected state, words in the message, words never in it)
TABLE = [
    (win_error(53, "x"), THERE, "offline", "went away", "IT"),  # bad network path
    (win_error(64, "x"), THERE, "offline", "went away", "IT"),  # network name deleted (errno EINVAL)
    (win_error(67, "x"), THERE, "offline", "went away", "IT"),  # bad net name
    (win_error(1231, "x"), THERE, "offline", "went away", "IT"),  # network unreachable
    (win_error(59, "x"), THERE, "offline", "went away", "IT"),  # unexpected network error
    (win_error(121, "x"), THERE, "offline", "went away", "IT"),  # semaphore timeout (VPN drop)
    (win_error(32, "x"), THERE, "problem", "in use", "IT"),  # sharing violation
    (win_error(33, "x"), THERE, "problem", "in use", "IT"),  # lock violation
    (win_error(112, "x"), THERE, "problem", "full", "permission"),
    (win_error(5, "x"), THERE, "problem", "no permission", "went away"),
    (win_error(19, "x"), THERE, "problem", "read-only", "went away"),
    (_errno(errno.EBUSY), THERE, "problem", "in use", "IT"),  # SMB: Device or resource busy
    (_errno(errno.ENOSPC), THERE, "problem", "full", "permission"),
    (_errno(errno.EDQUOT), THERE, "problem", "full", "permission"),
    (_errno(errno.EROFS), THERE, "problem", "read-only", "went away"),
    (_errno(errno.EACCES), THERE, "problem", "no permission", "went away"),
    (_errno(errno.EACCES), GONE, "offline", "went away", "IT"),  # Windows maps some network losses to EACCES
    (_errno(errno.EINVAL), GONE, "offline", "went away", "IT"),  # the C runtime on a lost SMB handle
    (_errno(errno.EIO), GONE, "offline", "went away", "IT"),  # SMB server stopped mid-publish
    (_errno(errno.EIO), THERE, "problem", "Could not finish", "IT"),
    (_errno(errno.EINVAL), THERE, "problem", "Could not finish", "IT"),
    (_errno(errno.ENOENT), THERE, "offline", "went away", "IT"),
    (_errno(errno.EHOSTUNREACH), THERE, "offline", "went away", "IT"),
    (_errno(errno.ETIMEDOUT), THERE, "offline", "went away", "IT"),
    (_errno(errno.ECONNRESET), THERE, "offline", "went away", "IT"),
]


@pytest.mark.parametrize("exc,reachable,state,words,never", TABLE,
                         ids=[f"{getattr(e, 'winerror', None) or errno.errorcode[e.errno]}-{'there' if r is THERE else 'gone'}"
                              for e, r, *_ in TABLE])
def test_each_cause_gets_its_state_and_words(exc: OSError, reachable, state: str, words: str, never: str) -> None:  # type: ignore[no-untyped-def]
    got_state, message = share_errors.describe(exc, "publishing", reachable)
    assert (got_state, words in message) == (state, True), message
    assert never not in message
    assert "publishing" in message and "\n" not in message


def test_ambiguous_error_looks_at_the_folder(tmp_path: Path) -> None:
    there = OSError(errno.EINVAL, "Invalid argument", str(tmp_path / "seg.dds"))
    gone = OSError(errno.EINVAL, "Invalid argument", str(tmp_path / "unmounted" / "seg.dds"))
    assert share_errors.describe(there, "syncing")[0] == "problem"
    assert share_errors.describe(gone, "syncing")[0] == "offline"


# --- rounds on a Windows-like share -------------------------------------------------------
@pytest.fixture
def laptops(make_ctx, tmp_path: Path):  # type: ignore[no-untyped-def]
    share = tmp_path / "share"
    share.mkdir()
    a, b = make_ctx("a", "Ann"), make_ctx("b", "Bob")
    ops = WindowsShareOps()
    for ctx in (a, b, a):
        assert sync(ctx, share, ops)["state"] == "synced"
    return a, b, share, ops


def test_rounds_work_without_overwriting_rename(laptops) -> None:  # type: ignore[no-untyped-def]
    a, b, share, ops = laptops
    for n in range(3):
        log(a, f"a{n}"), log(b, f"b{n}")
        assert sync(a, share, ops)["state"] == "synced"
        assert sync(b, share, ops)["state"] == "synced"
    sync(a, share, ops)
    assert {"a0", "a1", "a2", "b0", "b1", "b2"} <= log_texts(a) and log_texts(a) == log_texts(b)


def test_progress_file_held_open_by_another_laptop_is_busy_not_it(laptops) -> None:  # type: ignore[no-untyped-def]
    a, b, share, ops = laptops
    progress = next(share.rglob(f"devices/{a.device_id}/progress*"))
    ops.hold(progress)
    log(a, "published while the progress note is open elsewhere")
    result = sync(a, share, ops)
    assert result["state"] == "problem"
    assert "in use" in result["message"] and "next round" in result["message"]
    assert "IT" not in result["message"] and "permission" not in result["message"]
    assert result["pending"] == 0  # the entry itself was published
    assert not [p for p in share.rglob("*") if p.name.endswith(".part")]
    ops.release_all()
    again = sync(a, share, ops)
    assert again["state"] == "synced" and not again["problems"]
    sync(b, share, ops)
    assert "published while the progress note is open elsewhere" in log_texts(b)


def test_vpn_drop_mid_write_is_offline_and_nothing_is_lost(laptops) -> None:  # type: ignore[no-untyped-def]
    a, b, share, ops = laptops
    log(a, "written as the VPN dropped")
    ops.network_lost_on_write = True
    result = sync(a, share, ops)
    assert result["state"] == "offline", result["message"]
    assert "IT" not in result["message"]
    assert result["pending"] >= 1
    ops.network_lost, ops.network_lost_on_write = False, False
    assert sync(a, share, ops)["state"] == "synced"
    sync(b, share, ops)
    assert "written as the VPN dropped" in log_texts(b)


def test_network_name_deleted_for_the_whole_round(laptops) -> None:  # type: ignore[no-untyped-def]
    a, _b, share, ops = laptops
    ops.network_lost = True
    result = sync(a, share, ops)
    assert result["state"] == "offline" and "IT" not in result["message"]


def test_compaction_with_a_file_held_open_is_busy(laptops) -> None:  # type: ignore[no-untyped-def]
    from app.errors import DutyDeskError

    a, b, share, ops = laptops
    for n in range(3):
        log(a, f"x{n}")
        sync(a, share, ops), sync(b, share, ops)
    for segment in share.rglob("seg-*.dds"):
        ops.hold(segment)
    with pytest.raises(DutyDeskError) as caught:
        service.compact(a, share, ops)
    assert "in use" in str(caught.value) and "IT" not in str(caught.value)
    ops.release_all()
    assert sync(a, share, ops)["state"] == "synced"
    assert {"x0", "x1", "x2"} <= log_texts(b)


def test_two_laptops_creating_the_share_at_once_join_one_group(make_ctx, tmp_path: Path) -> None:
    """Laptop B looks while A has made the folders but not yet the marker: B joins, not refuses."""
    from app.sync import share as layout
    from app.sync.fileops import FileOps

    share = tmp_path / "share"
    share.mkdir()
    a, b = make_ctx("a", "Ann"), make_ctx("b", "Bob")
    for sub in (layout.DEVICES, layout.SNAPSHOTS, layout.LOCKS):
        (share / sub).mkdir()  # A's skeleton, marker still to come
    first = sync(b, share, FileOps())
    assert first["state"] == "synced", first["message"]
    assert sync(a, share)["state"] == "synced"  # A finds B's marker and joins the same group
    log(a, "from a"), log(b, "from b")
    for ctx in (a, b, a):
        sync(ctx, share)
    assert {"from a", "from b"} <= log_texts(a) and log_texts(a) == log_texts(b)
