"""Sync figures: merging 100,000 remote field changes, a quiet round on a big share,
publishing a busy shift's 500 entries."""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.context import open_context  # noqa: E402
from app.db.ids import new_id  # noqa: E402
from app.setup import setup  # noqa: E402
from app.shiftlog import service as shiftlog  # noqa: E402
from app.sync import service  # noqa: E402
from app.sync import share as layout  # noqa: E402
from app.sync.fileops import REAL  # noqa: E402
from app.sync.merge import set_meta  # noqa: E402
from app.sync.models import SyncPeer  # noqa: E402

BASE_FIELDS = 13  # fields in an Officer insert (4 of its own + 9 of SharedRecord)


def _officer_insert(device: str, version: int) -> dict[str, Any]:
    """A hand-built officer insert (bench_ops_road's load): inserts carry no "seen" in any version."""
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
    row = new_id()
    values = {"id": row, "name": f"Officer {row[-6:]}", "email": f"{row[-6:]}@example.org", "active": True,
              "notes": "", "created_at": now, "created_by": "Remote", "created_device": device, "updated_at": now,
              "updated_by": "Remote", "updated_device": device, "hlc": version, "deleted": False}
    return {"op_id": new_id(), "table": "officer", "row": row, "op": "insert", "hlc": version, "device": device,
            "officer": "Remote", "changes": {k: {"old": None, "new": v} for k, v in values.items()}}


def _write_segments(share: Path, group: str, device: str, entries: list[dict[str, Any]], per_segment: int) -> None:
    folder = share / layout.DEVICES / device
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, len(entries), per_segment):
        part = entries[start : start + per_segment]
        for i, entry in enumerate(part):
            entry["dseq"] = start + i + 1
        header = {"kind": "segment", "format_version": 1, "group_id": group, "schema": "bench", "device": device,
                  "device_name": "bench", "officer": "Remote", "first": start + 1, "last": start + len(part),
                  "count": len(part), "hlc_min": part[0]["hlc"], "hlc_max": part[-1]["hlc"],
                  "created_at": dt.datetime.now(dt.timezone.utc).isoformat()}
        name = layout.segment_name(start + 1, start + len(part))
        (folder / name).write_bytes(layout.encode(header, part))


def _laptop(tmp: Path, name: str, share: Path | None = None) -> tuple[Any, Path, str]:
    """A set-up data folder joined to ``share`` (a fresh one if None): (context, share, group id)."""
    import json

    if share is None:
        share = tmp / f"share-{name}"
        share.mkdir()
    ctx = open_context(tmp / name)
    setup(ctx, officer=name.title())
    service.sync_now(ctx, share)
    return ctx, share, json.loads((share / layout.MARKER).read_text())["group_id"]


def _field_changes(ctx: Any, after_seq: int) -> tuple[int, int]:
    """Values written since change-log row ``after_seq`` (a field rewritten with its own
    value, as the rest of a field group is, does not count): (count, last seq)."""
    from sqlalchemy import select

    from app.db.local_models import ChangeLogEntry

    count, last = 0, after_seq
    with ctx.read() as session:
        for seq, op, changes in session.execute(select(ChangeLogEntry.seq, ChangeLogEntry.op, ChangeLogEntry.changes)
                                                .where(ChangeLogEntry.seq > after_seq)):
            count += sum(1 for c in changes.values() if op == "insert" or c.get("old") != c.get("new"))
            last = max(last, seq)
    return count, last


def _team_work(ctx: Any, field_changes: int, officers: int = 4000) -> None:
    """Another laptop's weeks of work, written the way the app writes it: through the ORM in
    write transactions, so the change-log hook records each change with the heads its writer
    had ("seen") and the whole field group, exactly as a current laptop publishes them."""
    from sqlalchemy import select

    from app.team.models import Officer

    from app.sync import gcpause

    with gcpause.paused(), ctx.write() as session:  # the set-up only: thousands of ORM objects
        session.add_all(Officer(name=f"Officer {i:05d}", email=f"o{i}@example.org", role="press officer")
                        for i in range(officers))
    total, seq = _field_changes(ctx, 0)
    edit = 0
    while total < field_changes:
        edit += 1
        with gcpause.paused(), ctx.write() as session:
            for row in session.execute(select(Officer).where(Officer.name.like("Officer %"))).scalars():
                row.email = f"o{row.name[-5:]}.{edit}@example.org"
                if edit % 2 == 0:  # a role change records the whole name+role group
                    row.role = f"duty manager {edit}"
        added, seq = _field_changes(ctx, seq)
        total += added


def _old_format(ctx: Any, device: str) -> list[dict[str, Any]]:
    """The same work as an older Duty Desk (before field groups) on laptop ``device`` publishes
    it: each change has its old and new value, and no "seen"."""
    from sqlalchemy import select

    from app.db import groups
    from app.db.local_models import ChangeLogEntry
    from app.sync.engine import _entry

    with ctx.read() as session:
        rows = session.execute(select(ChangeLogEntry).order_by(ChangeLogEntry.seq)).scalars().all()
        entries = [_entry(row, i + 1) for i, row in enumerate(rows)]
    for entry in entries:
        entry["device"] = device
        entry["changes"] = {name: {k: v for k, v in change.items() if k != groups.SEEN_KEY}
                            for name, change in entry["changes"].items()}
    return entries


def _timed_round(ctx: Any, share: Path, field_changes: int) -> float:
    start = time.perf_counter()
    result = service.sync_now(ctx, share)
    elapsed = time.perf_counter() - start
    assert result["field_changes"] >= field_changes, result
    assert result["conflicts"] == 0, result  # one laptop's sequential edits are never conflicts
    return elapsed


def bench_merge(tmp: Path, field_changes: int = 100_000) -> dict[str, float]:
    """A laptop receives another laptop's 100,000 field changes (current format), then a
    third laptop receives the same work written by an older version (no "seen")."""
    remote, share, _group = _laptop(tmp, "remote")
    local, _share, _ = _laptop(tmp, "local", share)
    try:
        _team_work(remote, field_changes)
        service.sync_now(remote, share)  # published by the real publishing code
        old_device = new_id()
        old_entries = _old_format(remote, old_device)
        current = _timed_round(local, share, field_changes)
    finally:
        remote.close()
        local.close()
    older, old_share, old_group = _laptop(tmp, "older")
    try:
        _write_segments(old_share, old_group, old_device, old_entries, 5000)
        old = _timed_round(older, old_share, field_changes)
    finally:
        older.close()
    return {"merge_100k_remote_field_changes_s": round(current, 3),
            "merge_100k_old_format_field_changes_s": round(old, 3)}


def bench_quiet_round(tmp: Path, devices: int = 30, days: int = 365, rows: int = 50_000) -> float:
    ctx, share, group_id = _laptop(tmp, "quiet")
    try:
        # a year of data here already (log entries), and a year of segments from 30 laptops on the share
        from app.shiftlog.models import LogEntry
        from sqlalchemy import insert

        now = dt.datetime.now(dt.timezone.utc)
        with ctx.write() as session:
            session.info["applying_remote"] = True
            session.execute(insert(LogEntry), [
                {"id": new_id(), "chain_key": "bench", "seq": i, "officer": "Bench", "text": f"entry {i}", "category": "note",
                 "event_at": now, "recorded_at": now, "prev_hash": "0" * 64, "entry_hash": "0" * 64,
                 "created_device": "bench", "updated_device": "bench", "hlc": i}
                for i in range(rows)
            ])
        tiny = layout.encode({"kind": "segment"}, [])
        peers = []
        for d in range(devices):
            device = new_id()
            folder = share / layout.DEVICES / device
            folder.mkdir()
            for day in range(days):
                (folder / layout.segment_name(day * 20 + 1, day * 20 + 20)).write_bytes(tiny)
            layout.write_progress(REAL,
                                  folder, {"device": device, "device_name": f"laptop{d}", "officer": f"Officer {d}",
                                           "seen_at": now.isoformat(), "applied": {}, "damaged": []})
            peers.append(SyncPeer(device_id=device, applied_seq=days * 20, device_name=f"laptop{d}", officer=f"Officer {d}",
                                  max_hlc=0, last_seen_at=now, waiting=""))
        with ctx.write() as session:
            session.add_all(peers)
            set_meta(session, "group_id", group_id)
        service.sync_now(ctx, share)
        service.sync_now(ctx, share)
        start = time.perf_counter()
        result = service.sync_now(ctx, share)
        elapsed = time.perf_counter() - start
        assert result["applied"] == 0 and result["state"] == "synced", result
        return elapsed
    finally:
        ctx.close()


def bench_publish(tmp: Path, entries: int = 500) -> float:
    ctx, share, _group = _laptop(tmp, "publish")
    try:
        with ctx.write() as session:
            for i in range(entries):
                shiftlog.add_entry(ctx, f"Busy shift entry {i}: replied to a press query", session=session)
        start = time.perf_counter()
        result = service.sync_now(ctx, share)
        elapsed = time.perf_counter() - start
        assert result["published"] == entries, result
        return elapsed
    finally:
        ctx.close()


def run() -> dict[str, float | str]:
    with tempfile.TemporaryDirectory(prefix="dutydesk-bench-sync-") as folder:
        tmp = Path(folder)
        return {
            **bench_merge(tmp),
            "quiet_round_30_devices_year_s": round(bench_quiet_round(tmp), 3),
            "publish_500_entries_s": round(bench_publish(tmp), 3),
        }


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key}: {value}")
