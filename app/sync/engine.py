"""One sync round: check the share, publish this laptop's changes, apply the others'.

Nothing here trusts the share: a missing or empty root is "unreachable" (never "all
deleted"), a root of another team is refused, a damaged file is quarantined (recorded,
left in place, never applied in part), a gap in a laptop's sequence stops that laptop
until the gap fills. Local changes are marked published only after their segment was
read back from the share and verified.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update

from app import __version__
from app.context import AppContext
from app.db import hlc
from app.db.base import utcnow
from app.db.ids import new_id
from app.db.local_models import ChangeLogEntry, DeviceState
from app.db.migrate import head_revisions, schema_version_text
from app.settings import device as device_settings
from app.sync import clocks, log_heads, strays
from app.sync import scan as scanning
from app.sync import share as layout
from app.sync import share_errors
from app.sync.fileops import REAL, FileOps
from app.sync.merge import MergeResult, apply_entries, get_meta, set_meta
from app.sync.models import SyncParked, SyncPeer, SyncPublished, SyncQuarantine

SEGMENT_MAX_RECORDS = 5000
PROGRESS_HEARTBEAT_S = 300
MAX_ERRORS_KEPT = 20


class ShareUnreachable(Exception):
    """The share cannot be reached now: work locally and try again later."""


class ShareProblem(Exception):
    """The share is reachable but cannot be used; the message says why and what to do."""


@dataclass
class RoundReport:
    published: int = 0
    applied: int = 0
    field_changes: int = 0
    conflicts: int = 0
    quarantined: int = 0
    parked: int = 0
    rekeyed: bool = False
    state: str = "synced"
    message: str = ""
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "published": self.published, "applied": self.applied, "field_changes": self.field_changes,
            "conflicts": self.conflicts, "quarantined": self.quarantined, "parked": self.parked,
            "rekeyed": self.rekeyed, "state": self.state, "message": self.message, "problems": self.problems,
        }


def describe_os_error(exc: OSError, doing: str) -> tuple[str, str]:
    """(state, plain message) for a failed file operation on the share (by cause: app/sync/share_errors.py)."""
    return share_errors.describe(exc, doing)


def fingerprint(ctx: AppContext) -> dict[str, str]:
    return {"host": socket.gethostname(), "path": str(Path(ctx.data_dir).resolve())}


def pending_count(ctx: AppContext) -> int:
    with ctx.read() as session:
        return session.execute(select(func.count()).select_from(ChangeLogEntry).where(ChangeLogEntry.published_at.is_(None))).scalar_one()


def share_root(ctx: AppContext, share: str | os.PathLike[str] | None) -> Path | None:
    value = share if share else device_settings.get(ctx, device_settings.SHARE_DIR)
    return Path(value).expanduser() if value else None


# --- the round ---------------------------------------------------------------------
def sync_round(ctx: AppContext, share: str | os.PathLike[str] | None = None, ops: FileOps | None = None) -> RoundReport:
    ops = ops or REAL
    report = RoundReport()
    root = share_root(ctx, share)
    if root is None:  # nothing to do and nothing to record: the status says "no shared folder set"
        report.state, report.message = "offline", "No shared folder is set for this laptop (Settings > General)."
        return report
    try:
        group = open_share(ctx, ops, root)
        if share and not device_settings.get(ctx, device_settings.SHARE_DIR):
            device_settings.set_many(ctx, {device_settings.SHARE_DIR: str(root)})
        check_identity(ctx, ops, root, group, report)
        try:
            report.published = publish(ctx, ops, root, group)
        except OSError as exc:
            state, message = describe_os_error(exc, "publishing this laptop's changes")
            if state == "offline" and not _still_there(ops, root):
                raise ShareUnreachable(message) from exc
            report.problems.append(message)
        pull_and_apply(ctx, ops, root, group, report)
        try:
            republish_damaged(ctx, ops, root, report)
            write_progress(ctx, ops, root)
        except OSError as exc:
            report.problems.append(describe_os_error(exc, "noting this laptop's progress on the share")[1])
    except ShareUnreachable as exc:
        report.state, report.message = "offline", str(exc)
    except ShareProblem as exc:
        report.state, report.message = "problem", str(exc)
    except OSError as exc:
        report.state, report.message = describe_os_error(exc, "syncing")
        if report.state == "offline" and _still_there(ops, root):
            report.state = "problem"
            report.message = f"Could not finish syncing: {exc.strerror or exc}. Your changes are kept on this laptop; sync will retry."
    except Exception as exc:  # noqa: BLE001 - never "synced" after a crash, never a traceback for the user
        logging.getLogger(__name__).exception("sync round failed")
        report.state = "problem"
        report.message = (f"Sync stopped on an unexpected error ({type(exc).__name__}: {str(exc)[:160]}). Your changes "
                          "are kept on this laptop; sync will retry. Please report this to whoever supports Duty Desk.")
    else:
        if report.problems:
            report.state, report.message = "problem", report.problems[0]
    record_round(ctx, report)
    return report


def _still_there(ops: FileOps, root: Path) -> bool:
    try:
        with ops.paused():
            return ops.exists(root / layout.MARKER)
    except OSError:
        return False


def open_share(ctx: AppContext, ops: FileOps, root: Path) -> str:
    """The group id of the share, creating the share on first use; refuse a foreign one."""
    with ctx.read() as session:
        group = get_meta(session, "group_id")
    if not ops.is_dir(root):
        raise ShareUnreachable(f"The share {root} cannot be reached: working locally.")
    entries = [n for n in ops.listdir(root) if not n.startswith(".")]
    if not entries and group is not None:
        raise ShareUnreachable(f"The share {root} is empty (not mounted?): working locally, nothing was deleted.")
    if group is None and layout.being_created(ops, root, entries):  # empty, or another laptop is creating it now
        group = str(layout.create_marker(ops, root, new_id())["group_id"])
        _save_group(ctx, group)
        return group
    try:
        marker = layout.read_marker(ops, root)
    except (layout.SegmentError, ValueError) as exc:
        raise ShareProblem(f"The share marker {root / layout.MARKER} is damaged ({exc}). Ask whoever set up the share; nothing was changed.") from exc
    if marker is None:
        if group is not None:
            raise ShareUnreachable(f"The share {root} has lost its marker file (not mounted?): working locally, nothing was deleted.")
        raise ShareProblem(f"The folder {root} is not a Duty Desk share and is not empty. Choose the team's share or an empty folder.")
    if marker.get("format_version", 0) > layout.FORMAT_VERSION or layout.app_version_tuple(
        str(marker.get("min_app_version", "0"))
    ) > layout.app_version_tuple(__version__):
        raise ShareProblem(f"The share was upgraded for a newer Duty Desk (needs {marker.get('min_app_version')}). Install the update to sync; your work stays on this laptop.")
    if group is None:
        _save_group(ctx, marker["group_id"])
        return str(marker["group_id"])
    if marker.get("group_id") != group:
        raise ShareProblem(f"The folder {root} belongs to another Duty Desk team (group {marker.get('group_id')}). This laptop syncs with group {group}; nothing was exchanged. Check the share folder in Settings > General.")
    return group


def _save_group(ctx: AppContext, group: str) -> None:
    with ctx.write() as session:
        set_meta(session, "group_id", group)


# --- identity (cloned laptops) -------------------------------------------------------------
def check_identity(ctx: AppContext, ops: FileOps, root: Path, group: str, report: RoundReport) -> None:
    """Detect a copied data folder (same device id on two laptops) and re-key before publishing."""
    mine = fingerprint(ctx)
    with ctx.read() as session:
        stored = get_meta(session, "fingerprint")
    if stored is None:
        with ctx.write() as session:
            set_meta(session, "fingerprint", mine)
    elif stored != mine:
        rekey(ctx, "this data folder was copied or moved from another place")
        report.rekeyed = True
        return
    folder = layout.device_dir(root, ctx.device_id)
    if not ops.is_dir(folder):
        return
    with ctx.read() as session:
        known = set(session.execute(select(SyncPublished.name)).scalars())
        publish_seq = get_meta(session, "publish_seq", 0)
    for name in sorted(ops.listdir(folder)):
        seg = layout.parse_segment_name(name)
        if seg is None or name in known:
            continue
        if seg.first == publish_seq + 1 and _adopt(ctx, ops, folder, seg):
            publish_seq = seg.last
            continue
        if not strays.own_segment_is_foreign(ctx, ops, folder, seg):
            continue
        rekey(ctx, f"another laptop publishes with this laptop's device id ({name})")
        report.rekeyed = True
        return


def _adopt(ctx: AppContext, ops: FileOps, folder: Path, seg: layout.SegmentName) -> bool:
    """A segment this laptop wrote just before it stopped (crash after rename): keep it."""
    try:
        header, body = layout.decode(ops.read_bytes(folder / seg.name))
        layout.check_segment(header, body, seg, ctx.device_id)
    except (layout.SegmentError, OSError):
        return False
    with ctx.write() as session:
        rows = session.execute(
            select(ChangeLogEntry).where(ChangeLogEntry.published_at.is_(None)).order_by(ChangeLogEntry.seq).limit(len(body))
        ).scalars().all()
        if [r.op_id for r in rows] != [e["op_id"] for e in body]:
            return False
        _mark_published(session, ctx.device_id, seg, [r.seq for r in rows], ops.size(folder / seg.name))
        log_heads.record(session, ctx.device_id, log_heads.heads_of(body))
    return True


def rekey(ctx: AppContext, reason: str) -> str:
    new = new_id()
    with ctx.write() as session:
        state = session.execute(select(DeviceState)).scalar_one()
        old = state.device_id
        state.device_id = new
        session.execute(update(ChangeLogEntry).values(published_at=None))
        set_meta(session, "publish_seq", 0)
        set_meta(session, "fingerprint", fingerprint(ctx))
        set_meta(session, "old_device_ids", [*get_meta(session, "old_device_ids", []), old])
        _note(session, f"This laptop got a new device id because {reason}; its changes are published again under the new id. Nothing was lost.")
    ctx.identity.device_id = new
    return new


# --- publishing --------------------------------------------------------------------
def publish(ctx: AppContext, ops: FileOps, root: Path, group: str) -> int:
    folder = layout.device_dir(root, ctx.device_id)
    ops.mkdir(folder)
    for name in ops.listdir(folder):
        if name.endswith(layout.TMP_SUFFIX):
            ops.unlink(folder / name)  # our own leftovers from an interrupted publish
    total = 0
    while True:
        with ctx.read() as session:
            rows = session.execute(
                select(ChangeLogEntry).where(ChangeLogEntry.published_at.is_(None))
                .order_by(ChangeLogEntry.seq).limit(SEGMENT_MAX_RECORDS)
            ).scalars().all()
            publish_seq = get_meta(session, "publish_seq", 0)
        if not rows:
            return total
        first = publish_seq + 1
        seg = layout.SegmentName(layout.segment_name(first, first + len(rows) - 1), first, first + len(rows) - 1)
        entries = [_entry(r, first + i) for i, r in enumerate(rows)]
        size = layout.publish_file(ops, folder, seg.name, encode_segment(ctx, group, first, entries))
        with ctx.write() as session:
            _mark_published(session, ctx.device_id, seg, [r.seq for r in rows], size)
            log_heads.record(session, ctx.device_id, log_heads.heads_of(entries))
        total += len(rows)


def _entry(row: ChangeLogEntry, dseq: int) -> dict[str, Any]:
    return {
        "dseq": dseq, "op_id": row.op_id, "table": row.table_name, "row": row.row_id, "op": row.op,
        "changes": row.changes, "hlc": row.hlc, "device": row.device_id, "officer": row.officer,
    }


def encode_segment(ctx: AppContext, group: str, first: int, entries: list[dict[str, Any]]) -> bytes:
    header = {
        "kind": "segment", "format_version": layout.FORMAT_VERSION, "group_id": group,
        "schema": schema_text(), "app_version": __version__,
        "device": ctx.device_id, "device_name": socket.gethostname(), "officer": ctx.officer,
        "first": first, "last": first + len(entries) - 1, "count": len(entries),
        "hlc_min": min(e["hlc"] for e in entries), "hlc_max": max(e["hlc"] for e in entries),
        "created_at": utcnow().isoformat(), "log_heads": log_heads.heads_of(entries),
    }
    return layout.encode(header, entries)


@cache
def schema_text() -> str:
    """The schema heads of this build (read once: it needs alembic's script directory)."""
    return schema_version_text(head_revisions())


def _mark_published(session: Any, device_id: str, seg: layout.SegmentName, seqs: list[int], size: int) -> None:
    now = utcnow()
    for start in range(0, len(seqs), 500):
        session.execute(update(ChangeLogEntry).where(ChangeLogEntry.seq.in_(seqs[start : start + 500])).values(published_at=now))
    set_meta(session, "publish_seq", max(seg.last, get_meta(session, "publish_seq", 0)))
    session.add(SyncPublished(name=seg.name, device_id=device_id, first_seq=seg.first, last_seq=seg.last, size=size, outbox_seqs=seqs))


def republish_damaged(ctx: AppContext, ops: FileOps, root: Path, report: RoundReport) -> None:
    """Write again, under a new name, a segment of ours that others found damaged or missing."""
    folder = layout.device_dir(root, ctx.device_id)
    with ctx.read() as session:
        published = session.execute(select(SyncPublished).where(SyncPublished.device_id == ctx.device_id)).scalars().all()
        damaged_seen = set(get_meta(session, "damage_reports", []))
        group = get_meta(session, "group_id")
    if not published:
        return
    present = set(ops.listdir(folder))
    by_range: dict[tuple[int, int], list[SyncPublished]] = {}
    for p in published:
        by_range.setdefault((p.first_seq, p.last_seq), []).append(p)
    for (first, last), copies in by_range.items():
        if any(p.name in present and f"{ctx.device_id}/{p.name}" not in damaged_seen for p in copies):
            continue
        seqs = copies[0].outbox_seqs
        with ctx.read() as session:
            rows = {r.seq: r for r in session.execute(select(ChangeLogEntry).where(ChangeLogEntry.seq.in_(seqs))).scalars()}
        if len(rows) != len(seqs):
            continue
        seg = layout.SegmentName(layout.segment_name(first, last), first, last)
        data = encode_segment(ctx, group, first, [_entry(rows[s], first + i) for i, s in enumerate(seqs)])
        size = layout.publish_file(ops, folder, seg.name, data)
        with ctx.write() as session:
            session.add(SyncPublished(name=seg.name, device_id=ctx.device_id, first_seq=first, last_seq=last, size=size, outbox_seqs=seqs))
            _note(session, f"Published again changes {first}–{last}, which another laptop found damaged or missing on the share.")


# --- pulling -----------------------------------------------------------------------
def pull_and_apply(ctx: AppContext, ops: FileOps, root: Path, group: str, report: RoundReport) -> None:
    devices_dir = root / layout.DEVICES
    if not ops.is_dir(devices_dir):
        return
    with ctx.read() as session:
        peers = {p.device_id: p for p in session.execute(select(SyncPeer)).scalars()}
        quarantined = {q.path: q.size for q in session.execute(select(SyncQuarantine).where(SyncQuarantine.cleared_at.is_(None))).scalars()}
        need_bootstrap = not peers and get_meta(session, "bootstrapped") is None
    if need_bootstrap:
        from app.sync.compaction import bootstrap_from_snapshot

        bootstrap_from_snapshot(ctx, ops, root, group)
        with ctx.read() as session:
            peers = {p.device_id: p for p in session.execute(select(SyncPeer)).scalars()}
    scans: list[scanning.PeerScan] = []
    damage_reports: list[str] = []
    skews: dict[str, float] = {}
    for device_id in sorted(ops.listdir(devices_dir)):
        folder = devices_dir / device_id
        if device_id.startswith("."):
            continue
        try:
            names = ops.listdir(folder)
        except NotADirectoryError:
            continue
        peer = peers.get(device_id)
        scan = scanning.PeerScan(device_id, peer.applied_seq if peer else 0)
        if layout.PROGRESS in names:
            progress = scanning.read_progress(ops, folder, scan)
            if scan.clock_skew_s is not None:
                skews[device_id] = scan.clock_skew_s
            damage_reports.extend(d for d in progress.get("damaged", []) if isinstance(d, str) and d.startswith(f"{ctx.device_id}/"))
        if device_id == ctx.device_id:
            continue
        scanning.scan_segments(ops, folder, names, scan, group, quarantined)
        scans.append(scan)
    scans = strays.set_aside(ctx, scans, peers)
    kept = {ctx.device_id, *(s.device_id for s in scans)}  # a copied folder does not vote
    clocks.save(ctx, clocks.judge({d: v for d, v in skews.items() if d in kept}))
    entries = [e for scan in scans for e in scan.entries]
    now_ms = ctx.identity.now_ms()
    with ctx.read() as session:
        previous_reports = set(get_meta(session, "damage_reports", []))
        parked_waiting = session.execute(select(func.count()).select_from(SyncParked)).scalar_one()
    if not entries and not parked_waiting and not set(damage_reports) - previous_reports and all(
        scanning.unchanged(scan, peers.get(scan.device_id)) for scan in scans
    ):
        return  # nothing new anywhere: a quiet round writes nothing
    result = apply_in_chunks(ctx, entries)
    with ctx.write() as session:
        for scan in scans:
            scanning.save_peer(session, scan, peers.get(scan.device_id))
            log_heads.record(session, scan.device_id, scan.heads)
            for path, reason, size in scan.quarantine:
                existing = session.get(SyncQuarantine, path)
                if existing is None:
                    session.add(SyncQuarantine(path=path, device_id=scan.device_id, reason=reason, size=size))
                    report.quarantined += 1
                else:
                    existing.reason, existing.size, existing.cleared_at = reason, size, None
        if result.max_hlc:
            state = session.execute(select(DeviceState)).scalar_one()
            state.hlc_last = hlc.receive(state.hlc_last, result.max_hlc, lambda: now_ms)
        if damage_reports:
            set_meta(session, "damage_reports", sorted(set(damage_reports) | set(get_meta(session, "damage_reports", []))))
    stuck = [s for s in scans if "gap" in s.waiting]
    if stuck:
        from app.sync.compaction import bootstrap_from_snapshot, latest_manifest

        manifest = latest_manifest(ops, root)
        if manifest and any(manifest.get("covers", {}).get(s.device_id, 0) > s.applied_seq for s in stuck):
            bootstrap_from_snapshot(ctx, ops, root, group)
    report.applied = result.applied_ops
    report.field_changes = result.field_changes
    report.conflicts = result.conflicts
    report.parked = result.parked


# Remote records per transaction, and how long the write lock is left free between two. Alone
# (the CLI; the window runs its rounds in a worker) nothing waits, so chunks are big and back to back.
APPLY_CHUNK = 1000
APPLY_PAUSE_S = 0.0
APPLY_HOLD_S: float | None = None  # beside a window: how long one chunk may hold the write lock
FIRST_SHARED_CHUNK = 20


def share_the_database_with_a_window() -> None:
    """In the window's worker process: a log entry typed meanwhile waits for one short chunk,
    not the round.

    A chunk is sized by time, not by count: the worker runs at a lower priority, so on a
    busy machine (a burn, a rota fill) the same 100 records that take 40 ms on an idle one
    hold the lock for most of a second. The pause lets SQLite's busy handler, which polls
    a waiting writer every 1 to 25 ms in its first quarter second, find the lock free."""
    global APPLY_CHUNK, APPLY_PAUSE_S, APPLY_HOLD_S
    APPLY_CHUNK, APPLY_PAUSE_S, APPLY_HOLD_S = 400, 0.05, 0.03


def next_chunk_size(size: int, held_s: float, target_s: float, most: int) -> int:
    """Records for the next transaction, so it holds the lock about ``target_s``: the last
    size scaled by how long it took, growing at most twofold, never below one record."""
    grown = min(most, size * 2)
    if held_s * grown <= size * target_s:  # (no division: a clock that saw no time passing)
        return max(1, grown)
    return max(1, min(grown, int(size * target_s / held_s)))


def apply_in_chunks(ctx: AppContext, entries: list[dict[str, Any]]) -> MergeResult:
    """Apply remote entries in bounded transactions, in (clock, device, op) order.

    Safe to stop (or kill) between chunks and inside one: each chunk records its op ids as
    applied in its own transaction, and the peers' high-water marks advance only in the
    round's last transaction, so the next round re-reads those segments and skips what
    was applied."""
    ordered = sorted(entries, key=_order)
    result = MergeResult()
    target = APPLY_HOLD_S
    size = APPLY_CHUNK if target is None else min(FIRST_SHARED_CHUNK, APPLY_CHUNK)
    start = 0
    while True:  # at least once: parked entries get their retry
        began = time.perf_counter()
        with ctx.write(refetchable=target is not None) as session:  # the round's last transaction is durable
            result = _absorb(result, apply_entries(session, ordered[start:start + size]))
        start += size
        if start >= len(ordered):
            return result
        if target is not None:
            size = next_chunk_size(size, time.perf_counter() - began, target, APPLY_CHUNK)
        time.sleep(APPLY_PAUSE_S)


def _order(e: dict[str, Any]) -> tuple[int, str, str]:
    hlc_value = e.get("hlc")  # a malformed entry sorts first; apply_entries parks it
    return (hlc_value if isinstance(hlc_value, int) else -1, str(e.get("device")), str(e.get("op_id")))


def _absorb(total: MergeResult, part: MergeResult) -> MergeResult:
    """Sums, except parked: every chunk retries (and counts) what is still parked."""
    return MergeResult(
        applied_ops=total.applied_ops + part.applied_ops, field_changes=total.field_changes + part.field_changes,
        conflicts=total.conflicts + part.conflicts, parked=part.parked,
        skipped=total.skipped + part.skipped, max_hlc=max(total.max_hlc, part.max_hlc))


def write_progress(ctx: AppContext, ops: FileOps, root: Path) -> None:
    with ctx.read() as session:
        applied = {p.device_id: p.applied_seq for p in session.execute(select(SyncPeer)).scalars()}
        damaged = sorted(session.execute(select(SyncQuarantine.path).where(SyncQuarantine.cleared_at.is_(None))).scalars())
        previous = get_meta(session, "progress_written")
        publish_seq = get_meta(session, "publish_seq", 0)
    progress = {
        "device": ctx.device_id, "device_name": socket.gethostname(), "officer": ctx.officer,
        "applied": applied, "publish_seq": publish_seq, "damaged": damaged, "app_version": __version__,
    }
    now = dt.datetime.fromtimestamp(ctx.identity.now_ms() / 1000, dt.timezone.utc)  # this laptop's clock
    if previous and previous.get("content") == progress:
        last = dt.datetime.fromisoformat(previous["at"])
        if 0 <= (now - last).total_seconds() < PROGRESS_HEARTBEAT_S:
            return  # (a clock set back writes at once: its "seen at" tells others the clock was fixed)
    folder = layout.device_dir(root, ctx.device_id)
    ops.mkdir(folder)
    layout.write_progress(ops, folder, {**progress, "seen_at": now.isoformat()})
    with ctx.write() as session:
        set_meta(session, "progress_written", {"content": progress, "at": now.isoformat()})


# --- bookkeeping ---------------------------------------------------------------------
def _note(session: Any, message: str) -> None:
    errors = get_meta(session, "errors", [])
    errors.append({"at": utcnow().isoformat(), "message": message})
    set_meta(session, "errors", errors[-MAX_ERRORS_KEPT:])


def record_round(ctx: AppContext, report: RoundReport) -> None:
    now = utcnow()
    with ctx.read() as session:
        last = get_meta(session, "last_round") or {}
    quiet = report.state == "synced" and not report.problems and not (report.published or report.applied or report.rekeyed)
    if quiet and last.get("state") == "synced" and not last.get("problems"):
        try:
            if (now - dt.datetime.fromisoformat(last["at"])).total_seconds() < 60:
                return  # nothing to note: "synced N min ago" is still right to the minute
        except (KeyError, TypeError, ValueError):
            pass
    with ctx.write() as session:
        set_meta(session, "last_round", {**report.as_dict(), "at": now.isoformat()})
        if report.state == "synced" and not report.problems:
            set_meta(session, "last_success_at", now.isoformat())
        elif report.message and report.message != last.get("message"):
            _note(session, report.message)
