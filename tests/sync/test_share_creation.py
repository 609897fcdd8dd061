"""Two laptops creating the share at the same moment end in one team, whatever the interleaving.

The share marker has one fixed name that every laptop may choose. It used to be written to
a temporary file and renamed after a check that the name was free; between the check and the
rename another laptop could rename its own marker there, and the later rename replaced it
(POSIX rename, exFAT and SMB through FUSE alike). One laptop then read back a marker that was
not its own ("the file read back from the share differs", exit code 1, nothing published) or,
worse, both believed in their own group. These tests put the second laptop's real work at the
exact moment that matters, on a real folder (on the SMB share and the exFAT disk in tests/winfs).
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from app.context import AppContext
from app.sync import engine
from app.sync import share as layout
from app.sync.fileops import FaultPlan, FileOps
from tests.sync.helpers import laptop, log, log_texts, make_share, sync


def _both_sync_and_see_each_other(a: AppContext, b: AppContext, share: Path) -> None:
    log(a, "ann after the share was made"), log(b, "bob after the share was made")
    for ctx in (a, b, a):
        result = sync(ctx, share)
        assert result["state"] == "synced", result["message"]
    expected = {"ann after the share was made", "bob after the share was made"}
    assert expected <= log_texts(a) and expected <= log_texts(b)


def test_a_marker_made_the_instant_another_laptop_commits_its_own_joins_one_team(tmp_path: Path) -> None:
    """B makes the whole share the moment A's file call that commits A's marker starts
    (after any check A made that the name was free): A must join B's team, not replace it."""
    share = make_share(tmp_path)
    a, b = laptop(tmp_path, "a"), laptop(tmp_path, "b")
    marker = share / layout.MARKER
    real_open, real_rename = os.open, os.rename
    b_groups: list[str] = []
    fired: list[bool] = []

    def b_goes_first(path: object) -> None:
        if not fired and Path(os.fsdecode(path)) == marker:  # type: ignore[arg-type]
            fired.append(True)
            b_groups.append(engine.open_share(b, FileOps(), share))

    def opening(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        b_goes_first(path)
        return real_open(path, flags, *args, **kwargs)

    def renaming(source, target, *args, **kwargs):  # type: ignore[no-untyped-def]
        b_goes_first(target)
        return real_rename(source, target, *args, **kwargs)

    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(os, "open", opening)  # the real calls, with B's real round slipped in before
            patch.setattr(os, "rename", renaming)
            a_group = engine.open_share(a, FileOps(), share)
        assert fired, "A never committed a marker"
        on_share = json.loads(marker.read_text(encoding="utf-8"))["group_id"]
        assert b_groups == [on_share] and a_group == on_share  # one team: B's marker was not replaced
        _both_sync_and_see_each_other(a, b, share)
    finally:
        a.close()
        b.close()


def test_a_laptop_reading_the_marker_while_it_is_being_written_waits_and_joins(tmp_path: Path) -> None:
    """B reads the marker after A created it and before A wrote it (empty): B reads it again
    and joins, instead of calling the share's marker damaged."""
    share = make_share(tmp_path)
    a, b = laptop(tmp_path, "a"), laptop(tmp_path, "b")
    b_has_read, a_has_written = threading.Event(), threading.Event()
    reads: list[bytes] = []
    joined: list[object] = []
    b_thread = threading.Thread(target=lambda: run_b(), daemon=True)

    class Joiner(FileOps):
        def read_bytes(self, path: Path) -> bytes:
            if path.name == layout.MARKER and reads:
                assert a_has_written.wait(timeout=120)  # B's next look comes after A's write
            data = super().read_bytes(path)
            if path.name == layout.MARKER:
                reads.append(data)
                b_has_read.set()
            return data

    def run_b() -> None:
        try:
            joined.append(engine.open_share(b, Joiner(), share))
        except Exception as exc:  # noqa: BLE001 - handed to the assertion below
            joined.append(exc)

    class Creator(FileOps):
        def _op(self, kind: str, path: Path) -> None:
            if path.name != layout.MARKER:
                return
            if kind == "write":  # created, still empty: B looks now
                b_thread.start()
                assert b_has_read.wait(timeout=120)
            elif kind == "fsync":
                a_has_written.set()

    try:
        a_group = engine.open_share(a, Creator(), share)
        assert b_has_read.is_set(), "A's marker was never there empty: it was not made in place"
        a_has_written.set()
        b_thread.join(timeout=120)  # B finishes on its own once A has written
        assert reads[0] == b"" and len(reads) >= 2
        assert joined == [a_group], joined
        _both_sync_and_see_each_other(a, b, share)
    finally:
        a.close()
        b.close()


def test_a_marker_that_failed_to_write_is_not_left_empty(tmp_path: Path) -> None:
    """The create succeeded but the disk failed before the data was safe: no empty marker
    stays behind to make the share look damaged to everyone; the next round makes it."""
    share = make_share(tmp_path)
    a = laptop(tmp_path, "a")
    try:
        failing = FileOps(FaultPlan(fail_at=1, only=frozenset({"fsync"})))
        first = sync(a, share, failing)
        assert first["state"] == "problem" and first["published"] == 0
        assert not (share / layout.MARKER).exists()
        second = sync(a, share)
        assert second["state"] == "synced", second["message"]
        assert json.loads((share / layout.MARKER).read_text(encoding="utf-8"))["format"] == layout.FORMAT
    finally:
        a.close()


def test_a_marker_left_empty_by_a_laptop_that_stopped_is_remade_once_and_everyone_joins(tmp_path: Path) -> None:
    """A laptop created the marker and stopped before writing it (killed, or the VPN dropped
    so its clean-up could not reach the share): the next laptop remakes it, no one is stuck
    with "damaged", and a second laptop joins the same team."""
    share = make_share(tmp_path)
    for sub in (layout.DEVICES, layout.SNAPSHOTS, layout.LOCKS):
        (share / sub).mkdir()
    (share / layout.MARKER).write_bytes(b"")  # what the stopped laptop left
    a, b = laptop(tmp_path, "a"), laptop(tmp_path, "b")
    try:
        first = sync(a, share)
        assert first["state"] == "synced", first["message"]
        group = json.loads((share / layout.MARKER).read_text(encoding="utf-8"))["group_id"]
        assert engine.open_share(b, FileOps(), share) == group
        _both_sync_and_see_each_other(a, b, share)
    finally:
        a.close()
        b.close()


def test_a_marker_that_is_not_empty_is_never_remade(tmp_path: Path) -> None:
    share = make_share(tmp_path)
    for sub in (layout.DEVICES, layout.SNAPSHOTS, layout.LOCKS):
        (share / sub).mkdir()
    (share / layout.MARKER).write_bytes(b'{"format": "dutydesk-sha')  # cut short: damaged, not abandoned
    a = laptop(tmp_path, "a")
    try:
        result = sync(a, share)
        assert result["state"] == "problem" and "damaged" in result["message"]
        assert (share / layout.MARKER).read_bytes() == b'{"format": "dutydesk-sha'  # left byte for byte
    finally:
        a.close()
