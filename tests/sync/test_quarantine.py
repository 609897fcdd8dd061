"""Quarantine records, not rounds: a remote record that cannot be applied is set aside
with its id and reason, everything else syncs, and the status says so in words."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from app.shiftlog.models import LogEntry
from app.sync import share as layout
from app.sync.models import SyncParked
from tests.sync.helpers import get_setting, log, log_texts, set_setting, sync


def _rewrite_segment(share: Path, device_id: str, change: callable) -> None:
    """Edit the records of a laptop's segments as a faulty (older, buggy) version would have written them."""
    folder = layout.device_dir(share, device_id)
    for name in sorted(n for n in folder.iterdir() if layout.parse_segment_name(n.name)):
        header, body = layout.decode(name.read_bytes())
        for entry in body:
            change(entry)
        name.write_bytes(layout.encode({k: v for k, v in header.items() if not k.startswith("body_")}, body))


def _poison(entry: dict) -> None:
    if entry["table"] != "log_entry":
        return
    text = entry["changes"]["text"]["new"]
    if text == "unparseable":
        entry["changes"]["event_at"]["new"] = "226-11-23T20:05:00.000000+00:00"  # strftime('%Y') of year 226
    elif text == "out of range":
        entry["changes"]["event_at"]["new"] = "0226-11-23T20:05:00.000000+00:00"
    elif text == "not null":
        entry["changes"]["officer"]["new"] = None  # refused by the database itself
    elif text == "wrong type":
        entry["changes"]["seq"]["new"] = {"not": "a number"}


def test_a_bad_record_is_set_aside_and_everything_else_syncs(make_ctx, tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    a, b = make_ctx("a", "Ann Able"), make_ctx("b", "Bob Bell")
    sync(a, share), sync(b, share)
    for text in ("before", "unparseable", "out of range", "not null", "wrong type", "after"):
        log(a, text)
    set_setting(a, "escalation", "call duty manager")
    assert sync(a, share)["state"] == "synced"
    _rewrite_segment(share, a.device_id, _poison)

    result = sync(b, share)
    assert log_texts(b) >= {"before", "after"}
    assert not log_texts(b) & {"unparseable", "out of range", "not null", "wrong type"}
    assert get_setting(b, "escalation") == "call duty manager"
    assert result["state"] == "problem" and result["unapplied"] == 4
    assert result["message"].startswith("4 records from Ann Able's laptop could not be applied")
    assert "everything else synced" in result["message"]
    with b.read() as session:
        reasons = {p.entry["changes"]["text"]["new"]: p.reason for p in session.execute(select(SyncParked)).scalars()}
    assert "date" in reasons["unparseable"] and "out of range" in reasons["out of range"]
    assert set(reasons) == {"unparseable", "out of range", "not null", "wrong type"}

    # the round goes on: later changes from a still arrive, the bad records stay set aside
    log(a, "later still")
    sync(a, share)
    again = sync(b, share)
    assert "later still" in log_texts(b) and again["unapplied"] == 4
    with b.read() as session:
        assert session.execute(select(LogEntry).where(LogEntry.text == "unparseable")).first() is None


def test_status_names_the_record_and_what_to_do(cli, make_ctx, tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    a = make_ctx("a", "Ann Able")
    sync(a, share)
    log(a, "unparseable")
    log(a, "fine")
    sync(a, share)
    _rewrite_segment(share, a.device_id, _poison)
    data = tmp_path / "b"
    assert cli("setup", "--officer", "Bob Bell", data=data).code == 0
    synced = cli("sync", "--share", str(share), "--json", data=data)
    report = json.loads(synced.out)
    assert synced.code == 1 and report["state"] == "problem" and report["unapplied"] == 1
    assert report["message"].startswith("1 record from Ann Able's laptop could not be applied")
    status = cli("sync", "status", "--json", data=data)
    current = json.loads(status.out)
    assert current["state"] == "problem" and len(current["unapplied"]) == 1
    item = current["unapplied"][0]
    assert item["table"] == "log_entry" and item["officer"] == "Ann Able" and item["op_id"]
    text = cli("sync", "status", data=data)
    assert text.out.startswith("problem: 1 record from Ann Able's laptop could not be applied")
    assert "set aside: record" in text.out and "Traceback" not in text.out + text.err
    listed = json.loads(cli("log", "search", "fine", "--json", data=data).out)
    assert [e["text"] for e in listed] == ["fine"]
    assert json.loads(cli("log", "search", "unparseable", "--json", data=data).out) == []
