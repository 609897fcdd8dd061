"""Sync figures: merging 100,000 remote field changes, a quiet round on a big share,
publishing a busy shift's 500 entries."""

from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.context import open_context  # noqa: E402
from app.db import hlc  # noqa: E402
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


def _laptop(tmp: Path, name: str) -> tuple[Any, Path, str]:
    """A set-up data folder joined to a fresh share: (context, share, group id)."""
    import json

    share = tmp / f"share-{name}"
    share.mkdir()
    ctx = open_context(tmp / name)
    setup(ctx, officer="Local")
    service.sync_now(ctx, share)
    return ctx, share, json.loads((share / layout.MARKER).read_text())["group_id"]


def bench_merge(tmp: Path, field_changes: int = 100_000) -> float:
    ctx, share, group_id = _laptop(tmp, "merge")
    try:
        device = new_id()
        clock = hlc.pack(hlc.wall_clock_ms() - 3_600_000, 0)
        entries = []
        rows = []
        inserts = field_changes // (BASE_FIELDS + 5)
        for _ in range(inserts):
            clock += 1
            entry = _officer_insert(device, clock)
            rows.append(entry["row"])
            entries.append(entry)
        total = inserts * BASE_FIELDS
        while total < field_changes:
            clock += 1
            row = random.choice(rows)
            entries.append({"op_id": new_id(), "table": "officer", "row": row, "op": "update", "hlc": clock, "device": device,
                            "officer": "Remote", "changes": {"email": {"old": None, "new": f"{clock}@example.org"}}})
            total += 1
        _write_segments(share, group_id, device, entries, 5000)
        start = time.perf_counter()
        result = service.sync_now(ctx, share)
        elapsed = time.perf_counter() - start
        assert result["field_changes"] >= field_changes * 0.9, result
        return elapsed
    finally:
        ctx.close()


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
            "merge_100k_remote_field_changes_s": round(bench_merge(tmp), 3),
            "quiet_round_30_devices_year_s": round(bench_quiet_round(tmp), 3),
            "publish_500_entries_s": round(bench_publish(tmp), 3),
        }


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key}: {value}")
