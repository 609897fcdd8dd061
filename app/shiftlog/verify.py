"""Walk every hash chain of the log and report the first break of each.

A chain is one shift's entries (or one officer's entries outside a shift on one
laptop), numbered 1, 2, 3... Each entry stores the previous entry's hash and its own,
computed over its recorded facts; any change made behind the app's back, a removed
or tombstoned entry, or a gap in the numbering shows up here.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from sqlalchemy import select

from app.context import AppContext
from app.shiftlog import chain
from app.shiftlog.models import LogEntry


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

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(ctx: AppContext) -> VerifyResult:
    problems: list[ChainProblem] = []
    chains = entries = 0
    with ctx.read() as session:
        rows = session.execute(select(LogEntry).order_by(LogEntry.chain_key, LogEntry.seq)).scalars()
        for key, group in groupby(rows, key=lambda r: r.chain_key):
            chains += 1
            prev_hash = chain.GENESIS
            expected_seq = 1
            for row in group:
                entries += 1
                problem = _check(row, prev_hash, expected_seq)
                if problem:
                    problems.append(ChainProblem(row.id, key, row.seq, row.officer, problem))
                    break  # the rest of this chain cannot be trusted either
                prev_hash = row.entry_hash
                expected_seq = row.seq + 1
    return VerifyResult(chains, entries, problems)


def _check(row: LogEntry, prev_hash: str, expected_seq: int) -> str | None:
    if row.seq != expected_seq:
        return f"numbering jumps from #{expected_seq - 1} to #{row.seq} (an entry is missing)"
    if row.prev_hash != prev_hash:
        return "does not link to the previous entry (an entry before it was changed or removed)"
    if chain.entry_hash(row.prev_hash, row) != row.entry_hash:
        return "its recorded content was altered after it was written"
    if row.deleted:
        return "it was marked deleted, but log entries are never deleted"
    return None
