"""Check every hash chain of the log, and the chain heads the team's laptops published.

What this proves and what it cannot is written down in docs/sync.md ("What log verify
can prove"). In short: any change to an entry or its shift row made behind the app's
back shows; an entry that was synced and is later deleted, truncated away or rewritten
(even with every later hash recomputed) shows against the heads its laptop published;
an entry added behind the app's back shows unless that laptop's owner also forged the
change log and synced it. Entries never synced, on a laptop whose owner rewrites its
database, cannot be checked by anyone.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from sqlalchemy import select

from app.context import AppContext
from app.db.local_models import ChangeLogEntry
from app.shiftlog import chain
from app.shiftlog.models import LogEntry, Shift


@dataclass(frozen=True)
class ChainProblem:
    entry_id: str
    chain_key: str
    seq: int
    officer: str
    problem: str

    def describe(self) -> str:
        return f"entry {self.entry_id} (#{self.seq} by {self.officer}, chain {self.chain_key}): {self.problem}"

    def as_json(self) -> dict[str, object]:
        return {
            "entry_id": self.entry_id, "chain_key": self.chain_key, "seq": self.seq,
            "officer": self.officer, "problem": self.problem,
        }


@dataclass(frozen=True)
class VerifyResult:
    chains: int
    entries: int
    problems: list[ChainProblem]
    heads: int = 0  # chain heads published by the team's laptops that were checked
    share_read: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(ctx: AppContext, *, use_share: bool = True) -> VerifyResult:
    from app.sync import log_heads

    heads, share_read = log_heads.collect(ctx) if use_share else (_local_heads(ctx), False)
    problems: list[ChainProblem] = []
    with ctx.read() as session:
        rows = session.execute(select(LogEntry).order_by(LogEntry.chain_key, LogEntry.seq)).scalars().all()
        shifts = {s.id: s for s in session.execute(select(Shift)).scalars()}
        written_here = set(session.execute(
            select(ChangeLogEntry.row_id).where(ChangeLogEntry.table_name == "log_entry", ChangeLogEntry.op == "insert")
        ).scalars())
        waiting = _parked_hashes(session)
    by_chain = {key: list(group) for key, group in groupby(rows, key=lambda r: r.chain_key)}
    heads_by_chain: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for publisher, chains in heads.items():
        for key, (seq, digest) in chains.items():
            heads_by_chain[key].append((publisher, seq, digest))
    for key in sorted(set(by_chain) | set(heads_by_chain)):
        entries = by_chain.get(key, [])
        found = (_check_links(key, entries, shifts)
                 or _check_heads(key, entries, heads_by_chain.get(key, []), waiting, shifts)
                 or _check_accounted(key, entries, heads_by_chain.get(key, []), written_here, ctx))
        if found:
            problems.append(found)
    problems.extend(_check_shift_ends(rows, shifts))
    reported = {p.chain_key for p in problems}  # one problem per chain: its first break
    problems.extend(p for p in _check_written_here_still_there(ctx, written_here - {row.id for row in rows})
                    if p.chain_key not in reported)
    return VerifyResult(len(by_chain), len(rows), problems, sum(len(h) for h in heads_by_chain.values()), share_read)


def _local_heads(ctx: AppContext) -> dict[str, dict[str, list[Any]]]:
    from app.sync.merge import get_meta

    with ctx.read() as session:
        return get_meta(session, "log_heads", {}) or {}


def _parked_hashes(session: Any) -> set[str]:
    """Entries that arrived but could not be applied here (set aside by sync): not tampering."""
    from app.sync.models import SyncParked

    found = set()
    for entry in session.execute(select(SyncParked.entry)).scalars():
        try:
            if entry["table"] == "log_entry":
                found.add(entry["changes"]["entry_hash"]["new"])
        except (KeyError, TypeError):
            continue
    return found


def _problem(row: LogEntry, text: str) -> ChainProblem:
    return ChainProblem(row.id, row.chain_key, row.seq, row.officer, text)


def _check_links(key: str, entries: list[LogEntry], shifts: dict[str, Shift]) -> ChainProblem | None:
    """Each entry's own hash, and its link to a genuine predecessor (a fork is allowed)."""
    by_hash = {row.entry_hash: row for row in entries}
    seqs = {row.seq for row in entries}
    for row in entries:
        if not chain.hash_matches(row):
            return _problem(row, "its recorded content was altered after it was written")
        if row.deleted:
            return _problem(row, "it was marked deleted, but log entries are never deleted")
        if row.seq == 1:
            shift = shifts.get(row.shift_id) if row.shift_id else None
            if row.shift_id and shift is None and chain.is_per_laptop(key):
                continue  # its shift has not arrived yet: nothing to compare with
            if row.prev_hash != chain.genesis(key, shift):
                return _problem(row, "it does not link to the start of its chain (its shift record was changed)")
            continue
        before = by_hash.get(row.prev_hash)
        if before is None or before.seq != row.seq - 1:
            if row.seq - 1 not in seqs:
                return _problem(row, f"the entry before it (#{row.seq - 1}) is missing")
            return _problem(row, f"it does not link to the entry before it (#{row.seq - 1} was changed or removed)")
    return None


def _check_heads(key: str, entries: list[LogEntry], heads: list[tuple[str, int, str]], waiting: set[str],
                 shifts: dict[str, Shift]) -> ChainProblem | None:
    """Every head a laptop published for this chain must still be here, unchanged."""
    by_hash = {row.entry_hash for row in entries}
    for publisher, seq, digest in sorted(heads, key=lambda h: h[1]):
        if digest in by_hash or digest in waiting:
            continue
        same_number = [row for row in entries if row.seq == seq]
        if same_number:
            return _problem(same_number[0], f"it differs from entry #{seq} as its laptop published it to the team "
                                            "(rewritten after it was synced)")
        last = entries[-1] if entries else None
        shift = shifts.get(key.split(chain.SEPARATOR)[0])
        officer = last.officer if last else (shift.officer if shift else "?")
        text = (f"entries up to #{seq} were synced to the team, but this chain now ends at #{last.seq if last else 0} "
                "(entries deleted after they were synced)")
        return ChainProblem(last.id if last else "(deleted)", key, seq, officer, text)
    return None


def _check_accounted(key: str, entries: list[LogEntry], heads: list[tuple[str, int, str]], written_here: set[str],
                     ctx: AppContext) -> ChainProblem | None:
    """An entry must have been written by Duty Desk here, or published by its own laptop."""
    device = chain.device_of(key)
    if device is None or (device != ctx.device_id and not heads):
        return None  # old-scheme chain, or received before heads existed: cannot tell
    published_up_to = max((seq for _, seq, _ in heads), default=0)
    for row in entries:
        if row.seq > published_up_to and row.id not in written_here:
            return _problem(row, "it was neither written by Duty Desk on this laptop nor published by the laptop "
                                 "that writes this chain (added behind the app's back)")
    return None


def _check_written_here_still_there(ctx: AppContext, missing: set[str]) -> list[ChainProblem]:
    """An entry this laptop wrote (its change log says so) must still be here, synced or not."""
    if not missing:
        return []
    with ctx.read() as session:
        records = session.execute(select(ChangeLogEntry).where(
            ChangeLogEntry.table_name == "log_entry", ChangeLogEntry.op == "insert", ChangeLogEntry.row_id.in_(sorted(missing))
        )).scalars().all()
    problems = []
    for record in records:
        facts = {name: (change or {}).get("new") for name, change in (record.changes or {}).items()}
        problems.append(ChainProblem(record.row_id, str(facts.get("chain_key")), int(facts.get("seq") or 0),
                                     str(facts.get("officer")), "it was written on this laptop and has been removed"))
    return problems


def _check_shift_ends(rows: list[LogEntry], shifts: dict[str, Shift]) -> list[ChainProblem]:
    """A shift's end time, handover note and "finished safely" are mirrored by log entries."""
    from app.shiftlog.service import HANDOVER_SOURCE, WELFARE_FINISHED

    problems = []
    by_shift: dict[str, list[LogEntry]] = defaultdict(list)
    for row in rows:
        if row.shift_id and row.source in (HANDOVER_SOURCE, WELFARE_FINISHED):
            by_shift[row.shift_id].append(row)
    for shift_id, marks in by_shift.items():
        shift = shifts.get(shift_id)
        if shift is None or shift.ended_at is None:
            continue
        handover = [r for r in marks if r.source == HANDOVER_SOURCE]
        finished = [r for r in marks if r.source == WELFARE_FINISHED]
        # (ended on two laptops at once, both ends are in the log: the row must match one of them)
        wrong = None
        if shift.ended_at not in {r.event_at for r in marks}:
            wrong = "its end time"
        elif (shift.handover or "").strip() and (shift.handover or "").strip() not in {r.text for r in handover}:
            wrong = "its handover note"
        elif shift.finished_safely and not finished:
            wrong = "whether it finished safely"
        if wrong:
            row = marks[-1]
            problems.append(ChainProblem(row.id, row.chain_key, row.seq, shift.officer,
                                         f"the shift record was changed: {wrong} no longer matches its log entries"))
    return problems
