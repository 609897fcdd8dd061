"""Stray files on the share are ignored with one notice, never reported forever.

- A device folder copied under a new name (every segment in it names one other laptop):
  ignored as a whole; a peer record or quarantine left by an older version is cleared.
- A stray segment in a laptop's folder (a copy, or a higher-numbered file that laptop
  never published): ignored (see ``scan``).
- A stray copy of this laptop's own segment (a file-sync tool, a restored backup of the
  share): ignored; only a valid segment with this laptop's id carrying changes this
  laptop never made means another laptop uses its id, and only that re-keys it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import delete, select, update

from app.context import AppContext
from app.db.base import utcnow
from app.db.local_models import ChangeLogEntry
from app.sync import share as layout
from app.sync.fileops import FileOps
from app.sync.merge import get_meta, set_meta
from app.sync.models import SyncPeer, SyncQuarantine

NOTICES_KEY = "notices_given"
MAX_NOTICES = 500


def note_once(session: Any, key: str, message: str) -> bool:
    """Add ``message`` to the sync messages unless the notice ``key`` was given before."""
    from app.sync.engine import _note

    given = list(get_meta(session, NOTICES_KEY, []))
    if key in given:
        return False
    set_meta(session, NOTICES_KEY, [*given, key][-MAX_NOTICES:])
    _note(session, message)
    return True


def set_aside(ctx: AppContext, scans: list[Any], peers: dict[str, SyncPeer]) -> list[Any]:
    """Drop scans of copied device folders; give each stray one notice. Returns the rest."""
    copies = [s for s in scans if s.copy_of]
    noticed = [(s, name) for s in scans if not s.copy_of for name in s.strays]
    with ctx.read() as session:
        given = set(get_meta(session, NOTICES_KEY, []))
        stray_paths = [f"{s.device_id}/{n}" for s, n in noticed]
        leftovers = session.execute(select(SyncQuarantine.path).where(
            (SyncQuarantine.device_id.in_([s.device_id for s in copies]) | SyncQuarantine.path.in_(stray_paths)),
            SyncQuarantine.cleared_at.is_(None))).first()
    new_notices = [f"copy:{s.device_id}" for s in copies] + [f"stray:{s.device_id}/{n}" for s, n in noticed]
    if not (set(new_notices) - given or leftovers or any(s.device_id in peers for s in copies)):
        for scan in copies:
            peers.pop(scan.device_id, None)
        return [s for s in scans if not s.copy_of]  # all noticed before: a quiet round writes nothing
    with ctx.write() as session:
        given = set(get_meta(session, NOTICES_KEY, []))
        for scan in copies:
            session.execute(delete(SyncPeer).where(SyncPeer.device_id == scan.device_id))
            session.execute(update(SyncQuarantine).where(SyncQuarantine.device_id == scan.device_id,
                                                         SyncQuarantine.cleared_at.is_(None)).values(cleared_at=utcnow()))
            if f"copy:{scan.device_id}" not in given:
                note_once(session, f"copy:{scan.device_id}",
                          f"The folder devices/{scan.device_id} on the share is a copy of laptop {scan.copy_of[:8]}'s "
                          "folder (its files say so): it is ignored. It can be deleted.")
        session.execute(update(SyncQuarantine).where(SyncQuarantine.path.in_(stray_paths),
                                                     SyncQuarantine.cleared_at.is_(None)).values(cleared_at=utcnow()))
        for scan, name in noticed:
            if f"stray:{scan.device_id}/{name}" not in given:
                note_once(session, f"stray:{scan.device_id}/{name}",
                          f"The file devices/{scan.device_id}/{name} on the share is a stray copy (its laptop did not "
                          "publish it): it is ignored. It can be deleted.")
    for scan in copies:
        peers.pop(scan.device_id, None)
    return [s for s in scans if not s.copy_of]


def own_segment_is_foreign(ctx: AppContext, ops: FileOps, folder: Path, seg: layout.SegmentName) -> bool:
    """Does this unknown file in this laptop's own folder prove another laptop publishes with
    its id? Only a valid segment carrying changes this laptop never made does; a copy of
    one of its own segments, or an unreadable file, is a stray (noticed once, ignored)."""
    try:
        header, body = layout.decode(ops.read_bytes(folder / seg.name))
        layout.check_segment(header, body, seg, ctx.device_id)
        op_ids = [e["op_id"] for e in body]
    except (layout.SegmentError, OSError, KeyError, TypeError):
        _stray_notice(ctx, seg.name, "it is not a readable segment of this laptop")
        return False
    with ctx.read() as session:
        mine = set()
        for start in range(0, len(op_ids), 500):
            mine.update(session.execute(
                select(ChangeLogEntry.op_id).where(ChangeLogEntry.op_id.in_(op_ids[start:start + 500]))
            ).scalars())
    if len(mine) < len(set(op_ids)):
        return True
    _stray_notice(ctx, seg.name, "it is a copy of changes this laptop already published")
    return False


def _stray_notice(ctx: AppContext, name: str, why: str) -> None:
    with ctx.read() as session:
        if f"own:{name}" in get_meta(session, NOTICES_KEY, []):
            return
    with ctx.write() as session:
        note_once(session, f"own:{name}", f"The file {name} in this laptop's folder on the share was not written by "
                                          f"this laptop's sync ({why}): it is ignored. It can be deleted.")
