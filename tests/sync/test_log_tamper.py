"""Tamper evidence across the team: every tampering case of issue 11 is caught by
``log verify`` on the laptop where it happens, and normal multi-laptop use (one officer
on two laptops, a restore from backup, a cloned folder) never raises an alarm."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from app.context import open_context
from app.shiftlog import chain
from app.shiftlog import service as shiftlog
from app.shiftlog.verify import verify
from tests.sync.helpers import sync


def _db(ctx) -> sqlite3.Connection:
    return sqlite3.connect(ctx.db_path)


def _team(make_ctx, tmp_path: Path):
    """Ann writes a shift of five entries on laptop a; Bob's laptop b has synced it."""
    share = tmp_path / "share"
    share.mkdir()
    a, b = make_ctx("a", "Ann Able"), make_ctx("b", "Bob Bell")
    sync(a, share), sync(b, share)
    shift = shiftlog.start_shift(a, checkins=False)
    entries = [shiftlog.add_entry(a, f"entry {i}") for i in range(1, 6)]
    sync(a, share), sync(b, share)
    assert verify(a).ok and verify(b).ok
    return share, a, b, shift, entries


def _broken(ctx) -> list[str]:
    result = verify(ctx)
    assert not result.ok, "tampering went unnoticed"
    return [p.describe() for p in result.problems]


@pytest.mark.parametrize("where", ["a", "b"])
def test_deleting_the_last_synced_entries_is_caught(make_ctx, tmp_path, where):
    share, a, b, shift, entries = _team(make_ctx, tmp_path)
    ctx = {"a": a, "b": b}[where]
    with _db(ctx) as conn:
        conn.execute("DELETE FROM log_entry WHERE id IN (?, ?)", (entries[3].id, entries[4].id))
        conn.execute("DELETE FROM change_log WHERE row_id IN (?, ?)", (entries[3].id, entries[4].id))
    problems = _broken(ctx)
    assert any("up to #5" in p and "deleted" in p for p in problems)


def test_deleting_a_whole_shift_and_its_chain_is_caught(make_ctx, tmp_path):
    share, a, b, shift, entries = _team(make_ctx, tmp_path)
    with _db(b) as conn:
        conn.execute("DELETE FROM log_entry WHERE shift_id = ?", (shift.id,))
        conn.execute("DELETE FROM shift WHERE id = ?", (shift.id,))
    problems = _broken(b)
    assert any("deleted after they were synced" in p for p in problems)


def test_forgetting_the_heads_locally_does_not_help_while_the_share_is_there(make_ctx, tmp_path):
    share, a, b, shift, entries = _team(make_ctx, tmp_path)
    with _db(b) as conn:
        conn.execute("DELETE FROM log_entry WHERE id = ?", (entries[4].id,))
        conn.execute("DELETE FROM sync_meta WHERE key = 'log_heads'")
    assert any("up to #5" in p for p in _broken(b))


def _forge_after(ctx, last, text: str) -> str:
    """Append an entry behind the app's back, with a correct hash linking to ``last``."""
    forged_id = "01aaaaaa-0000-7000-8000-000000000001"
    with _db(ctx) as conn:
        conn.row_factory = sqlite3.Row
        row = dict(conn.execute("SELECT * FROM log_entry WHERE id = ?", (last.id,)).fetchone())
        row.update(id=forged_id, seq=row["seq"] + 1, text=text, prev_hash=row["entry_hash"])
        conn.execute(f"INSERT INTO log_entry ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
    with ctx.read() as session:
        from app.shiftlog.models import LogEntry

        entry = session.get(LogEntry, forged_id)
        digest = chain.entry_hash(entry.prev_hash, entry)
    with _db(ctx) as conn:
        conn.execute("UPDATE log_entry SET entry_hash = ? WHERE id = ?", (digest, forged_id))
    return forged_id


@pytest.mark.parametrize("where", ["a", "b"])
def test_appending_a_forged_entry_is_caught(make_ctx, tmp_path, where):
    share, a, b, shift, entries = _team(make_ctx, tmp_path)
    ctx = {"a": a, "b": b}[where]
    forged = _forge_after(ctx, entries[4], "Press office approved the statement")
    result = verify(ctx)
    assert [p.entry_id for p in result.problems] == [forged]
    assert "behind the app's back" in result.problems[0].problem


def test_rewriting_an_entry_and_rehashing_the_rest_is_caught(make_ctx, tmp_path):
    share, a, b, shift, entries = _team(make_ctx, tmp_path)
    from app.shiftlog.models import LogEntry

    with b.write() as session:  # rewritten with every later hash recomputed: the chain itself is consistent
        session.info["applying_remote"] = True  # and not even recorded for sync
        rows = session.query(LogEntry).filter(LogEntry.shift_id == shift.id).order_by(LogEntry.seq).all()
        rows[1].text = "entry 2, as we would rather have said it"
        prev = rows[1].prev_hash
        for row in rows[1:]:
            row.prev_hash = prev
            row.entry_hash = prev = chain.entry_hash(prev, row)
    with _db(b) as conn:
        conn.execute("DELETE FROM change_log WHERE table_name = 'log_entry' AND op = 'update'")
    problems = _broken(b)
    assert any("rewritten after it was synced" in p for p in problems)


@pytest.mark.parametrize("column, value", [("officer", "Bob Bell"), ("started_at", "2026-11-23T18:00:00.000000+00:00"),
                                           ("created_by", "Bob Bell")])
def test_changing_the_shift_row_is_caught(make_ctx, tmp_path, column, value):
    share, a, b, shift, entries = _team(make_ctx, tmp_path)
    with _db(b) as conn:
        conn.execute(f"UPDATE shift SET {column} = ? WHERE id = ?", (value, shift.id))
    assert any("shift record was changed" in p for p in _broken(b))


def test_changing_the_end_of_a_shift_is_caught(make_ctx, tmp_path):
    share, a, b, shift, entries = _team(make_ctx, tmp_path)
    shiftlog.end_shift(a, handover="All quiet; BBC to call back")
    sync(a, share), sync(b, share)
    assert verify(b).ok
    with _db(b) as conn:
        conn.execute("UPDATE shift SET handover = 'Nothing to hand over' WHERE id = ?", (shift.id,))
    assert any("handover note" in p for p in _broken(b))


@pytest.mark.parametrize("column", ["created_by", "updated_by", "created_device", "officer"])
def test_changing_who_wrote_an_entry_is_caught(make_ctx, tmp_path, column):
    share, a, b, shift, entries = _team(make_ctx, tmp_path)
    with _db(b) as conn:
        conn.execute(f"UPDATE log_entry SET {column} = 'Someone Else' WHERE id = ?", (entries[2].id,))
    result = verify(b)
    assert result.problems[0].entry_id == entries[2].id and "altered" in result.problems[0].problem


def test_an_unsynced_entry_removed_from_its_own_laptop_is_caught_unless_the_change_log_goes_too(make_ctx, tmp_path):
    share, a, b, shift, entries = _team(make_ctx, tmp_path)
    late = shiftlog.add_entry(a, "not synced yet")
    with _db(a) as conn:
        conn.execute("DELETE FROM log_entry WHERE id = ?", (late.id,))
    assert [p.entry_id for p in verify(a).problems] == [late.id]
    with _db(a) as conn:  # the owner rewrites their own database before syncing: documented as undetectable
        conn.execute("DELETE FROM change_log WHERE row_id = ?", (late.id,))
    assert verify(a).ok


def test_cli_names_the_broken_entry(make_ctx, tmp_path, cli):
    share, a, b, shift, entries = _team(make_ctx, tmp_path)
    with _db(b) as conn:
        conn.execute("UPDATE log_entry SET text = 'doctored' WHERE id = ?", (entries[1].id,))
    b.close()
    result = cli("log", "verify", data=tmp_path / "b")
    assert result.code == 1 and entries[1].id in result.err and "Traceback" not in result.err


# --- normal use never alarms ---------------------------------------------------------
def _all_ok(*ctxs) -> None:
    for ctx in ctxs:
        result = verify(ctx)
        assert result.ok, [p.describe() for p in result.problems]


def test_one_officer_on_two_laptops_never_alarms(make_ctx, tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    a, c, b = make_ctx("a", "Ann Able"), make_ctx("c", "Ann Able"), make_ctx("b", "Bob Bell")
    for ctx in (a, c, b):
        sync(ctx, share)
    shift = shiftlog.start_shift(a, checkins=False)
    shiftlog.add_entry(a, "on the desktop")
    sync(a, share), sync(c, share)
    for i in range(3):  # both laptops write to the same running shift, syncing in between or not
        shiftlog.add_entry(a, f"desktop {i}")
        shiftlog.add_entry(c, f"laptop {i}")
        shiftlog.add_entry(b, f"Bob outside a shift {i}")
        if i != 1:
            for ctx in (a, c, b):
                sync(ctx, share)
    for _ in range(2):
        for ctx in (a, c, b):
            sync(ctx, share)
    _all_ok(a, b, c)
    texts = [e.text for e in shiftlog.list_entries(b, where=shiftlog.EntryFilter(shift_id=shift.id))]
    assert len(texts) == 7 and {"laptop 2", "desktop 2"} <= set(texts)


def _backup(ctx, to: Path) -> None:
    with sqlite3.connect(ctx.db_path) as src, sqlite3.connect(to) as dst:
        src.backup(dst)


def test_restoring_a_data_folder_from_backup_never_alarms(make_ctx, tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    a, b = make_ctx("a", "Ann Able"), make_ctx("b", "Bob Bell")
    sync(a, share), sync(b, share)
    shiftlog.start_shift(a, checkins=False)
    shiftlog.add_entry(a, "before the backup")
    sync(a, share)
    _backup(a, tmp_path / "backup.db")
    shiftlog.add_entry(a, "after the backup, synced")
    shiftlog.add_entry(b, "Bob meanwhile")
    sync(a, share), sync(b, share)
    db_path = a.db_path
    a.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    shutil.copy(tmp_path / "backup.db", db_path)
    restored = open_context(tmp_path / "a")
    try:
        shiftlog.add_entry(restored, "after the restore")
        for _ in range(2):
            sync(restored, share), sync(b, share)
        _all_ok(restored, b)
        texts = {e.text for e in shiftlog.list_entries(restored, where=shiftlog.EntryFilter())}
        assert {"before the backup", "after the backup, synced", "after the restore", "Bob meanwhile"} <= texts
    finally:
        restored.close()


def test_a_cloned_data_folder_never_alarms(make_ctx, tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    a, b = make_ctx("a", "Ann Able"), make_ctx("b", "Bob Bell")
    sync(a, share), sync(b, share)
    shiftlog.start_shift(a, checkins=False)
    shiftlog.add_entry(a, "before the clone")
    sync(a, share)
    a.close()
    shutil.copytree(tmp_path / "a", tmp_path / "clone", ignore=shutil.ignore_patterns("*.lock"))
    a = open_context(tmp_path / "a")
    clone = open_context(tmp_path / "clone")
    try:
        shiftlog.add_entry(a, "original after the clone")
        shiftlog.add_entry(clone, "clone before its first sync")  # same chain, same number: a fork
        for _ in range(2):
            for ctx in (a, clone, b):
                sync(ctx, share)
        _all_ok(a, clone, b)
        texts = {e.text for e in shiftlog.list_entries(b, where=shiftlog.EntryFilter())}
        assert {"original after the clone", "clone before its first sync"} <= texts
    finally:
        a.close()
        clone.close()


def test_logs_written_by_the_old_one_chain_per_shift_scheme_still_verify(make_ctx, tmp_path, monkeypatch):
    """Old data: one chain per shift, numbered by whichever laptop wrote (the permanent
    "numbering jumps from #2 to #2" alarm): accepted as a fork, and altering it still shows."""
    share = tmp_path / "share"
    share.mkdir()
    a, c = make_ctx("a", "Ann Able"), make_ctx("c", "Ann Able")
    sync(a, share), sync(c, share)
    monkeypatch.setattr(chain, "chain_key", lambda shift_id, officer, device: shift_id or f"outside:{officer}:{device}")
    monkeypatch.setattr(chain, "HASHED_FIELDS", chain.LEGACY_FIELDS)
    shiftlog.start_shift(a, checkins=False)
    shiftlog.add_entry(a, "one")
    sync(a, share), sync(c, share)
    twins = [shiftlog.add_entry(a, "two on a"), shiftlog.add_entry(c, "two on c")]
    monkeypatch.undo()
    sync(a, share), sync(c, share), sync(a, share)
    assert {t.seq for t in twins} == {2}
    _all_ok(a, c)
    with _db(c) as conn:
        conn.execute("UPDATE log_entry SET text = 'two, doctored' WHERE id = ?", (twins[0].id,))
    assert verify(c).problems[0].entry_id == twins[0].id


def test_one_shift_ended_on_two_laptops_at_once_never_alarms(make_ctx, tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    a, c = make_ctx("a", "Ann Able"), make_ctx("c", "Ann Able")
    sync(a, share), sync(c, share)
    shiftlog.start_shift(a, checkins=False)
    shiftlog.add_entry(a, "one")
    sync(a, share), sync(c, share)
    shiftlog.end_shift(a, handover="from the desktop")
    shiftlog.end_shift(c, handover="from the laptop", finished_safely=False)
    for _ in range(2):
        sync(a, share), sync(c, share)
    _all_ok(a, c)
    with _db(c) as conn:
        conn.execute("UPDATE shift SET handover = 'nothing to hand over'")
    assert any("handover note" in p for p in _broken(c))


def test_chain_keys_of_both_schemes_are_told_apart():
    device = "01a23456-96d3-7e2e-91d3-698b3cc1ef41"
    assert chain.is_per_laptop(chain.chain_key("01a23456-0000-7000-8000-000000000001", "Ann", device))
    assert chain.device_of(chain.chain_key(None, "ann@city.gov.uk", device)) == device
    assert not chain.is_per_laptop(f"outside:ann@city.gov.uk:{device}")  # old scheme, officer named by e-mail
    assert not chain.is_per_laptop("01a23456-0000-7000-8000-000000000001")
