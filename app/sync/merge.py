"""Apply changes from other laptops to every shared table, generically.

The tables are found from the ORM registry (every ``SharedRecord`` mapper), so a
feature that adds a shared table syncs with no code here. Values travel as JSON and are
turned back into Python through each column's SQLAlchemy type, then written with Core
statements (bound through the same types).

Rules:
- a change is applied once (its operation id is remembered);
- per field group (``app.db.groups``), the write with the larger (hybrid logical clock,
  device id) wins, whole (``app.sync.groupmerge``);
- a write that did not know the version it overrides (or that lost to one whose author
  did not know it), and an edit made without knowing of a delete, is a *conflict*: the
  winner is applied and both sides are kept as team data (``app.sync.team``);
- a merged record that breaks its model's rules is held (``app.sync.rules``);
- a record from a newer schema (unknown table or column), or a change to a record that
  has not arrived yet, is *parked* and retried each round, never dropped.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from app.db import changes, groups, hlc
from app.db.base import SYNC_BOOKKEEPING, Base, is_shared
from app.db.local_models import ChangeLogEntry, DeviceState
from app.db.registry import load_all_models
from app.db.values import to_json_value
from app.sync import quarantine, rules, team
from app.sync.convert import from_json  # noqa: F401 - one conversion; callers import it from here too
from app.sync.groupmerge import EntryMerge, RowState
from app.sync.models import SyncAppliedOp, SyncFieldVersion, SyncMeta, SyncParked

CHUNK = 500
NO_VERSION = (0, "", None)


def shared_tables() -> dict[str, Table]:
    """Every synced table, discovered from the ORM registry."""
    load_all_models()
    found: dict[str, Table] = {}
    for mapper in Base.registry.mappers:
        if is_shared(mapper.class_):
            table = mapper.local_table
            found[table.name] = table  # type: ignore[assignment]
    return found


def shared_models() -> dict[str, type]:
    load_all_models()
    return {m.local_table.name: m.class_ for m in Base.registry.mappers if is_shared(m.class_)}  # type: ignore[union-attr]


def chunks(items: list[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def wall_time(version: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(hlc.unpack(version)[0] / 1000, dt.timezone.utc)


def get_meta(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(SyncMeta, key)
    return default if row is None else row.value


def set_meta(session: Session, key: str, value: Any) -> None:
    row = session.get(SyncMeta, key)
    if row is None:
        session.add(SyncMeta(key=key, value=value))
    else:
        row.value = value


@dataclass
class MergeResult:
    applied_ops: int = 0
    field_changes: int = 0
    conflicts: int = 0
    parked: int = 0
    skipped: int = 0
    max_hlc: int = 0
    holds: list[Any] = field(default_factory=list)
    touched_rows: set[tuple[str, str]] = field(default_factory=set)


def absorb_local(session: Session) -> None:
    """Record the versions of this laptop's own edits made since the last round."""
    since = get_meta(session, "absorbed_seq", 0)
    rows = session.execute(
        select(ChangeLogEntry.seq, ChangeLogEntry.table_name, ChangeLogEntry.row_id,
               ChangeLogEntry.changes, ChangeLogEntry.hlc, ChangeLogEntry.device_id)
        .where(ChangeLogEntry.seq > since).order_by(ChangeLogEntry.seq)
    ).all()
    if not rows:
        return
    keys = {(r.table_name, r.row_id) for r in rows}
    versions = _load_versions(session, keys)
    touched: dict[tuple[str, str, str], tuple[int, str, Any]] = {}
    for r in rows:
        for name, change in r.changes.items():
            if name in SYNC_BOOKKEEPING:
                continue
            key = (r.table_name, r.row_id, name)
            mine = (r.hlc, r.device_id, change.get("old"))
            if mine[:2] > versions.get(key, NO_VERSION)[:2]:
                versions[key] = mine
                touched[key] = mine
    _save_versions(session, touched)
    set_meta(session, "absorbed_seq", rows[-1].seq)


def _load_versions(session: Session, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str, str], tuple[int, str, Any]]:
    by_table: dict[str, list[str]] = defaultdict(list)
    for table_name, row_id in keys:
        by_table[table_name].append(row_id)
    found: dict[tuple[str, str, str], tuple[int, str, Any]] = {}
    fv = SyncFieldVersion.__table__
    for table_name, ids in by_table.items():
        for part in chunks(sorted(set(ids))):
            for row in session.execute(
                select(fv.c.row_id, fv.c.field, fv.c.hlc, fv.c.device_id, fv.c.base)
                .where(fv.c.table_name == table_name, fv.c.row_id.in_(part))
            ):
                found[(table_name, row.row_id, row.field)] = (row.hlc, row.device_id, row.base)
    return found


def _save_versions(session: Session, versions: dict[tuple[str, str, str], tuple[int, str, Any]]) -> None:
    """Upsert field versions (``groups.upsert_versions``: the hot path of a big merge)."""
    groups.upsert_versions(session, [
        (t, r, f, v[0], v[1], None if v[2] is None else json.dumps(v[2], sort_keys=True, ensure_ascii=False))
        for (t, r, f), v in versions.items()
    ])


def known_op_ids(session: Session, op_ids: list[str]) -> set[str]:
    known: set[str] = set()
    applied = SyncAppliedOp.__table__
    for part in chunks(op_ids):
        known.update(session.execute(select(applied.c.op_id).where(applied.c.op_id.in_(part))).scalars())
        known.update(session.execute(select(ChangeLogEntry.op_id).where(ChangeLogEntry.op_id.in_(part))).scalars())
    return known


def apply_entries(session: Session, entries: list[dict[str, Any]], tables: dict[str, Table] | None = None) -> MergeResult:
    """Apply remote change entries in (clock, device) order in the caller's transaction.

    A record that cannot be applied (malformed, a value that does not convert, a date
    out of range, a write the database refuses) is set aside with its reason
    (quarantine.park); everything else is applied."""
    tables = tables or shared_tables()
    result = MergeResult()
    session.info["applying_remote"] = True
    try:
        absorb_local(session)
        parked_rows = session.execute(select(SyncParked)).scalars().all()
        retry = {p.op_id: p.entry for p in parked_rows}
        candidates = [*retry.values(), *entries]
        bad = [(e, quarantine.malformed(e)) for e in candidates]
        pool = {e["op_id"]: e for e, problem in bad if problem is None}
        known = known_op_ids(session, list(pool))
        todo = sorted((e for op, e in pool.items() if op not in known), key=lambda e: (e["hlc"], e["device"], e["op_id"]))
        result.skipped = len(pool) - len(todo)
        if todo:
            result.max_hlc = max(e["hlc"] for e in todo)
        refused = [(e, problem) for e, problem in bad if problem is not None]
        for e in todo:
            problem = quarantine.unapplicable(e, tables, session.get_bind().dialect)
            if problem is not None:
                refused.append((e, problem))
        refused_ops = {id(e) for e, _ in refused}
        todo = [e for e in todo if id(e) not in refused_ops]
        quarantine.merge_guarded(session, todo, lambda part, res: _merge(session, part, tables, retry, res), result)
        result.parked += quarantine.park(session, refused)
    finally:
        session.info["applying_remote"] = False
    if result.holds:
        state = session.execute(select(DeviceState)).scalar_one()
        state.hlc_last = hlc.receive(state.hlc_last, result.max_hlc, session.info["identity"].now_ms)
        team.hold(session, result.holds)
    result.conflicts = team.refresh(session, result.touched_rows | {(h.table, h.row_id) for h in result.holds})
    return result


def _merge(session: Session, todo: list[dict[str, Any]], tables: dict[str, Table],
           retry: dict[str, Any], result: MergeResult) -> None:
    parked: dict[str, tuple[dict[str, Any], str]] = {}
    runnable = []
    for e in todo:
        table = tables.get(e["table"])
        if table is None:
            parked[e["op_id"]] = (e, f"it belongs to a newer version of Duty Desk (unknown table {e['table']})")
            continue
        unknown = [name for name in e["changes"] if name not in table.c]
        if unknown:
            parked[e["op_id"]] = (e, f"it belongs to a newer version of Duty Desk (unknown field {e['table']}.{unknown[0]})")
            continue
        runnable.append(e)
    keys = {(e["table"], e["row"]) for e in runnable}
    rows = _load_rows(session, keys, tables)
    merger = EntryMerge(session, _load_versions(session, keys))
    merger.load_states(keys)
    applied: list[str] = []
    for e in runnable:
        key = (e["table"], e["row"])
        row = rows.get(key)
        if row is None:
            if e["op"] != "insert":
                parked[e["op_id"]] = (e, "the record it changes has not arrived yet")
                continue
            values = {name: change.get("new") for name, change in e["changes"].items()}
            rows[key] = RowState(values=values, new=True)
            merger.insert(e, rows[key])
            result.field_changes += len(values)
            applied.append(e["op_id"])
            continue
        result.field_changes += merger.apply(e, row)
        if e["hlc"] > (row.values.get("hlc") or 0):
            row.values.update(hlc=e["hlc"], updated_device=e["device"], updated_by=e.get("officer", ""),
                              updated_at=to_json_value(wall_time(e["hlc"])))
            row.dirty.update({"hlc", "updated_device", "updated_by", "updated_at"})
        applied.append(e["op_id"])
    _write_rows(session, rows, tables)
    changes.note(session, (key for key, row in rows.items() if row.new or row.dirty))
    _save_versions(session, merger.touched)
    merger.save_states()
    result.touched_rows = set(rows)
    if applied:
        session.connection().exec_driver_sql("INSERT OR IGNORE INTO sync_applied_op (op_id) VALUES (?)", [(op,) for op in applied])
    result.holds = rules.broken(session, rows, tables)
    done = [op for op in applied if op in retry]
    parked_table = SyncParked.__table__
    for part in chunks(done):
        session.execute(parked_table.delete().where(parked_table.c.op_id.in_(part)))
    for op_id, (entry, reason) in parked.items():
        session.merge(SyncParked(op_id=op_id, entry=entry, reason=reason))
    result.applied_ops = len(applied)
    result.parked = len(parked)


def _load_rows(session: Session, keys: set[tuple[str, str]], tables: dict[str, Table]) -> dict[tuple[str, str], RowState]:
    by_table: dict[str, list[str]] = defaultdict(list)
    for table_name, row_id in keys:
        by_table[table_name].append(row_id)
    rows: dict[tuple[str, str], RowState] = {}
    for table_name, ids in by_table.items():
        table = tables[table_name]
        for part in chunks(sorted(set(ids))):
            for record in session.execute(select(table).where(table.c.id.in_(part))).mappings():
                values = {name: to_json_value(value) for name, value in record.items()}
                rows[(table_name, record["id"])] = RowState(values=values)
    return rows


def _write_rows(session: Session, rows: dict[tuple[str, str], RowState], tables: dict[str, Table]) -> None:
    inserts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    updates: dict[tuple[str, frozenset[str]], list[dict[str, Any]]] = defaultdict(list)
    for (table_name, row_id), row in rows.items():
        table = tables[table_name]
        if row.new:
            inserts[table_name].append(
                {name: from_json(table.c[name], value) for name, value in row.values.items()}
            )
        elif row.dirty:
            params = {f"v_{name}": from_json(table.c[name], row.values[name]) for name in row.dirty}
            params["_sync_id"] = row_id
            updates[(table_name, frozenset(row.dirty))].append(params)
    for table_name, params in inserts.items():
        table = tables[table_name]
        by_shape: dict[frozenset[str], list[dict[str, Any]]] = defaultdict(list)
        for p in params:
            by_shape[frozenset(p)].append(p)
        for group in by_shape.values():
            for part in chunks(group, 2000):
                session.execute(insert(table), part)
    for (table_name, names), params in updates.items():
        table = tables[table_name]
        stmt = update(table).where(table.c.id == bindparam("_sync_id")).values(
            {name: bindparam(f"v_{name}", type_=table.c[name].type) for name in names}
        )
        for part in chunks(params, 2000):
            session.execute(stmt, part)
