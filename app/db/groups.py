"""Field groups and record rules: what sync may merge separately, and what must hold after.

A shared model declares, next to its columns:

- ``__sync_groups__``: tuples of fields that only make sense together (a shift's start,
  end and break). Sync merges, detects conflicts on and resolves whole groups, so the
  merged record is always a combination some laptop wrote. A field in no group is its
  own group; ``deleted`` (the tombstone) is always its own group.
- ``__sync_max__``: bookkeeping counters merged by taking the larger value; they never
  make a conflict (a shift's ``revision``).
- ``__sync_quiet__``: fields merged last-writer-wins without ever raising a conflict.
- ``__sync_rules__``: functions ``rule(session, table, values) -> str | None`` checked on
  every record a merge changes; a message means the merged record breaks the rule.

Each group keeps its *heads*: the writes no later write replaced. A write replaces the
heads its author had (it carries them as "seen"); writes whose authors had not seen
each other are both heads. The record shows the newest head (by hybrid clock, device);
every other head with different values is a conflict. The heads depend only on which
writes a laptop has, not on the order they arrived, so every laptop derives the same
conflicts, and a decision is just a later write that has seen both sides.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session

from app.db.base import SYNC_BOOKKEEPING, Base, is_shared
from app.db.registry import load_all_models

Rule = Callable[[Session, Table, dict[str, Any]], "str | None"]
Version = tuple[int, str]
ZERO: Version = (0, "")
SEEN_KEY = "seen"  # in one change of an entry: {group name: [[hlc, device], ...]} heads its writer had
SETTLED_KEY = "settled"  # in one change of an entry: {conflict id: the conflict} its writer settled
HELD_KEY = "held"  # in the "deleted" change of a write that holds back a merge: {"message", "other"}


@cache
def model_for(table_name: str) -> type | None:
    load_all_models()
    for mapper in Base.registry.mappers:
        if is_shared(mapper.class_) and mapper.local_table.name == table_name:  # type: ignore[union-attr]
            return mapper.class_
    return None


@cache
def groups_of(table_name: str) -> tuple[tuple[str, ...], ...]:
    """Every group of a shared table (declared ones first, then one per other field)."""
    model = model_for(table_name)
    if model is None:
        return ()
    columns = [c.name for c in model.__table__.columns if c.name not in SYNC_BOOKKEEPING and c.name != "id"]
    declared = [tuple(g) for g in getattr(model, "__sync_groups__", ())]
    in_group = {f for g in declared for f in g}
    unknown = in_group - set(columns)
    if unknown or "deleted" in in_group:
        raise ValueError(f"{table_name}: bad field group member(s) {sorted(unknown) or ['deleted']}")
    return (*declared, *((c,) for c in columns if c not in in_group))


@cache
def group_map(table_name: str) -> dict[str, tuple[str, ...]]:
    """Field name -> the group it belongs to."""
    return {f: g for g in groups_of(table_name) for f in g}


def group_name(group: tuple[str, ...]) -> str:
    return group[0]


def max_fields(table_name: str) -> frozenset[str]:
    return frozenset(getattr(model_for(table_name), "__sync_max__", ()))


def quiet_fields(table_name: str) -> frozenset[str]:
    return frozenset(getattr(model_for(table_name), "__sync_quiet__", ()))


def rules_of(table_name: str) -> tuple[Rule, ...]:
    return tuple(getattr(model_for(table_name), "__sync_rules__", ()))


def touched_groups(table_name: str, fields: Iterable[str]) -> list[tuple[str, ...]]:
    gmap = group_map(table_name)
    seen: dict[tuple[str, ...], None] = {}
    for f in fields:
        if f in gmap:
            seen[gmap[f]] = None
    return list(seen)


# --- the heads of each group (read and written at write time and at merge) -------------
STATE_PREFIX = "#"  # group state rows in sync_field_version: field = "#" + group name


@dataclass
class Head:
    """One write of a group that no later write replaced (its author had not seen it)."""

    version: Version
    officer: str
    values: dict[str, Any]
    seen: dict[str, list[Version]] = field(default_factory=dict)  # the author's heads of every group
    held: dict[str, Any] | None = None  # a merge held back by a rule (deleted group only)

    def as_json(self) -> list[Any]:
        return [self.version[0], self.version[1], self.officer, self.values,
                {k: [list(v) for v in vs] for k, vs in self.seen.items()}, self.held]

    @classmethod
    def from_json(cls, data: list[Any]) -> Head:
        seen = {k: [(int(v[0]), str(v[1])) for v in vs] for k, vs in (data[4] or {}).items()}
        return cls((int(data[0]), str(data[1])), str(data[2] or ""), dict(data[3] or {}), seen, data[5])


@dataclass
class GroupState:
    heads: list[Head] = field(default_factory=list)
    replaced: set[Version] = field(default_factory=set)
    # conflicts a write settled (its author saw them and wrote over both sides), by conflict id:
    # carried in that write, so every laptop lists them resolved whatever order writes arrive in
    decided: dict[str, dict[str, Any]] = field(default_factory=dict)
    dirty: bool = False

    def top(self) -> Head | None:
        return max(self.heads, key=lambda h: h.version) if self.heads else None

    def versions(self) -> list[Version]:
        return sorted(h.version for h in self.heads)

    def add(self, head: Head, knew: list[Version]) -> bool:
        """Add a write that replaced ``knew``; True if the heads changed.

        A write that arrives after a later one replaced it still replaces what its author
        knew: the heads are then the same whatever order the writes arrived in."""
        fresh = head.version not in self.replaced and all(h.version != head.version for h in self.heads)
        gone = set(knew) - self.replaced
        self.replaced.update(knew)
        before = len(self.heads)
        self.heads = [h for h in self.heads if h.version not in self.replaced] + ([head] if fresh else [])
        changed = fresh or len(self.heads) != before
        self.dirty = self.dirty or changed or bool(gone)
        return changed

    def decide(self, settled: dict[str, dict[str, Any]]) -> None:
        """Remember conflicts a write settled; of two decisions on one, the earlier counts."""
        for cid, data in settled.items():
            mine = self.decided.get(cid)
            if mine is None or tuple(data.get("at", ())) < tuple(mine.get("at", ())):
                self.decided[cid] = data
                self.dirty = True


def load_states(session: Session, table_name: str, row_ids: Iterable[str]) -> dict[tuple[str, str], GroupState]:
    """(row id, group name) -> state, for every group of the given rows that has one."""
    out: dict[tuple[str, str], GroupState] = {}
    ids = sorted(set(row_ids))
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        marks = ",".join("?" * len(part))
        rows = session.connection().exec_driver_sql(
            f"SELECT row_id, field, hlc, device_id, base FROM sync_field_version WHERE table_name = ? "
            f"AND field LIKE '#%' AND row_id IN ({marks})", (table_name, *part),
        ).all()
        for row_id, name, clock, device, base in rows:
            out[(row_id, name[len(STATE_PREFIX):])] = _state(clock, device, base)
    return out


def _state(clock: int, device: str, base: str | None) -> GroupState:
    data = json.loads(base) if base else None
    if not isinstance(data, dict) or "heads" not in data:  # from a snapshot: one head, values unknown
        return GroupState([Head((int(clock), str(device)), "", {})])
    return GroupState([Head.from_json(h) for h in data["heads"]], {(int(v[0]), str(v[1])) for v in data.get("replaced", [])},
                      dict(data.get("decided") or {}))


def save_states(session: Session, table_name: str, states: dict[tuple[str, str], GroupState]) -> None:
    params: list[VersionRow] = []
    for (row_id, name), state in states.items():
        if not state.dirty or not state.heads:
            continue
        top = state.top()
        assert top is not None
        base = {"heads": [h.as_json() for h in state.heads], "replaced": sorted(list(v) for v in state.replaced),
                "decided": state.decided}
        params.append((table_name, row_id, STATE_PREFIX + name, top.version[0], top.version[1], json.dumps(base, sort_keys=True)))
        state.dirty = False
    upsert_versions(session, params)


VersionRow = tuple[str, str, str, int, str, "str | None"]  # table, row id, field (or "#group"), hlc, device, base JSON
_UPSERT = (
    "INSERT INTO sync_field_version (table_name, row_id, field, hlc, device_id, base) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (table_name, row_id, field) DO UPDATE SET hlc = excluded.hlc, device_id = excluded.device_id, "
    "base = excluded.base"
)


def upsert_versions(session: Session, params: list[VersionRow]) -> None:
    """Write field versions and group states: one plain driver executemany, as this is the
    hot path of a big merge (the merge, group states and a snapshot's heads all use it)."""
    if params:
        session.connection().exec_driver_sql(_UPSERT, params)


def record_local_write(session: Session, table_name: str, row_id: str, changes: dict[str, Any], version: Version,
                       officer: str, held: dict[str, Any] | None = None) -> tuple[dict[str, list[Version]], dict[str, Any]]:
    """Make a local write the only head of each group it touched. Returns what it knew
    (the heads of every group of the row) and the conflicts it settled (by id); both
    travel with the change."""
    from app.sync.decisions import Settling

    states = {name: st for (_, name), st in load_states(session, table_name, [row_id]).items()}
    seen = {name: st.versions() for name, st in states.items()}
    watch = Settling.start(table_name, row_id, states)
    maxed = max_fields(table_name)
    first: GroupState | None = None
    for group in touched_groups(table_name, changes):
        if set(group) <= maxed:
            continue  # counters: the larger wins, no heads
        name = group_name(group)
        state = states.setdefault(name, GroupState())
        first = first or state
        values = {f: changes[f].get("new") for f in group if f in changes}
        state.add(Head(version, officer, values, seen, held if name == "deleted" else None), seen.get(name, []))
    settled = watch.finish(states, version, officer)
    if settled and first is not None:
        first.decide(settled)
    save_states(session, table_name, {(row_id, n): st for n, st in states.items()})
    return seen, settled


def entry_settled(changes: dict[str, Any]) -> dict[str, Any]:
    """The conflicts an entry's write settled, carried in one change of the entry."""
    for change in changes.values():
        if isinstance(change, dict) and isinstance(change.get(SETTLED_KEY), dict):
            return dict(change[SETTLED_KEY])
    return {}


def entry_seen(changes: dict[str, Any]) -> dict[str, list[Version]] | None:
    """The writer's heads of every group of the row, carried in one change of the entry."""
    for change in changes.values():
        if isinstance(change, dict) and isinstance(change.get(SEEN_KEY), dict):
            return {k: [(int(v[0]), str(v[1])) for v in vs] for k, vs in change[SEEN_KEY].items()}
    return None


def conflict_id(kind: str, table_name: str, row_id: str, group: str, loser: Version) -> str:
    """The same conflict has the same id on every laptop."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}|{table_name}|{row_id}|{group}|{loser[0]}|{loser[1]}"))


NAMESPACE = uuid.UUID("6f1d3a52-9b7e-4c1e-8f5a-2d0c7e9b4a11")
