"""Reading one other laptop's folder on the share: which segments to apply, what is
damaged, what is only a stray copy, and how far that laptop's clock is off.

Stray files clear themselves: a segment whose header names another laptop (a copied
file or a whole device folder copied under a new name), or a higher-numbered segment
that its laptop never published (its own progress file says so, or its header does not
match its name), is ignored with a one-time notice instead of being reported as damaged
or as a gap forever. Damaged means: a file that claims to be this laptop's but whose
checksum fails.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.sync import log_heads
from app.sync import share as layout
from app.sync.fileops import FileOps
from app.sync.models import SyncPeer


@dataclass
class PeerScan:
    device_id: str
    applied_seq: int
    entries: list[dict[str, Any]] = field(default_factory=list)
    waiting: str = ""
    name: str = ""
    officer: str = ""
    seen_at: dt.datetime | None = None
    quarantine: list[tuple[str, str, int]] = field(default_factory=list)
    heads: dict[str, list[Any]] = field(default_factory=dict)
    published_seq: int | None = None  # what that laptop says it has published (progress.json)
    strays: list[str] = field(default_factory=list)  # notices: files ignored as stray copies
    copy_of: str | None = None  # the whole folder is a copy of this laptop's folder
    clock_skew_s: float | None = None  # that laptop's clock minus the share's, from progress.json


def read_progress(ops: FileOps, folder: Path, scan: PeerScan) -> dict[str, Any]:
    progress = layout.read_progress(ops, folder) or {}
    scan.name, scan.officer = str(progress.get("device_name", "")), str(progress.get("officer", ""))
    if isinstance(progress.get("publish_seq"), int):
        scan.published_seq = progress["publish_seq"]
    try:
        scan.seen_at = dt.datetime.fromisoformat(progress["seen_at"])
        share_time = dt.datetime.fromtimestamp(ops.mtime(folder / layout.PROGRESS), dt.timezone.utc)
        scan.clock_skew_s = (scan.seen_at - share_time).total_seconds()
    except (KeyError, TypeError, ValueError, OSError):
        pass
    return progress


def _header(ops: FileOps, path: Path) -> dict[str, Any] | None:
    try:
        return layout.decode_header(ops.read_bytes(path))[0]
    except (layout.SegmentError, OSError):
        return None


def _genuine_ahead(ops: FileOps, folder: Path, seg: layout.SegmentName, scan: PeerScan, foreign: set[str]) -> bool:
    """A segment beyond a gap that its laptop really published (so the gap is real)."""
    header = _header(ops, folder / seg.name)
    if header is None or header.get("device") != scan.device_id:
        if header is not None:
            foreign.add(str(header.get("device")))
        return False
    if (header.get("first"), header.get("last")) != (seg.first, seg.last):
        return False
    return scan.published_seq is None or seg.first <= scan.published_seq


def scan_segments(ops: FileOps, folder: Path, names: list[str], scan: PeerScan, group: str,
                  quarantined: dict[str, int]) -> None:
    segments = sorted(
        (s for s in (layout.parse_segment_name(n) for n in names) if s is not None and s.last > scan.applied_seq),
        key=lambda s: (s.first, -s.last, s.name),
    )
    next_needed = scan.applied_seq + 1
    damaged: list[str] = []
    foreign: set[str] = set()
    for seg in segments:
        if seg.last < next_needed or seg.first > next_needed:
            continue
        rel = f"{scan.device_id}/{seg.name}"
        path = folder / seg.name
        try:
            size = ops.size(path)
            if rel in quarantined and quarantined[rel] == size:
                damaged.append(seg.name)
                continue
            data = ops.read_bytes(path)
        except FileNotFoundError:
            break  # retired or renamed since the listing: look again next round
        try:
            header, body = layout.decode(data)
            if header.get("kind") == "segment" and (
                header.get("device") != scan.device_id or (header.get("first"), header.get("last")) != (seg.first, seg.last)
            ):  # intact, but a copy of another laptop's file or one renamed: not damage, not applied
                if header.get("device") != scan.device_id:
                    foreign.add(str(header.get("device")))
                scan.strays.append(seg.name)
                continue
            layout.check_segment(header, body, seg, scan.device_id)
            if header.get("group_id") != group:
                raise layout.SegmentError("it belongs to another team's share")
            if header.get("format_version", 0) > layout.FORMAT_VERSION:
                scan.waiting = "its changes were written by a newer Duty Desk: install the update"
                return
        except layout.SegmentError as exc:
            scan.quarantine.append((rel, str(exc), size))
            damaged.append(seg.name)
            continue
        scan.entries.extend(e for e in body if e["dseq"] >= next_needed)
        log_heads.merge_heads(scan.heads, header.get("log_heads"))
        scan.name = scan.name or str(header.get("device_name", ""))
        scan.officer = scan.officer or str(header.get("officer", ""))
        try:
            created = dt.datetime.fromisoformat(header["created_at"])
            scan.seen_at = max(scan.seen_at, created) if scan.seen_at else created
        except (KeyError, TypeError, ValueError):
            pass
        next_needed = seg.last + 1
    later = [s for s in segments if s.last >= next_needed and s.name not in scan.strays]
    genuine = [s for s in later if s.name in damaged or _genuine_ahead(ops, folder, s, scan, foreign)]
    scan.strays.extend(s.name for s in later if s not in genuine)
    if segments and len(scan.strays) == len(segments) and len(foreign) == 1 and not scan.entries:
        scan.copy_of = foreign.pop()  # every file names one other laptop: a copied device folder
        return
    if damaged and genuine:
        scan.waiting = ("one of its files on the share is damaged (set aside, not applied); its newer changes wait "
                        "until that laptop publishes them again at its next sync. Nothing is lost")
    elif genuine:
        scan.waiting = f"some of its changes (from no. {next_needed}) are missing on the share (a gap); waiting for them to appear"
    scan.applied_seq = next_needed - 1


def unchanged(scan: PeerScan, peer: SyncPeer | None) -> bool:
    if peer is None or scan.quarantine:
        return False
    if (scan.applied_seq, scan.waiting) != (peer.applied_seq, peer.waiting):
        return False
    if scan.seen_at and (peer.last_seen_at is None or (scan.seen_at - peer.last_seen_at).total_seconds() > 60):
        return False
    return True


def save_peer(session: Any, scan: PeerScan, peer: SyncPeer | None) -> None:
    if peer is None:
        peer = SyncPeer(device_id=scan.device_id, applied_seq=0, max_hlc=0)
        session.add(peer)
    else:
        peer = session.merge(peer)
    peer.applied_seq = scan.applied_seq
    peer.waiting = scan.waiting
    clocks = [e["hlc"] for e in scan.entries if isinstance(e.get("hlc"), int)]
    if clocks:
        peer.max_hlc = max(peer.max_hlc or 0, *clocks)
    if scan.name:
        peer.device_name = scan.name
    if scan.officer:
        peer.officer = scan.officer
    if scan.seen_at and (peer.last_seen_at is None or scan.seen_at > peer.last_seen_at):
        peer.last_seen_at = scan.seen_at
