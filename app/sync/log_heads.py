"""Each laptop's log chain heads, published in the header of its segments.

Like the signed tree heads of Certificate Transparency: every segment a laptop publishes
says "after these records, my chain K ends at entry #n with hash h". Every laptop keeps
the heads it has seen (and can read them again from the share), so ``log verify`` on any
laptop notices an entry that was already synced and is later deleted, truncated away or
rewritten (even with every later hash recomputed), and an entry added behind the app's
back to a chain beyond what its laptop published.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.sync import share as layout
from app.sync.fileops import REAL, FileOps
from app.sync.merge import get_meta, set_meta

META_KEY = "log_heads"
Heads = dict[str, list[Any]]  # chain key -> [seq, entry hash]


def heads_of(entries: list[dict[str, Any]]) -> Heads:
    """The last entry of each log chain among a segment's records."""
    heads: Heads = {}
    for e in entries:
        if e.get("table") != "log_entry" or e.get("op") != "insert":
            continue
        changes = e.get("changes") or {}
        try:
            key, seq, digest = (changes[name]["new"] for name in ("chain_key", "seq", "entry_hash"))
        except (KeyError, TypeError):
            continue
        if isinstance(key, str) and isinstance(seq, int) and isinstance(digest, str):
            if key not in heads or heads[key][0] < seq:
                heads[key] = [seq, digest]
    return heads


def merge_heads(into: Heads, more: Any) -> Heads:
    if isinstance(more, dict):
        for key, value in more.items():
            if (isinstance(key, str) and isinstance(value, list) and len(value) == 2
                    and isinstance(value[0], int) and isinstance(value[1], str)):
                if key not in into or into[key][0] < value[0]:
                    into[key] = list(value)
    return into


def record(session: Any, publisher: str, heads: Heads) -> None:
    if not heads:
        return
    known = dict(get_meta(session, META_KEY, {}))
    known[publisher] = merge_heads(dict(known.get(publisher, {})), heads)
    set_meta(session, META_KEY, known)


def collect(ctx: Any, ops: FileOps | None = None) -> tuple[dict[str, Heads], bool]:
    """Heads this laptop has seen, plus those it can read again from the share now
    (so a local database edited to forget a head still meets it). Returns (heads by
    publishing laptop, whether the share was read)."""
    from app.sync import engine
    from app.sync.models import SyncPeer, SyncPublished

    with ctx.read() as session:
        heads = {k: dict(v) for k, v in (get_meta(session, META_KEY, {}) or {}).items()}
        mine = set(session.execute(select(SyncPublished.name).where(SyncPublished.device_id == ctx.device_id)).scalars())
        applied = {p.device_id: p.applied_seq for p in session.execute(select(SyncPeer)).scalars()}
    root = engine.share_root(ctx, None)
    if root is None:
        return heads, False
    ops = ops or REAL
    try:
        devices = root / layout.DEVICES
        for device_id in ops.listdir(devices) if ops.is_dir(devices) else []:
            limit = None if device_id == ctx.device_id else applied.get(device_id, 0)
            _read_device(ops, devices / device_id, device_id, limit, mine, heads)
    except OSError:
        return heads, False
    return heads, True


def _read_device(ops: FileOps, folder: Path, device_id: str, applied: int | None, mine: set[str],
                 heads: dict[str, Heads]) -> None:
    """Own segments: only those this laptop knows it wrote; others: only up to what was applied."""
    try:
        names = ops.listdir(folder)
    except (NotADirectoryError, OSError):
        return
    for name in names:
        seg = layout.parse_segment_name(name)
        if seg is None or (applied is None and name not in mine) or (applied is not None and seg.last > applied):
            continue
        try:
            header, _raw = layout.decode_header(ops.read_bytes(folder / name))
        except (layout.SegmentError, OSError):
            continue
        if header.get("device") == device_id:
            heads[device_id] = merge_heads(heads.get(device_id, {}), header.get("log_heads"))
