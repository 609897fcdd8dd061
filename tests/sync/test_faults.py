"""Fault injection: every file operation of a round failing, damaged files, gaps, clocks, clones.

Each case ends with no lost data (every log entry everywhere, identical shared data) and
a clear status.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db import hlc
from app.sync import service
from app.sync.fileops import FaultPlan, FileOps
from app.sync.models import SyncQuarantine
from tests.sync.helpers import edit_officer, get_setting, log, log_texts, set_setting, shared_state, sync


@pytest.fixture
def pair(make_ctx, tmp_path: Path):
    share = tmp_path / "share"
    share.mkdir()
    a, b = make_ctx("a", "Ann"), make_ctx("b", "Bob")
    sync(a, share), sync(b, share), sync(a, share)
    return a, b, share


def settle(share: Path, *ctxs) -> None:
    for _ in range(2):
        for ctx in ctxs:
            sync(ctx, share)


def assert_converged(*ctxs) -> None:
    states = [shared_state(ctx) for ctx in ctxs]
    assert all(state == states[0] for state in states[1:])


def segments(share: Path, ctx) -> list[Path]:
    return sorted((share / "devices" / ctx.device_id).glob("seg-*.dds"))


@pytest.mark.parametrize("persistent", [False, True], ids=["once", "persistent"])
def test_fail_at_every_file_operation(pair, persistent: bool) -> None:
    a, b, share = pair
    counter = FaultPlan()
    log(a, "measure a"), log(b, "measure b")
    sync(b, share)
    sync(a, share, FileOps(counter))
    total = counter.count
    assert total >= 10
    written: set[str] = set()
    for n in range(1, total + 3):
        texts = (f"a{n}", f"b{n}")
        log(a, texts[0]), log(b, texts[1])
        set_setting(a, "counter", n)
        written.update(texts)
        if n % 4 == 0:
            sync(b, share)
        plan = FaultPlan(fail_at=n, persistent=persistent)
        result = sync(a, share, FileOps(plan))
        assert result["state"] in ("synced", "problem", "offline") and result["message"]
        if persistent and plan.count > n:
            assert result["state"] != "synced"
        assert texts[0] in log_texts(a)  # never lost locally
        assert sync(a, share)["pending"] == 0  # the next clean round publishes everything
    settle(share, a, b)
    assert written <= log_texts(a) and written <= log_texts(b)
    assert get_setting(b, "counter") == total + 2
    assert_converged(a, b)
    with b.read() as session:
        assert session.execute(select(SyncQuarantine)).first() is None  # no torn file ever got a real name


@pytest.mark.parametrize("code,words", [(errno.ENOSPC, "full"), (errno.EROFS, "read-only")])
def test_disk_full_and_read_only_share(pair, code: int, words: str) -> None:
    a, b, share = pair
    log(a, "written while the share refuses writes")
    log(b, "from bob")
    sync(b, share)
    refusing = FileOps(FaultPlan(fail_at=1, persistent=True, error=code, only=frozenset({"open", "write", "mkdir"})))
    result = sync(a, share, refusing)
    assert result["state"] == "problem" and words in result["message"]
    assert result["pending"] >= 1
    assert "from bob" in log_texts(a)  # receiving still works from a share we cannot write
    assert not list((share / "devices" / a.device_id).glob(".*part"))
    assert sync(a, share)["state"] == "synced"
    settle(share, a, b)
    assert "written while the share refuses writes" in log_texts(b)
    assert_converged(a, b)


class VanishingOps(FileOps):
    """The share is unmounted at the Nth operation (moved away), as a dropped VPN does."""

    def __init__(self, root: Path, at: int) -> None:
        super().__init__(FaultPlan())
        self.root, self.at = root, at

    def _op(self, kind: str, path: Path) -> None:
        super()._op(kind, path)
        if self.faults is not None and self.faults.count == self.at and self.root.exists():
            self.root.rename(self.root.with_name("share-unmounted"))


def test_share_disappears_mid_write(pair) -> None:
    a, b, share = pair
    for n in (3, 5, 7):
        log(a, f"entry {n}")
        result = sync(a, share, VanishingOps(share, n))
        assert result["state"] in ("offline", "problem")
        assert result["pending"] >= 1 or result["published"] >= 1
        share.with_name("share-unmounted").rename(share)
    assert sync(a, share)["state"] == "synced"
    settle(share, a, b)
    assert {"entry 3", "entry 5", "entry 7"} <= log_texts(b)
    assert_converged(a, b)


@pytest.mark.parametrize("damage", ["truncate", "bitflip", "empty"])
def test_damaged_segment_is_quarantined_then_republished(pair, damage: str) -> None:
    a, b, share = pair
    log(a, "first batch")
    sync(a, share)
    log(a, "second batch")
    sync(a, share)
    target = segments(share, a)[-2]
    data = target.read_bytes()
    if damage == "truncate":
        target.write_bytes(data[: len(data) // 2])
    elif damage == "bitflip":
        middle = len(data) // 2
        target.write_bytes(data[:middle] + bytes([data[middle] ^ 0x10]) + data[middle + 1 :])
    else:
        target.write_bytes(b"")
    result = sync(b, share)
    assert result["new_quarantined"] == 1
    assert result["state"] == "problem" and "damaged" in result["message"]
    assert "first batch" not in log_texts(b) and "second batch" not in log_texts(b)  # stopped, not half-applied
    assert target.exists()  # never deleted
    sync(a, share)  # a learns of the damage from b's progress note and publishes that range again
    settle(share, b, a)
    assert {"first batch", "second batch"} <= log_texts(b)
    assert service.status(b).state == "synced"
    assert service.status(b).quarantined == 1  # still listed for the record
    assert_converged(a, b)


def test_duplicate_range_segments_apply_once(pair) -> None:
    a, b, share = pair
    log(a, "only once")
    sync(a, share)
    original = segments(share, a)[-1]
    shutil.copyfile(original, original.with_name(original.name[:-20] + "ffffffffffffffff.dds"))
    sync(b, share), sync(b, share)
    from app.shiftlog.models import LogEntry

    with b.read() as session:
        assert len(session.execute(select(LogEntry).where(LogEntry.text == "only once")).all()) == 1
    assert service.status(b).state == "synced"


def test_sequence_gap_stops_that_device_until_filled(pair) -> None:
    a, b, share = pair
    for text in ("g1", "g2", "g3"):
        log(a, text)
        sync(a, share)
    missing = segments(share, a)[-2]
    hidden = missing.with_name("hidden.bak")
    missing.rename(hidden)
    result = sync(b, share)
    assert result["state"] == "problem" and "gap" in result["message"]
    assert "g3" not in log_texts(b)
    hidden.rename(missing)
    sync(b, share)
    assert {"g1", "g2", "g3"} <= log_texts(b)
    assert service.status(b).state == "synced"


def test_clock_hours_ahead_is_flagged_and_clock_going_back_is_harmless(pair) -> None:
    a, b, share = pair
    real = a.identity.now_ms
    a.identity.now_ms = lambda: real() + 5 * 3600 * 1000
    set_setting(a, "duty phone", "07700 900001")
    sync(a, share)
    result = sync(b, share)
    assert result["state"] == "problem" and "ahead" in result["message"]
    set_setting(b, "duty phone", "07700 900002")  # made after seeing a's future-stamped edit: it wins
    settle(share, b, a)
    assert get_setting(a, "duty phone") == get_setting(b, "duty phone") == "07700 900002"
    # a's clock is set back a day: its versions still move forward
    a.identity.now_ms = lambda: real() - 24 * 3600 * 1000
    with a.read() as session:
        from app.db.local_models import DeviceState

        before = session.execute(select(DeviceState.hlc_last)).scalar_one()
    set_setting(a, "duty phone", "07700 900003")
    with a.read() as session:
        assert session.execute(select(DeviceState.hlc_last)).scalar_one() > before
    settle(share, a, b)
    assert get_setting(b, "duty phone") == "07700 900003"
    assert_converged(a, b)
    assert hlc.unpack(before)[0] > real()  # the skew was real


def _clone(make_ctx, tmp_path: Path, source, name: str):
    source_dir = source.data_dir
    source.close()
    shutil.copytree(source_dir, tmp_path / name, ignore=shutil.ignore_patterns("*.lock", "dutydesk.lock.json"))
    return make_ctx(source_dir.name, None), make_ctx(name, None)


@pytest.mark.parametrize("same_place", [False, True], ids=["copied-folder", "cloned-disk"])
def test_cloned_device_is_rekeyed_before_publishing(make_ctx, tmp_path: Path, same_place: bool) -> None:
    share = tmp_path / "share"
    share.mkdir()
    a, b = make_ctx("a", "Ann"), make_ctx("b", "Bob")
    log(a, "before the clone")
    sync(a, share), sync(b, share)
    a, twin = _clone(make_ctx, tmp_path, a, "a-clone")
    assert twin.device_id == a.device_id
    if same_place:  # a disk image: same host and path as far as the copy can tell
        from app.sync.engine import fingerprint
        from app.sync.merge import set_meta

        with twin.write() as session:
            set_meta(session, "fingerprint", fingerprint(twin))
    log(a, "original after clone")
    log(twin, "twin after clone")
    edit_officer(twin, "Ann", email="twin@example.org")
    sync(a, share)
    result = sync(twin, share)
    assert result["rekeyed"] is True
    assert twin.device_id != a.device_id
    settle(share, a, twin, b)
    for ctx in (a, twin, b):
        assert {"before the clone", "original after clone", "twin after clone"} <= log_texts(ctx)
    assert_converged(a, twin, b)
    assert any("new device id" in e["message"] for e in service.status(twin).errors)


def test_newer_schema_records_are_parked_until_upgrade(pair) -> None:
    import datetime as dt
    import json as jsonlib

    from app.db.ids import new_id
    from app.sync import share as layout
    from app.sync.models import SyncParked

    a, b, share = pair
    group = jsonlib.loads((share / layout.MARKER).read_text())["group_id"]
    future = new_id()
    row = new_id()
    version = hlc.pack(hlc.wall_clock_ms(), 0)
    entries = [
        {"dseq": 1, "op_id": new_id(), "table": "rota_v9_swap", "row": row, "op": "insert", "hlc": version,
         "device": future, "officer": "Future", "changes": {"id": {"old": None, "new": row}}},
        {"dseq": 2, "op_id": new_id(), "table": "team_setting", "row": new_id(), "op": "insert", "hlc": version + 1,
         "device": future, "officer": "Future", "changes": {"id": {"old": None, "new": "x"}, "colour_v9": {"old": None, "new": "red"}}},
    ]
    header = {"kind": "segment", "format_version": 1, "group_id": group, "schema": "9999_future", "device": future,
              "device_name": "new laptop", "officer": "Future", "first": 1, "last": 2, "count": 2,
              "hlc_min": version, "hlc_max": version + 1, "created_at": dt.datetime.now(dt.timezone.utc).isoformat()}
    folder = share / "devices" / future
    folder.mkdir()
    (folder / layout.segment_name(1, 2)).write_bytes(layout.encode(header, entries))
    result = sync(b, share)
    assert result["parked"] == 2 and result["state"] == "problem" and "newer Duty Desk" in result["message"]
    with b.read() as session:
        assert len(session.execute(select(SyncParked)).all()) == 2  # kept, not dropped
    log(a, "ordinary work goes on")
    sync(a, share), sync(b, share)
    assert "ordinary work goes on" in log_texts(b)


def test_compaction_respects_another_laptops_lease(pair) -> None:
    from app.errors import DutyDeskError
    from app.sync import share as layout
    from app.sync.fileops import REAL

    a, b, share = pair
    lease = layout.acquire_lease(REAL, share, "compact", b.device_id)
    with pytest.raises(DutyDeskError, match="compacting"):
        service.compact(a, share)
    lease.release()
    assert service.compact(a, share)["snapshot"].startswith("snap-")
