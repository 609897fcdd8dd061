"""Snapshots and the manifest of what they cover; retiring old segments.

``compact`` (under an expiring lease) writes the whole shared state of this laptop as
one snapshot file plus a manifest naming it and the sequence it covers for every device.
A laptop that joins (or was away longer than old segments are kept) starts from the
newest snapshot and replays only the segments after it. Each laptop deletes only its
own segments, and only those that the newest snapshot covers and every active laptop
has applied.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from app.context import AppContext
from app.db.base import utcnow
from app.db.groups import STATE_PREFIX, upsert_versions
from app.db.local_models import DeviceState
from app.db.values import to_json_value
from app.sync import share as layout
from app.sync import team
from app.sync.engine import schema_text
from app.sync.fileops import FileOps
from app.sync.merge import _load_versions, _save_versions, apply_entries, get_meta, set_meta, shared_tables
from app.sync.models import SyncFieldVersion, SyncParked, SyncPeer, SyncPublished

ACTIVE_DAYS = 30
SNAPSHOTS_KEPT = 2


def latest_manifest(ops: FileOps, root: Path) -> dict[str, Any] | None:
    folder = root / layout.SNAPSHOTS
    if not ops.is_dir(folder):
        return None
    for name in sorted((n for n in ops.listdir(folder) if layout.MANIFEST_RE.match(n)), reverse=True):
        try:
            manifest = json.loads(ops.read_bytes(folder / name).decode("utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(manifest, dict) and "snapshot" in manifest:
            manifest["name"] = name
            return manifest
    return None


def build_snapshot(ctx: AppContext, group: str) -> tuple[dict[str, Any], dict[str, Any]]:
    tables = shared_tables()
    with ctx.read() as session:
        rows = {
            name: [{k: to_json_value(v) for k, v in r.items()} for r in session.execute(select(table)).mappings()]
            for name, table in tables.items()
        }
        fv = SyncFieldVersion.__table__
        versions = [list(r) for r in session.execute(select(fv.c.table_name, fv.c.row_id, fv.c.field, fv.c.hlc, fv.c.device_id))]
        heads = [list(r) for r in session.execute(select(fv.c.table_name, fv.c.row_id, fv.c.field, fv.c.hlc, fv.c.device_id,
                                                         fv.c.base).where(fv.c.field.like(f"{STATE_PREFIX}%")))]
        parked = [p.entry for p in session.execute(select(SyncParked)).scalars()]
        covers = {p.device_id: p.applied_seq for p in session.execute(select(SyncPeer)).scalars()}
        covers[ctx.device_id] = get_meta(session, "publish_seq", 0)
        clock = session.execute(select(DeviceState.hlc_last)).scalar_one()
    header = {
        "kind": "snapshot", "format_version": layout.FORMAT_VERSION, "group_id": group,
        "schema": schema_text(), "device": ctx.device_id, "covers": covers,
        "hlc": clock, "rows": sum(len(v) for v in rows.values()), "created_at": utcnow().isoformat(),
    }
    return header, {"tables": rows, "versions": versions, "parked": parked, "group_heads": heads}


def compact(ctx: AppContext, ops: FileOps, root: Path, group: str) -> dict[str, Any]:
    lease = layout.acquire_lease(ops, root, "compact", ctx.device_id)
    try:
        header, body = build_snapshot(ctx, group)
        folder = root / layout.SNAPSHOTS
        ops.mkdir(folder)
        stamp = f"{header['hlc']:020d}-{layout.nonce()}"
        data = layout.encode(header, body)
        name = f"snap-{stamp}.dds"
        size = layout.publish_file(ops, folder, name, data)
        manifest = {
            "snapshot": name, "covers": header["covers"], "device": ctx.device_id, "size": size,
            "sha256": hashlib.sha256(data).hexdigest(), "created_at": header["created_at"], "rows": header["rows"],
        }
        layout.publish_file(ops, folder, f"manifest-{stamp}.json", json.dumps(manifest, indent=1, sort_keys=True).encode())
        _prune_snapshots(ops, folder)
    finally:
        try:
            lease.release()
        except OSError:
            pass
    retired = retire_own_segments(ctx, ops, root)
    return {"snapshot": name, "rows": header["rows"], "covers": header["covers"], "retired_segments": retired}


def _prune_snapshots(ops: FileOps, folder: Path) -> None:
    manifests = sorted((n for n in ops.listdir(folder) if layout.MANIFEST_RE.match(n)), reverse=True)
    for name in manifests[SNAPSHOTS_KEPT:]:
        stamp = name[len("manifest-") : -len(".json")]
        ops.unlink(folder / f"snap-{stamp}.dds")
        ops.unlink(folder / name)


def retire_own_segments(ctx: AppContext, ops: FileOps, root: Path) -> int:
    """Delete this laptop's segments that the newest snapshot covers and every active laptop applied."""
    manifest = latest_manifest(ops, root)
    if manifest is None:
        return 0
    limit = int(manifest.get("covers", {}).get(ctx.device_id, 0))
    devices = root / layout.DEVICES
    horizon = utcnow() - dt.timedelta(days=ACTIVE_DAYS)
    for device_id in ops.listdir(devices):
        if device_id == ctx.device_id:
            continue
        progress = layout.read_progress(ops, devices / device_id)
        if not progress:
            continue
        try:
            seen = dt.datetime.fromisoformat(progress["seen_at"])
        except (KeyError, TypeError, ValueError):
            continue
        if seen >= horizon:
            limit = min(limit, int(progress.get("applied", {}).get(ctx.device_id, 0)))
    if limit <= 0:
        return 0
    folder = layout.device_dir(root, ctx.device_id)
    retired = []
    for name in ops.listdir(folder):
        seg = layout.parse_segment_name(name)
        if seg is not None and seg.last <= limit:
            ops.unlink(folder / name)
            retired.append(name)
    if retired:
        with ctx.write() as session:
            session.execute(delete(SyncPublished).where(SyncPublished.name.in_(retired)))
    return len(retired)


def _adopt_group_heads(session: Any, heads: list[list[Any]], rows: set[tuple[str, str]]) -> None:
    """A record new to this laptop takes the snapshot's group heads and decisions, so its
    open and resolved conflicts are the team's, with the same ids (``app.sync.team``)."""
    params = [(*h[:5], h[5] if isinstance(h[5], str) or h[5] is None else json.dumps(h[5], sort_keys=True))
              for h in heads if len(h) == 6 and (h[0], h[1]) in rows]
    if not params:
        return
    upsert_versions(session, params)
    team.refresh(session, {(t, r) for t, r, *_ in params})


def bootstrap_from_snapshot(ctx: AppContext, ops: FileOps, root: Path, group: str) -> bool:
    """Merge the newest snapshot (new laptop, or one away past retired segments)."""
    manifest = latest_manifest(ops, root)
    if manifest is None:
        with ctx.write() as session:
            set_meta(session, "bootstrapped", "no snapshot")
        return False
    path = root / layout.SNAPSHOTS / manifest["snapshot"]
    try:
        header, body = layout.decode(ops.read_bytes(path))
    except layout.SegmentError:
        return False
    if header.get("group_id") != group or header.get("kind") != "snapshot":
        return False
    tables = shared_tables()
    versions = {(t, r, f): (h, d, None) for t, r, f, h, d in body["versions"]}
    entries: list[dict[str, Any]] = []
    with ctx.write() as session:
        present: set[tuple[str, str]] = set()
        for name, rows in body["tables"].items():
            table = tables.get(name)
            if table is None:
                continue
            ids = [r["id"] for r in rows]
            for start in range(0, len(ids), 500):
                present.update((name, i) for i in session.execute(select(table.c.id).where(table.c.id.in_(ids[start : start + 500]))).scalars())
        absent_versions = {}
        for name, rows in body["tables"].items():
            for row in rows:
                key = (name, row["id"])
                if key not in present:
                    entries.append({"op_id": f"snapshot:{name}:{row['id']}:{row.get('hlc', 0)}", "table": name, "row": row["id"],
                                    "op": "insert", "snapshot": True, "hlc": row.get("hlc", 0), "device": row.get("updated_device", ""),
                                    "officer": row.get("updated_by", ""),
                                    "changes": {k: {"old": None, "new": v} for k, v in row.items()}})
                    absent_versions.update({k: v for k, v in versions.items() if k[:2] == key})
                    continue
                groups: dict[tuple[int, str], dict[str, Any]] = {}
                for field_name, value in row.items():
                    version = versions.get((name, row["id"], field_name))
                    if version:
                        groups.setdefault(version[:2], {})[field_name] = {"old": value, "new": value}
                for (clock, dev), changes in groups.items():
                    entries.append({"op_id": f"snapshot:{name}:{row['id']}:{clock}:{dev}", "table": name, "row": row["id"],
                                    "op": "update", "snapshot": True, "hlc": clock, "device": dev, "officer": "", "changes": changes})
        entries.extend(e for e in body.get("parked", []))
        apply_entries(session, entries, tables)
        current = _load_versions(session, {k[:2] for k in absent_versions})
        _save_versions(session, {k: v for k, v in absent_versions.items() if v[:2] >= current.get(k, (0, ""))[:2]})
        _adopt_group_heads(session, body.get("group_heads", []), {k[:2] for k in absent_versions})
        for device_id, seq in header.get("covers", {}).items():
            if device_id == ctx.device_id:
                continue
            peer = session.get(SyncPeer, device_id)
            if peer is None:
                session.add(SyncPeer(device_id=device_id, applied_seq=seq, max_hlc=0))
            elif peer.applied_seq < seq:
                peer.applied_seq = seq
        set_meta(session, "bootstrapped", manifest["name"])
    return True
