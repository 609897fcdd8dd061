"""Property: three laptops move, reassign and delete shifts, resolve conflicts and sync in
any order. After quiet rounds every laptop holds the same records; each shift keeps its
rules; each field group is one some laptop wrote; every write that lost without being
seen, and every edit that met a delete, is a conflict; and conflicts agree everywhere."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.context import open_context
from app.db import groups
from app.db.ids import new_id
from app.db.values import to_json_value
from app.errors import DutyDeskError
from app.rota import service as rota
from app.rota.models import RotaShift
from app.setup import setup
from app.team.service import ensure_officer
from app.sync import service
from app.sync.merge import shared_tables
from tests.sync.helpers import shared_state, sync

DEVICES = 3
SHIFTS = 2
UTC = dt.timezone.utc
DAY = dt.date(2026, 12, 3)
TIMES = [(16, 22), (17, 22), (18, 23), (9, 17), (8, 12), (20, 23)]
OFFICERS = ["Ann", "Bob", None]
GROUP_FIELDS = {"times": ("start", "end", "unpaid_break_minutes"), "officer": ("officer_id",), "deleted": ("deleted",)}

step = st.one_of(
    st.tuples(st.just("move"), st.integers(0, DEVICES - 1), st.integers(0, SHIFTS - 1), st.integers(0, len(TIMES) - 1)),
    st.tuples(st.just("start"), st.integers(0, DEVICES - 1), st.integers(0, SHIFTS - 1), st.integers(6, 15)),
    st.tuples(st.just("assign"), st.integers(0, DEVICES - 1), st.integers(0, SHIFTS - 1), st.integers(0, len(OFFICERS) - 1)),
    st.tuples(st.just("delete"), st.integers(0, DEVICES - 1), st.integers(0, SHIFTS - 1), st.just(0)),
    st.tuples(st.just("resolve"), st.integers(0, DEVICES - 1), st.integers(0, 3), st.integers(0, 1)),
    st.tuples(st.just("sync"), st.integers(0, DEVICES - 1), st.just(0), st.just(0)),
)


@dataclass
class Write:
    author: int
    index: int  # position among its author's writes (published in this order)
    record: str
    group: str
    values: Any
    known: set[int] = field(default_factory=set)  # writes (same record) its author had when writing


@dataclass
class Oracle:
    """What each laptop had seen when it wrote, from publishing order alone."""

    writes: list[Write] = field(default_factory=list)
    known: dict[int, set[int]] = field(default_factory=lambda: {d: set() for d in range(DEVICES)})
    published: dict[int, int] = field(default_factory=lambda: {d: 0 for d in range(DEVICES)})

    def write(self, author: int, record: str, group: str, values: Any) -> None:
        index = sum(1 for w in self.writes if w.author == author)
        known = {i for i in self.known[author] if self.writes[i].record == record}
        self.writes.append(Write(author, index, record, group, values, known))
        self.known[author].add(len(self.writes) - 1)

    def synced(self, device: int) -> None:
        self.published[device] = sum(1 for w in self.writes if w.author == device)
        self.known[device] |= {i for i, w in enumerate(self.writes) if w.index < self.published[w.author]}


def _template(base: Path) -> Path:
    template = base / "template"
    if not template.exists():
        open_context(template).close()
    return template


def _laptop(base: Path, name: str):
    folder = base / name
    shutil.copytree(_template(base.parent), folder, ignore=shutil.ignore_patterns("*.lock", "dutydesk.lock.json"))
    with sqlite3.connect(folder / "dutydesk.sqlite3") as db:
        db.execute("UPDATE device_state SET device_id = ?", (new_id(),))
    ctx = open_context(folder)
    setup(ctx, officer=f"Officer {name}")
    return ctx


def _group(ctx, record: str, group: str) -> Any:
    with ctx.read() as session:
        row = session.get(RotaShift, record)
        values = {f: to_json_value(getattr(row, f)) for f in GROUP_FIELDS[group]}
    return values if len(values) > 1 else next(iter(values.values()))


def _live(ctx, record: str) -> bool:
    with ctx.read() as session:
        return not session.get(RotaShift, record).deleted


def _at(hour: int) -> dt.datetime:
    return dt.datetime(DAY.year, DAY.month, DAY.day, hour, tzinfo=UTC)


def _edit(oracle: Oracle, ctx, dev: int, kind: str, record: str, arg: int) -> None:
    if not _live(ctx, record):
        return
    group = {"move": "times", "start": "times", "assign": "officer"}.get(kind, "deleted")
    before = _group(ctx, record, group)
    try:
        if kind == "move":
            rota.update_shift(ctx, record, start=_at(TIMES[arg][0]), end=_at(TIMES[arg][1]))
        elif kind == "start":  # only the start, as the Sam does
            with ctx.write() as session:
                row = session.get(RotaShift, record)
                if _at(arg) >= row.end:
                    return
                row.start = _at(arg)
        elif kind == "assign":
            rota.update_shift(ctx, record, officer=OFFICERS[arg])
        else:
            rota.remove_shift(ctx, record)
    except DutyDeskError:
        return  # refused at the edge (double booking): nothing written
    after = _group(ctx, record, group)
    if after != before:  # a write of the group (the same values again are no write of it)
        oracle.write(dev, record, group, after)


def _resolve(oracle: Oracle, ctx, dev: int, pick: int, side: int) -> None:
    open_ = service.list_conflicts(ctx)
    if not open_:
        return
    conflict = open_[pick % len(open_)]
    try:
        service.resolve(ctx, conflict.id, ("local", "remote")[side])
    except DutyDeskError:
        return
    group = {"start": "times", "officer_id": "officer"}.get(conflict.fields[0], "deleted")
    if conflict.kind == "delete":
        group = "deleted"
    oracle.write(dev, conflict.row_id, group, _group(ctx, conflict.row_id, group))


def _quiet_rounds(ctxs, share: Path, oracle: Oracle) -> None:
    for _ in range(6):
        published = 0
        for dev, ctx in enumerate(ctxs):
            result = sync(ctx, share)
            assert result["state"] in ("synced", "conflicts"), result["message"]
            oracle.synced(dev)
            published += result["published"]
        if not published:
            return
    raise AssertionError("sync never went quiet")


def _sides_contain(conflict: service.ConflictInfo, values: Any) -> bool:
    for side in (conflict.local_value, conflict.remote_value):
        if side == values:
            return True
        if isinstance(side, dict) and isinstance(values, dict) and all(side.get(k) == v for k, v in values.items()):
            return True
        if isinstance(side, dict) and not isinstance(values, dict) and values in side.values():
            return True
    return False


# Derandomized: the same examples on every run, so CI never flips on an unlucky draw. Sequences
# that once broke agreement are pinned below as regression tests.
@settings(max_examples=10, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],  # shrinking: minutes of CPU
          derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(step, min_size=4, max_size=16))
def test_team_merges_keep_meaning(tmp_path_factory, steps) -> None:
    _run_story(tmp_path_factory, steps)


# Once: one laptop listed a conflict as resolved that the others never derived, because
# the decision reached them before (or together with) the sides it settled.
DECISION_BEFORE_ITS_SIDES = [
    ("delete", 2, 0, 0), ("resolve", 2, 1, 0), ("delete", 1, 1, 0), ("delete", 1, 1, 0),
    ("start", 0, 1, 13), ("start", 0, 0, 15), ("start", 1, 0, 15), ("sync", 0, 0, 0),
    ("move", 0, 1, 4), ("assign", 0, 0, 2), ("move", 2, 1, 5), ("start", 0, 0, 13),
    ("sync", 2, 0, 0), ("start", 2, 1, 14), ("move", 2, 0, 1), ("resolve", 0, 0, 0),
]


def test_a_decision_that_arrives_before_its_sides_is_resolved_everywhere(tmp_path_factory) -> None:
    _run_story(tmp_path_factory, DECISION_BEFORE_ITS_SIDES)


def _run_story(tmp_path_factory, steps) -> None:  # type: ignore[no-untyped-def]
    base = tmp_path_factory.mktemp("groups")
    share = base / "share"
    share.mkdir()
    ctxs = [_laptop(base, f"d{i}") for i in range(DEVICES)]
    oracle = Oracle()
    try:
        for name in ("Ann", "Bob"):
            ensure_officer(ctxs[0], name)
        records = []
        for i in range(SHIFTS):
            shift = rota.add_shift(ctxs[0], officer=None, start=_at(18 + i), end=_at(22 + i), kind="late")
            records.append(shift.id)
            for group in GROUP_FIELDS:
                oracle.write(0, shift.id, group, _group(ctxs[0], shift.id, group))
        _quiet_rounds(ctxs, share, oracle)
        for kind, dev, a, b in steps:
            ctx = ctxs[dev]
            if kind == "sync":
                sync(ctx, share)
                oracle.synced(dev)
            elif kind == "resolve":
                _resolve(oracle, ctx, dev, a, b)
            else:
                _edit(oracle, ctx, dev, kind, records[a], b)
        _quiet_rounds(ctxs, share, oracle)
        _check(ctxs, oracle, records)
        ctxs.append(_join_from_snapshot(base, ctxs, share))
    finally:
        for ctx in ctxs:
            ctx.close()


def _join_from_snapshot(base: Path, ctxs, share: Path):  # type: ignore[no-untyped-def]
    """A laptop that joins from a snapshot lists the same conflicts and decisions."""
    service.compact(ctxs[0], share)
    newcomer = _laptop(base, "joiner")
    for _ in range(2):
        assert sync(newcomer, share)["state"] in ("synced", "conflicts")
    assert shared_state(newcomer)["rota_shift"] == shared_state(ctxs[0])["rota_shift"]
    views = [{c.team_id: bool(c.resolved) for c in service.list_conflicts(ctx, include_resolved=True)}
             for ctx in (ctxs[0], newcomer)]
    assert views[0] == views[1], "a laptop that joined from a snapshot lists the same conflicts"
    return newcomer


def _check(ctxs, oracle: Oracle, records: list[str]) -> None:
    states = [shared_state(ctx) for ctx in ctxs]
    assert states[0] == states[1] == states[2], "every laptop holds the same records"
    table = shared_tables()["rota_shift"]
    with ctxs[0].read() as session:
        for row in session.execute(select(table)).mappings():
            values = {k: to_json_value(v) for k, v in row.items()}
            for rule in groups.rules_of("rota_shift"):
                assert not rule(session, table, values), f"shift {row['id']} breaks a rule: {values}"
    lists = [service.list_conflicts(ctx, include_resolved=True) for ctx in ctxs]
    agreed = [{c.team_id: bool(c.resolved) for c in items} for items in lists]
    assert agreed[0] == agreed[1] == agreed[2], "conflicts and their decisions agree on every laptop"
    superseded = {i for w in oracle.writes for i in w.known if oracle.writes[i].group == w.group}
    for record in records:
        for group in GROUP_FIELDS:
            final = _group(ctxs[0], record, group)
            written = [w.values for w in oracle.writes if w.record == record and w.group == group]
            assert final in written, f"{group} of {record} is {final}, which no laptop wrote"
        conflicts = [c for c in lists[0] if c.row_id == record]
        for i, w in enumerate(oracle.writes):
            if w.record != record or i in superseded or w.group == "deleted":
                continue
            if w.values != _group(ctxs[0], record, w.group):
                assert any(c.kind == "edit" and _sides_contain(c, w.values) for c in conflicts), (
                    f"{w.group} {w.values} by d{w.author} was lost without a conflict")
            deletes = [(j, d) for j, d in enumerate(oracle.writes) if d.record == record and d.group == "deleted" and d.values is True]
            if any(i in d.known for _, d in deletes):
                continue  # an officer deleted the shift knowing this edit: a decision, not a loss
            for j, d in deletes:
                if j not in w.known:
                    assert any(c.kind == "delete" and _sides_contain(c, w.values) for c in conflicts), (
                        f"edit {w.values} by d{w.author} met a delete by d{d.author} without a conflict")
