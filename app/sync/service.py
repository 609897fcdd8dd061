"""What the command line and the window call: a sync round, the status, conflicts."""

from __future__ import annotations

import datetime as dt
import os
import threading
from dataclasses import asdict, dataclass, field
from typing import Any

from filelock import FileLock
from sqlalchemy import func, select

from app.context import AppContext
from app.db.base import utcnow
from app.errors import NotFoundError, ValidationError, DutyDeskError
from app.db.values import to_json_value
from app.sync import clocks, compaction, engine, gcpause, team, wording
from app.sync import quarantine as record_quarantine
from app.sync import share as layout
from app.sync.fileops import REAL, FileOps
from app.sync.merge import get_meta, shared_tables
from app.sync.models import SyncConflict, SyncParked, SyncPeer, SyncQuarantine

FAR_FUTURE_MS = 10 * 60 * 1000  # a laptop clock more than 10 minutes ahead is flagged
DEFAULT_INTERVAL_MIN = 5
INTERVAL_KEY = "sync_interval_min"

ROUND_LOCK_FILE = "sync-round.lock"  # one round at a time across our processes (the window's worker)
ROUND_WAIT_S = 600
_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def _round_lock(ctx: AppContext) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(str(ctx.data_dir), threading.Lock())


def sync_now(ctx: AppContext, share: str | os.PathLike[str] | None = None, ops: FileOps | None = None) -> dict[str, Any]:
    """One round. Returns the report plus the resulting status (``state``, ``message``)."""
    lock = _round_lock(ctx)
    if not lock.acquire(blocking=False):
        current = status(ctx)
        return {"published": 0, "applied": 0, "conflicts": current.conflicts, "quarantined": 0,
                "state": "syncing", "message": "A sync is already running."}
    try:
        with FileLock(str(ctx.data_dir / ROUND_LOCK_FILE), timeout=ROUND_WAIT_S, thread_local=False):
            with gcpause.paused():  # a big round builds many small objects: see gcpause
                report = engine.sync_round(ctx, share, ops or REAL)
                team = _after_round(ctx)
            if report.state not in ("offline", "problem") and ops in (None, REAL):
                from app.rota.calendar_feed import refresh_after_sync

                refresh_after_sync(ctx, engine.share_root(ctx, share))  # live calendars follow the rota
    finally:
        lock.release()
    current = status(ctx)
    result = report.as_dict()
    result["new_conflicts"] = report.conflicts
    result["conflicts"] = current.conflicts
    result["quarantined"] = current.quarantined
    result["new_quarantined"] = report.quarantined
    result["pending"] = current.pending
    result["unapplied"] = len(current.unapplied)
    result["state"], result["message"] = current.state, current.message
    result["officers_merged"] = [m.name for m in team.merged]
    result["officers_to_merge"] = [g.name for g in team.offered]
    return result


def _after_round(ctx: AppContext) -> Any:
    """One person, one record: merge officers the round revealed as duplicates."""
    from app.team import dedupe

    return dedupe.after_sync(ctx)


def is_syncing(ctx: AppContext) -> bool:
    return _round_lock(ctx).locked()


@dataclass
class DeviceSeen:
    device_id: str
    name: str
    officer: str
    applied_seq: int
    last_seen_at: dt.datetime | None
    waiting: str
    clock_ahead_min: int


@dataclass
class SyncStatus:
    state: str  # synced | offline | conflicts | problem
    message: str
    share: str | None
    device_id: str
    last_sync_at: dt.datetime | None
    pending: int
    conflicts: int
    quarantined: int
    parked: int
    devices: list[DeviceSeen] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    quarantine: list[dict[str, Any]] = field(default_factory=list)
    unapplied: list[dict[str, Any]] = field(default_factory=list)  # remote records set aside

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _ago(when: dt.datetime | None) -> str:
    if when is None:
        return "never"
    minutes = int((utcnow() - when).total_seconds() // 60)
    if minutes < 1:
        return "just now"
    if minutes < 120:
        return f"{minutes} min ago"
    return f"{minutes // 60} h ago"


def status(ctx: AppContext) -> SyncStatus:
    share = engine.share_root(ctx, None)
    pending = engine.pending_count(ctx)
    with ctx.read() as session:
        last_round = get_meta(session, "last_round") or {}
        last_success = get_meta(session, "last_success_at")
        errors = list(reversed(get_meta(session, "errors", [])))
        conflicts = session.execute(select(func.count()).select_from(SyncConflict).where(SyncConflict.resolved_at.is_(None))).scalar_one()
        quarantine = [
            {"path": q.path, "reason": q.reason, "size": q.size, "detected_at": q.detected_at}
            for q in session.execute(select(SyncQuarantine).where(SyncQuarantine.cleared_at.is_(None)).order_by(SyncQuarantine.detected_at)).scalars()
        ]
        parked = session.execute(select(SyncParked).order_by(SyncParked.parked_at)).scalars().all()
        parked_rows = [p.reason for p in parked]
        unapplied = [_unapplied(p) for p in parked if record_quarantine.is_unapplicable(p.reason)]
        ahead = clocks.ahead_minutes(session)
        devices = [
            DeviceSeen(p.device_id, p.device_name, p.officer, p.applied_seq, p.last_seen_at, p.waiting,
                       ahead.get(p.device_id, 0))
            for p in session.execute(select(SyncPeer).order_by(SyncPeer.last_seen_at.desc())).scalars()
        ]
        own_ahead = ahead.get(ctx.device_id, 0)
    last_sync_at = dt.datetime.fromisoformat(last_success) if last_success else None
    state, message = _state(share, last_round, last_sync_at, pending, conflicts, parked_rows, devices)
    if own_ahead * 60000 > FAR_FUTURE_MS and state in ("synced", "conflicts"):
        state, message = "problem", (f"This laptop's clock is {_amount(own_ahead)} ahead of the team's. Set its date "
                                     "and time correctly; its edits may win over newer ones until then.")
    if unapplied and state in ("synced", "conflicts"):
        state, message = "problem", _unapplied_message(unapplied, devices)
    return SyncStatus(state, message, str(share) if share else None, ctx.device_id, last_sync_at, pending,
                      conflicts, len(quarantine), len(parked_rows), devices, errors[:10], quarantine, unapplied)


def _unapplied(row: SyncParked) -> dict[str, Any]:
    entry = row.entry if isinstance(row.entry, dict) else {}
    return {
        "op_id": row.op_id, "table": entry.get("table"), "row_id": entry.get("row"),
        "device_id": entry.get("device"), "officer": entry.get("officer"),
        "reason": row.reason[len(record_quarantine.REASON_PREFIX):], "parked_at": row.parked_at,
    }


def _unapplied_message(unapplied: list[dict[str, Any]], devices: list[DeviceSeen]) -> str:
    """'1 record from Ann Able's laptop could not be applied...' and what to do."""
    by_device: dict[Any, int] = {}
    for item in unapplied:
        by_device[item["device_id"]] = by_device.get(item["device_id"], 0) + 1
    known = {d.device_id: d for d in devices}
    parts = []
    for device_id, count in by_device.items():
        seen = known.get(device_id)
        officer = (seen.officer if seen else "") or next(
            (i["officer"] for i in unapplied if i["device_id"] == device_id and i["officer"]), "")
        whose = f"{officer}'s laptop" if officer else f"laptop {str(device_id or '?')[:8]}"
        parts.append(f"{count} record{'s' if count != 1 else ''} from {whose}")
    first = unapplied[0]
    return (f"{' and '.join(parts)} could not be applied ({first['reason']}). It is set aside and everything "
            "else synced. Ask that officer to correct the record on their laptop (or update Duty Desk here if "
            "theirs is newer); it is retried every round. Details: dutydesk sync status.")


def _amount(minutes: int) -> str:
    return f"{minutes / 60:.1f} hours" if minutes >= 60 else f"{minutes} minutes"


def _who(d: DeviceSeen) -> str:
    if d.officer and d.name:
        return f"{d.officer}'s laptop ({d.name})"
    return d.name or d.officer or f"laptop {d.device_id[:8]}"


def _state(share: Any, last_round: dict[str, Any], last_sync_at: dt.datetime | None, pending: int,
           conflicts: int, parked: list[str], devices: list[DeviceSeen]) -> tuple[str, str]:
    waiting = f"{pending} change{'s' if pending != 1 else ''} waiting"
    if last_round.get("state") == "problem":
        return "problem", last_round.get("message", "Sync failed.")
    if share is None:
        return "offline", f"No shared folder set: working locally, {waiting}. Set it in Settings > General."
    if last_round.get("state") == "offline":
        return "offline", f"Share unreachable: working locally, {waiting}. Nothing is lost; sync resumes when the shared drive is back (check the VPN)."
    newer = [p for p in parked if "newer version" in p]
    if newer:
        return "problem", f"{len(newer)} change(s) come from a newer Duty Desk and are kept aside: install the update to see them."
    for d in devices:
        if d.waiting:
            return "problem", f"Waiting for {_who(d)}: {d.waiting}."
    for d in devices:
        if d.clock_ahead_min * 60000 > FAR_FUTURE_MS:
            ahead = _amount(d.clock_ahead_min)
            return "problem", f"The clock of {_who(d)} is {ahead} ahead. Set its date and time correctly; its edits may win over newer ones until then."
    if conflicts:
        return "conflicts", f"{conflicts} conflict{'s' if conflicts != 1 else ''} to resolve: open Sync and choose which value to keep."
    if not last_round:
        return "offline", f"Not synced yet: {waiting}."
    if pending:
        return "synced", f"Synced {_ago(last_sync_at)}; {waiting}."
    return "synced", f"Synced {_ago(last_sync_at)}."


# --- conflicts -----------------------------------------------------------------------
@dataclass
class ConflictInfo:
    id: int
    table: str
    row_id: str
    record: str
    field: str
    local_value: Any
    remote_value: Any
    remote_officer: str
    remote_device: str
    winner: str
    current_value: Any
    detected_at: dt.datetime
    resolved: str | None
    kind: str = "edit"  # edit | delete (an edit met a delete) | rule (a merge held back)
    fields: list[str] = field(default_factory=list)
    text: str = ""  # the conflict in words, with local times and officer names
    local_officer: str = ""
    team_id: str | None = None  # the same conflict on every laptop
    resolved_by: str = ""
    local_words: str = ""  # each side in words, local times and names
    remote_words: str = ""


def list_conflicts(ctx: AppContext, *, include_resolved: bool = False) -> list[ConflictInfo]:
    refresh_conflicts(ctx)
    tables = shared_tables()
    with ctx.read() as session:
        query = select(SyncConflict).order_by(SyncConflict.id)
        if not include_resolved:
            query = query.where(SyncConflict.resolved_at.is_(None))
        words = wording.Words(session, tables)
        return [_conflict_info(words, c) for c in session.execute(query).scalars()]


def _conflict_info(words: wording.Words, c: SyncConflict) -> ConflictInfo:
    fields = c.field.split("+")
    row = words.row(c.table_name, c.row_id)
    if row is not None and len(fields) == 1:
        current = to_json_value(row.get(c.field))
    else:
        current = {f: to_json_value(row.get(f)) for f in fields if f in row} if row is not None else None
    info = ConflictInfo(c.id, c.table_name, c.row_id, words.record(c.table_name, c.row_id)[:120], c.field,
                        c.local_value, c.remote_value, c.remote_officer, c.remote_device, c.winner, current,
                        c.detected_at, c.resolution, kind=c.kind or "edit", fields=fields, local_officer=c.local_officer or "",
                        team_id=c.shared_id, resolved_by=c.resolved_by or "")
    info.text = wording.sentence(words, c)
    info.local_words, info.remote_words = wording.side_words(words, c)
    return info


def refresh_conflicts(ctx: AppContext) -> None:
    """Re-derive open conflicts (a plain edit on this laptop may have settled one)."""
    with ctx.read() as session:
        keys = {(c.table_name, c.row_id) for c in session.execute(
            select(SyncConflict).where(SyncConflict.resolved_at.is_(None), SyncConflict.shared_id.is_not(None))).scalars()}
    if keys:
        with ctx.write() as session:
            team.refresh(session, keys)


def resolve(ctx: AppContext, conflict_id: int, keep: str) -> ConflictInfo:
    """Keep this laptop's side or the other, with a write that has seen both: it syncs,
    and every laptop then shows the conflict resolved."""
    if keep not in ("local", "remote"):
        raise ValidationError("Choose which value to keep: local or remote.")
    with ctx.write() as session:
        conflict = session.get(SyncConflict, conflict_id)
        if conflict is None:
            raise NotFoundError(f"No conflict with id {conflict_id}. See: dutydesk sync conflicts")
        if conflict.resolved_at is not None:
            raise ValidationError(f"Conflict {conflict_id} was already resolved ({conflict.resolution}).")
        if conflict.shared_id:
            team.resolve(session, conflict, keep)
        else:
            _resolve_legacy(session, conflict, keep)
    return next(c for c in list_conflicts(ctx, include_resolved=True) if c.id == conflict_id)


def _resolve_legacy(session: Any, conflict: SyncConflict, keep: str) -> None:
    model, obj = team.conflict_record(session, conflict)
    team.set_fields(obj, model, {conflict.field: conflict.local_value if keep == "local" else conflict.remote_value})
    now = utcnow()
    for other in session.execute(
        select(SyncConflict).where(SyncConflict.table_name == conflict.table_name, SyncConflict.row_id == conflict.row_id,
                                   SyncConflict.field == conflict.field, SyncConflict.resolved_at.is_(None),
                                   SyncConflict.shared_id.is_(None))
    ).scalars():
        other.resolved_at, other.resolution = now, keep


# --- compaction ----------------------------------------------------------------------
def compact(ctx: AppContext, share: str | os.PathLike[str] | None = None, ops: FileOps | None = None) -> dict[str, Any]:
    ops = ops or REAL
    first = sync_now(ctx, share, ops)
    if first["state"] == "offline":
        raise DutyDeskError(first["message"])
    root = engine.share_root(ctx, share)
    assert root is not None
    try:
        group = engine.open_share(ctx, ops, root)
        return compaction.compact(ctx, ops, root, group)
    except layout.LeaseBusy:
        raise DutyDeskError("Another laptop is compacting the share right now; try again in a few minutes.") from None
    except engine.ShareProblem as exc:
        raise DutyDeskError(str(exc)) from None
    except OSError as exc:
        raise DutyDeskError(engine.describe_os_error(exc, "compacting the share")[1]) from None


def interval_minutes(ctx: AppContext) -> int:
    from app.settings import device

    value = device.get(ctx, INTERVAL_KEY, DEFAULT_INTERVAL_MIN)
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return DEFAULT_INTERVAL_MIN


def set_interval_minutes(ctx: AppContext, minutes: int) -> None:
    from app.settings import device

    if not 1 <= int(minutes) <= 240:
        raise ValidationError("Sync every 1 to 240 minutes.")
    device.set_many(ctx, {INTERVAL_KEY: int(minutes)})
