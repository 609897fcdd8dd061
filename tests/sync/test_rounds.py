"""Whole sync rounds between several real data folders and one real share folder."""

from __future__ import annotations

import json
from pathlib import Path

from app.sync import service
from tests.sync.helpers import (
    add_officer, edit_officer, get_setting, log, log_texts, officer_emails, set_setting, shared_state, sync,
)


def test_done_when_three_laptops_one_offline_one_conflict(make_ctx, tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    a, b, c = make_ctx("a", "Ann"), make_ctx("b", "Bob"), make_ctx("c", "Cat")
    for ctx in (a, b, c):
        assert sync(ctx, share)["state"] == "synced"
    for ctx in (a, b, c):
        sync(ctx, share)
    # "rota" edits on a and b while c is offline; log entries everywhere; one conflicting edit
    add_officer(a, "Dee Duty", "dee@example.org")
    set_setting(a, "rota.week48", {"mon": "Ann", "tue": "Bob"})
    sync(a, share)
    sync(b, share)
    set_setting(b, "rota.week49", {"mon": "Cat"})
    edit_officer(a, "Dee Duty", email="dee@city.gov")
    edit_officer(b, "Dee Duty", email="dee.duty@police.uk")  # concurrent with a's edit
    for ctx, text in ((a, "Press call from BBC"), (b, "Tweet scheduled"), (c, "Offline note from Cat")):
        log(ctx, text)
    offline = sync(c, tmp_path / "no-such-share")
    assert offline["state"] == "offline"
    for _ in range(2):
        for ctx in (a, b, c):
            sync(ctx, share)
    states = [shared_state(ctx) for ctx in (a, b, c)]
    assert states[0] == states[1] == states[2]
    assert log_texts(a) >= {"Press call from BBC", "Tweet scheduled", "Offline note from Cat"}
    assert get_setting(c, "rota.week49") == {"mon": "Cat"}
    winner = officer_emails(a)["Dee Duty"]
    assert winner in ("dee@city.gov", "dee.duty@police.uk")
    listed = [service.list_conflicts(ctx) for ctx in (a, b)]
    assert any(listed), "the conflicting edit is listed"
    for items in listed:
        for conflict in items:
            assert {conflict.local_value, conflict.remote_value} == {"dee@city.gov", "dee.duty@police.uk"}
    assert service.status(a).state == "conflicts"


def test_resolve_keeps_chosen_value_everywhere(make_ctx, tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    a, b = make_ctx("a", "Ann"), make_ctx("b", "Bob")
    set_setting(a, "escalation", "call duty manager")
    sync(a, share), sync(b, share)
    set_setting(a, "escalation", "text the press office")
    set_setting(b, "escalation", "phone the chief")
    sync(a, share), sync(b, share), sync(a, share)
    loser_side = a if service.list_conflicts(a) else b
    conflict = service.list_conflicts(loser_side)[0]
    service.resolve(loser_side, conflict.id, "local")
    for _ in range(2):
        sync(a, share), sync(b, share)
    assert get_setting(a, "escalation") == get_setting(b, "escalation") == conflict.local_value
    assert not service.list_conflicts(loser_side)


def test_sequential_edits_are_not_conflicts_and_tombstones_sync(make_ctx, tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    a, b = make_ctx("a", "Ann"), make_ctx("b", "Bob")
    set_setting(a, "k", 1)
    sync(a, share), sync(b, share)
    set_setting(b, "k", 2)
    sync(b, share), sync(a, share)
    set_setting(a, "k", 3)
    sync(a, share), sync(b, share)
    assert get_setting(b, "k") == 3
    assert not service.list_conflicts(a) and not service.list_conflicts(b)
    with a.write() as session:
        from sqlalchemy import select

        from app.team.models import TeamSetting

        session.execute(select(TeamSetting).where(TeamSetting.key == "k")).scalar_one().deleted = True
    sync(a, share), sync(b, share)
    assert get_setting(b, "k") is None
    assert shared_state(a) == shared_state(b)


def test_replaying_twice_changes_nothing(make_ctx, tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    a, b = make_ctx("a", "Ann"), make_ctx("b", "Bob")
    log(a, "one")
    sync(a, share), sync(b, share)
    before = shared_state(b)
    with b.write() as session:  # forget the high-water mark: everything is read again
        from sqlalchemy import update

        from app.sync.models import SyncPeer

        session.execute(update(SyncPeer).values(applied_seq=0))
    again = sync(b, share)
    assert again["applied"] == 0
    assert shared_state(b) == before


def test_share_states_missing_empty_foreign(make_ctx, tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    a = make_ctx("a", "Ann")
    log(a, "kept")
    assert sync(a, share)["state"] == "synced"
    # share folder missing: offline, with the waiting changes counted
    log(a, "later")
    moved = tmp_path / "share-away"
    share.rename(moved)
    result = sync(a, share)
    assert result["state"] == "offline" and "1 change waiting" in result["message"]
    # empty root (unmounted): offline too, and nothing is deleted locally
    share.mkdir()
    assert sync(a, share)["state"] == "offline"
    assert {"kept", "later"} <= log_texts(a)
    share.rmdir()
    moved.rename(share)
    assert sync(a, share)["state"] == "synced"
    # a share of another team is refused
    other = tmp_path / "other"
    other.mkdir()
    b = make_ctx("b", "Bob")
    sync(b, other)
    refused = sync(a, other)
    assert refused["state"] == "problem" and "another Duty Desk team" in refused["message"]
    assert refused["published"] == 0 and not list((other / "devices").glob(f"{a.device_id}*"))


def test_new_laptop_joins_from_snapshot_after_compaction(make_ctx, tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    a, b = make_ctx("a", "Ann"), make_ctx("b", "Bob")
    for i in range(30):
        log(a, f"entry {i}")
    set_setting(b, "team", "comms")
    sync(a, share), sync(b, share), sync(a, share), sync(b, share)
    result = service.compact(a, share)
    assert result["retired_segments"] >= 1
    assert not list((share / "devices" / a.device_id).glob("seg-*"))
    c = make_ctx("c", "Cat")
    sync(c, share), sync(c, share)
    assert {f"entry {i}" for i in range(30)} <= log_texts(c)
    sync(a, share), sync(b, share)
    assert shared_state(a) == shared_state(b) == shared_state(c)


def test_cli_json_contract(cli, data_dir: Path, tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    assert cli("setup", "--officer", "Ann").code == 0
    done = cli("sync", "--share", str(share), "--json")
    data = json.loads(done.out)
    for key in ("published", "applied", "conflicts", "quarantined", "state", "message"):
        assert key in data
    assert data["state"] == "synced" and data["published"] >= 1
    status = json.loads(cli("sync", "status", "--json").out)
    assert status["state"] == "synced" and status["share"] == str(share)
    assert json.loads(cli("sync", "conflicts", "--json").out) == []
    missing = cli("sync", "resolve", "99", "--keep", "local")
    assert missing.code == 2 and "No conflict" in missing.err
    compacted = cli("sync", "compact")
    assert compacted.code == 0 and "Snapshot" in compacted.out
