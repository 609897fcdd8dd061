"""States that clear themselves: stray files on the share are ignored with one notice,
clock warnings name only the laptop whose clock is wrong and clear when it is fixed, a
stray copy of a laptop's own segment never re-keys it. Real data folders, a real share."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.shiftlog import service as shiftlog
from app.sync import service
from app.sync import share as layout
from tests.sync.helpers import log, log_texts, set_setting, sync


@pytest.fixture
def team(make_ctx, tmp_path: Path):
    share = tmp_path / "share"
    share.mkdir()
    a, b = make_ctx("a", "Ann Able"), make_ctx("b", "Bob Bell")
    for ctx in (a, b, a):
        sync(ctx, share)
    return a, b, share


def _segments(share: Path, ctx) -> list[Path]:
    return sorted((share / "devices" / ctx.device_id).glob("seg-*.dds"))


def _notices(ctx, word: str) -> list[str]:
    return [e["message"] for e in service.status(ctx).errors if word in e["message"]]


def _rounds(share: Path, *ctxs, times: int = 2) -> None:
    for _ in range(times):
        for ctx in ctxs:
            sync(ctx, share)


def test_a_device_folder_copied_under_a_new_name_is_ignored_with_one_notice(team) -> None:
    a, b, share = team
    log(a, "first")
    sync(a, share)
    copy = share / "devices" / f"{a.device_id} - Copy"
    shutil.copytree(share / "devices" / a.device_id, copy)
    from app.sync.models import SyncPeer, SyncQuarantine

    with b.write() as session:  # what an older version recorded about the copy: "damaged" forever
        first_file = sorted(copy.glob("seg-*.dds"))[0].name
        session.add(SyncQuarantine(path=f"{copy.name}/{first_file}", device_id=copy.name,
                                   reason="it names another device than the folder it is in", size=1))
        session.add(SyncPeer(device_id=copy.name, applied_seq=0, max_hlc=0, waiting="one of its files is damaged"))
    log(a, "second")
    _rounds(share, a, b, times=3)
    current = service.status(b)
    assert current.state == "synced", current.message
    assert current.quarantined == 0 and all(not d.waiting for d in current.devices)
    assert {"first", "second"} <= log_texts(b)
    assert len(_notices(b, "is a copy of laptop")) == 1


def test_a_stray_higher_numbered_segment_is_not_a_gap(team) -> None:
    a, b, share = team
    log(a, "one")
    sync(a, share)
    original = _segments(share, a)[-1]
    stray = original.with_name(layout.segment_name(50, 50))  # e.g. a file tool's copy under a new number
    shutil.copyfile(original, stray)
    log(b, "b's change")
    sync(b, share)
    shutil.copyfile(_segments(share, b)[-1], stray.with_name(layout.segment_name(60, 60)))  # another laptop's file
    shutil.copyfile(original, original.with_name(layout.segment_name(1, 1)))  # renamed into a used number
    log(a, "two")
    _rounds(share, a, b, times=3)
    current = service.status(b)
    assert current.state == "synced", current.message
    assert {"one", "two"} <= log_texts(b)
    notices = _notices(b, "stray copy")
    assert current.quarantined == 0 and len(notices) == len(set(notices))
    assert any(stray.name in n for n in notices) and any("seg-0000000060" in n for n in notices)
    _rounds(share, a, b)
    assert _notices(b, "stray copy") == notices  # once only


def test_a_real_gap_is_still_reported_and_clears_when_filled(team) -> None:
    a, b, share = team
    for text in ("g1", "g2", "g3"):
        log(a, text)
        sync(a, share)
    missing = _segments(share, a)[-2]
    hidden = missing.rename(missing.with_name("hidden.bak"))
    assert "gap" in sync(b, share)["message"]
    hidden.rename(missing)
    sync(b, share)
    assert service.status(b).state == "synced"


def test_clock_warning_names_only_the_wrong_laptop_and_clears_when_fixed(team, make_ctx) -> None:
    a, b, share = team
    c = make_ctx("c", "Cat Cole")
    sync(c, share)
    real = a.identity.now_ms
    a.identity.now_ms = lambda: real() + 5 * 3600 * 1000
    set_setting(a, "duty phone", "07700 900001")
    sync(a, share)
    sync(b, share)
    set_setting(b, "duty phone", "07700 900002")  # b's versions now carry a's future: b is still right
    _rounds(share, b, c, a)
    for ctx in (b, c):
        current = service.status(ctx)
        assert current.state == "problem" and "Ann Able's laptop" in current.message and "5.0 hours ahead" in current.message
        assert "Bob Bell" not in current.message and "Cat Cole" not in current.message
    assert "This laptop's clock is 5.0 hours ahead" in service.status(a).message
    a.identity.now_ms = real  # fixed
    _rounds(share, a, b, c)
    for ctx in (a, b, c):
        current = service.status(ctx)
        assert current.state == "synced", current.message


def test_a_stray_copy_of_its_own_segment_never_rekeys_a_laptop(team) -> None:
    a, b, share = team
    first = shiftlog.add_entry(a, "outside a shift, #1")
    sync(a, share)
    before = a.device_id
    original = _segments(share, a)[-1]
    seg = layout.parse_segment_name(original.name)
    shutil.copyfile(original, original.with_name(layout.segment_name(seg.first, seg.last)))  # a file-sync tool's copy
    (original.parent / layout.segment_name(seg.last + 7, seg.last + 7)).write_bytes(b"not a segment")
    for _ in range(3):
        result = sync(a, share)
        assert result["rekeyed"] is False and result["published"] == 0
    assert a.device_id == before
    second = shiftlog.add_entry(a, "outside a shift, #2")
    assert (first.seq, second.seq) == (1, 2)  # numbering does not restart
    assert len(_notices(a, "was not written by this laptop's sync")) == 2
    _rounds(share, a, b)
    assert service.status(b).state == "synced" and "outside a shift, #2" in log_texts(b)
