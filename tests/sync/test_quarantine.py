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


VALID_JSON = {"Date": "2026-03-12", "UTCDateTime": "2026-03-12T10:00:00.000000+00:00", "Boolean": True,
              "Integer": 3, "BigInteger": 3, "String": "x", "Text": "x", "JSONText": {"a": [1]}, "Float": 1.5,
              "LargeBinary": "00ff", "Numeric": "1.50", "Time": "10:00:00"}
INVALID_JSON = {"Date": "2026-13-45", "UTCDateTime": "0226-11-23T20:05:00.000000+00:00", "Integer": "three",
                "BigInteger": {"n": 3}, "String": {"not": "text"}, "Text": ["x"], "Float": "fast",
                "LargeBinary": "zz"}


def test_every_column_of_every_shared_table_accepts_its_valid_values_and_refuses_junk() -> None:
    """A check that refused good values would quarantine a whole team's work: every column type
    of every shared table is tried (a new column type must be added to these samples)."""
    from sqlalchemy.dialects import sqlite

    from app.sync import quarantine
    from app.sync.merge import shared_tables

    tables, dialect = shared_tables(), sqlite.dialect()
    for table_name, table in tables.items():
        for column in table.c:
            kind = type(column.type).__name__
            assert kind in VALID_JSON, f"no sample for {kind} ({table_name}.{column.name})"
            entry = {"table": table_name, "changes": {column.name: {"old": None, "new": VALID_JSON[kind]}}}
            assert quarantine.unapplicable(entry, tables, dialect) is None, (table_name, column.name)
            if kind in INVALID_JSON:
                entry["changes"][column.name]["new"] = INVALID_JSON[kind]
                assert quarantine.unapplicable(entry, tables, dialect), (table_name, column.name, kind)


def test_dates_and_every_kind_of_record_sync_without_being_set_aside(make_ctx, tmp_path: Path) -> None:
    import datetime as dt

    from app.rota import service as rota
    from app.team.service import ensure_officer

    share = tmp_path / "share"
    share.mkdir()
    a, b = make_ctx("a", "Ann Able"), make_ctx("b", "Bob Bell")
    sync(a, share), sync(b, share)
    ensure_officer(a, "Eve Park")
    rota.add_leave(a, "Eve Park", dt.date(2026, 3, 10), dt.date(2026, 3, 12))
    rota.add_shift(a, officer="Eve Park", start=dt.datetime(2026, 3, 10, 16, 30, tzinfo=dt.timezone.utc),
                   end=dt.datetime(2026, 3, 10, 22, 0, tzinfo=dt.timezone.utc), kind="late")
    from app.shiftlog import service as shiftlog

    shiftlog.add_entry(a, "open item", is_open=True, due=dt.date(2026, 3, 20))
    sync(a, share)
    result = sync(b, share)
    assert result["unapplied"] == 0 and result["state"] == "synced", result["message"]
