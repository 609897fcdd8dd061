"""Merge one remote change into a row, group by group (see ``app.db.groups``).

Each field group keeps its heads (writes no later write replaced); a remote write
replaces the heads its author had seen and joins the rest. The record shows the newest
head, whole, so a record always holds a combination some laptop wrote. The outcome
depends only on which writes arrived, never on their order.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from app.db import groups
from app.db.base import SYNC_BOOKKEEPING
from app.db.groups import GroupState, Head

FieldVersions = dict[tuple[str, str, str], tuple[int, str, Any]]


@dataclass
class RowState:
    values: dict[str, Any]
    new: bool = False
    dirty: set[str] = field(default_factory=set)
    before: dict[str, Any] = field(default_factory=dict)  # values as they were before this merge


def _larger(a: Any, b: Any) -> Any:
    if a is None or b is None:
        return b if a is None else a
    return max(a, b)


@dataclass
class EntryMerge:
    """Merges entries into rows; keeps field versions (for snapshots) and group heads."""

    session: Session
    versions: FieldVersions
    touched: FieldVersions = field(default_factory=dict)
    states: dict[str, dict[tuple[str, str], GroupState]] = field(default_factory=dict)

    def load_states(self, keys: set[tuple[str, str]]) -> None:
        by_table: dict[str, list[str]] = defaultdict(list)
        for table, row in keys:
            by_table[table].append(row)
        for table, rows in by_table.items():
            self.states[table] = groups.load_states(self.session, table, rows)

    def save_states(self) -> None:
        for table, states in self.states.items():
            groups.save_states(self.session, table, states)

    def _stamp(self, e: dict[str, Any], names: Any) -> None:
        stamp = (e["hlc"], e["device"], None)
        for name in names:
            key = (e["table"], e["row"], name)
            if stamp[:2] > self.versions.get(key, (0, "", None))[:2]:
                self.touched[key] = self.versions[key] = stamp

    def insert(self, e: dict[str, Any], row: RowState) -> None:
        names = [n for n in e["changes"] if n not in SYNC_BOOKKEEPING]
        self._stamp(e, names)
        self._heads(e, row, {n: e["changes"][n] for n in names}, seen={})

    def apply(self, e: dict[str, Any], row: RowState) -> int:
        """Merge one entry into an existing row; returns how many fields changed."""
        changes = {n: c for n, c in e["changes"].items() if n not in SYNC_BOOKKEEPING}
        self._stamp(e, changes)
        seen = groups.entry_seen(e["changes"])
        if seen is None and e["op"] == "insert":
            seen = {}  # the same record created twice: its author knew nothing of this one
        return self._heads(e, row, changes, seen)

    def _heads(self, e: dict[str, Any], row: RowState, changes: dict[str, Any], seen: dict[str, Any] | None) -> int:
        table, row_id = e["table"], e["row"]
        states = self.states.setdefault(table, {})
        maxed = groups.max_fields(table)
        changed = 0
        first: GroupState | None = None
        for group in groups.touched_groups(table, changes):
            present = [f for f in group if f in changes]
            new = {f: changes[f].get("new") for f in present}
            if set(group) <= maxed:
                changed += self._set(row, {f: _larger(new[f], row.values.get(f)) for f in present})
                continue
            name = groups.group_name(group)
            state = states.setdefault((row_id, name), GroupState())
            first = first or state
            values = {f: new[f] if f in new else row.values.get(f) for f in group}
            if e.get("snapshot"):
                knew = state.versions()
            elif seen is not None:
                knew = seen.get(name, [])
            else:  # written before field groups: it replaced what we hold if it saw our values
                knew = state.versions() if all(changes[f].get("old") == row.values.get(f) for f in present) else []
            held = changes.get("deleted", {}).get(groups.HELD_KEY) if name == "deleted" else None
            head = Head((e["hlc"], e["device"]), e.get("officer", ""), values, seen or {}, held)
            if state.add(head, knew):
                top = state.top()
                assert top is not None
                if top.values:
                    changed += self._set(row, top.values)
        settled = groups.entry_settled(e["changes"])
        if settled and first is not None:  # resolved here too, whatever order the sides arrive in
            first.decide(settled)
        return changed

    @staticmethod
    def _set(row: RowState, values: dict[str, Any]) -> int:
        changed = 0
        for f, value in values.items():
            if row.values.get(f) != value:
                if not row.new:
                    row.before.setdefault(f, row.values.get(f))
                row.values[f] = value
                row.dirty.add(f)
                changed += 1
        return changed
