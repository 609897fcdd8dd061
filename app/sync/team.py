"""Conflicts as team data: derived the same way on every laptop, decided once for the team.

A conflict is a head of a field group that lost to a newer head (two writes whose
authors had not seen each other), an edit whose author had not seen a delete, or a
merge held back by a rule. Heads depend only on which writes a laptop has (see
``app.db.groups``), so every laptop derives the same conflicts with the same ids. A
decision is a write that has seen both sides: once it syncs, every laptop derives
"resolved"; two different decisions made before they met are two heads again, a new
conflict, never a silent override.

``SyncConflict`` rows are this laptop's list of them: a short number for the command
line, and the sides as this laptop sees them ("local" is this laptop's write when it
made one, else the value the record holds).
"""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.db import groups
from app.db.base import utcnow
from app.db.changelog import force_write
from app.db.groups import GroupState, Head, Version
from app.db.local_models import DeviceState
from app.errors import NotFoundError, ValidationError
from app.sync import decisions
from app.sync.models import SyncConflict, SyncMeta
from app.sync.rules import Hold


def model_value(model: type, name: str, value: Any) -> Any:
    from app.sync.merge import from_json

    return from_json(model.__table__.c[name], value)


def _models() -> dict[str, type]:
    from app.sync.merge import shared_models

    return shared_models()


def my_devices(session: Session) -> set[str]:
    current = session.execute(select(DeviceState.device_id)).scalar_one()
    old = session.get(SyncMeta, "old_device_ids")
    return {current, *((old.value or []) if old else [])}


# --- holding back a merge that breaks a rule ---------------------------------------------
def hold(session: Session, holds: list[Hold]) -> None:
    """Undo what broke the rule with a write every laptop receives, marked as held."""
    models = _models()
    for h in holds:
        model = models[h.table]
        obj = session.get(model, h.row_id)
        if obj is None:
            continue
        session.info.setdefault("held", {})[(h.table, h.row_id)] = {
            "message": h.message, "other": h.other_row_id, "values": h.held_values, "kept": h.kept_values,
        }
        if h.revert is None:
            obj.deleted = True
        else:
            for name, value in h.revert.items():
                setattr(obj, name, model_value(model, name, value))
        force_write(session, obj, ["deleted"])
    session.flush()


# --- deriving ------------------------------------------------------------------------------
def derive(table: str, row_id: str, states: dict[str, GroupState]) -> dict[str, dict[str, Any]]:
    """Every conflict of one row, by id."""
    out: dict[str, dict[str, Any]] = {}
    quiet = groups.quiet_fields(table)
    by_name = {groups.group_name(g): g for g in groups.groups_of(table)}
    for name, state in states.items():
        group = by_name.get(name)
        top = state.top()
        if group is None or top is None or set(group) <= quiet or not top.values:
            continue
        for h in state.heads:
            if h is not top and h.values and h.values != top.values:
                out[groups.conflict_id("edit", table, row_id, name, h.version)] = {
                    "kind": "edit", "fields": list(group), "winner": top, "loser": h}
    deleted = states.get("deleted")
    dtop = deleted.top() if deleted else None
    if dtop is None:
        return out
    if dtop.held:
        held = dtop.held
        cid = groups.conflict_id("rule", table, row_id, str(held.get("other") or ""), (0, str(held.get("message", ""))[:80]))
        kept = Head((0, ""), "", dict(held.get("kept") or {}))
        out[cid] = {"kind": "rule", "fields": sorted(held.get("values") or {}), "winner": kept,
                    "loser": Head(dtop.version, dtop.officer, dict(held.get("values") or {})),
                    "message": str(held.get("message", "")), "other": held.get("other")}
    elif dtop.values.get("deleted"):
        edits: dict[Version, Head] = {}
        for name, state in states.items():
            if name == "deleted":
                continue
            for h in state.heads:
                if h.version == dtop.version or h.version in dtop.seen.get(name, []) or dtop.version in h.seen.get("deleted", []):
                    continue
                edits.setdefault(h.version, Head(h.version, h.officer, {})).values.update(h.values)
        for version, edit in edits.items():
            out[groups.conflict_id("delete", table, row_id, "deleted", version)] = {
                "kind": "delete", "fields": sorted(edit.values), "winner": dtop, "loser": edit}
    return out


def refresh(session: Session, keys: set[tuple[str, str]]) -> int:
    """Bring this laptop's conflict list in line with the writes it holds for these rows;
    returns how many conflicts are new. Open: derived from the heads. Resolved: settled
    by a write (``app.sync.decisions``), unless the heads show it open again."""
    by_table: dict[str, list[str]] = defaultdict(list)
    for table, row_id in keys:
        if groups.model_for(table) is not None:
            by_table[table].append(row_id)
    mine, new = my_devices(session), 0
    added: list[Any] = []
    for table, row_ids in by_table.items():
        states: dict[str, dict[str, GroupState]] = defaultdict(dict)
        for (row_id, name), state in groups.load_states(session, table, row_ids).items():
            states[row_id][name] = state
        existing: dict[str, SyncConflict] = {}
        for start in range(0, len(row_ids), 500):
            existing.update({c.shared_id: c for c in session.execute(select(SyncConflict).where(
                SyncConflict.table_name == table, SyncConflict.row_id.in_(row_ids[start : start + 500]),
                SyncConflict.shared_id.is_not(None))).scalars()})
        for row_id in row_ids:
            row_states = states.get(row_id, {})
            found = derive(table, row_id, row_states)
            settled = {cid: data for cid, data in decisions.decided(row_states).items() if cid not in found}
            for cid, data in found.items():
                row = existing.get(cid)
                if row is None:
                    added.append(_local_row(cid, table, row_id, data, mine))
                    new += 1
                elif row.resolved_at is not None:  # a side written without seeing the decision: open again
                    row.resolved_at, row.resolution, row.resolved_by = None, None, ""
            for cid, data in settled.items():
                row = existing.get(cid)
                if row is None:
                    row = _local_row(cid, table, row_id, decisions.unpack(data), mine)
                    added.append(row)
                if row.resolved_at is None:
                    _mark_resolved(row, data)
            for cid, row in existing.items():
                if row.row_id == row_id and cid not in found and cid not in settled and row.resolved_at is None:
                    session.delete(row)  # one side moved on without knowing the other: it goes on under a new id
    session.flush()
    for start in range(0, len(added), 500):  # plain rows: a big merge may find thousands
        session.execute(insert(SyncConflict.__table__), [vars(r) for r in added[start : start + 500]])
    return new


def _local_row(cid: str, table: str, row_id: str, data: dict[str, Any], mine: set[str]) -> Any:
    winner, loser = data["winner"], data["loser"]
    here, there = (loser, winner) if loser.version[1] in mine and winner.version[1] not in mine else (winner, loser)
    single = data["kind"] == "edit" and len(data["fields"]) == 1
    value = (lambda h: h.values.get(data["fields"][0])) if single else (lambda h: h.values)
    return SimpleNamespace(
        shared_id=cid, table_name=table, row_id=row_id, field="+".join(data["fields"]) or "deleted", kind=data["kind"],
        local_value=value(here), local_device=here.version[1], local_hlc=here.version[0], local_officer=here.officer,
        remote_value=value(there), remote_device=there.version[1], remote_hlc=there.version[0], remote_officer=there.officer,
        winner="local" if here is winner else "remote", detected_at=utcnow(), message=data.get("message", ""),
        other_row_id=data.get("other"), resolved_at=None, resolution=None, resolved_by="",
    )


def _mark_resolved(row: Any, data: dict[str, Any]) -> None:
    """Settled by a write: say which side it kept and who decided."""
    loser_side = "remote" if row.winner == "local" else "local"
    kept = loser_side if data.get("kept") == "loser" else row.winner
    row.resolved_at, row.resolution, row.resolved_by = utcnow(), kept, str(data.get("by") or "")


# --- deciding ------------------------------------------------------------------------------
def conflict_record(session: Session, conflict: SyncConflict) -> tuple[type, Any]:
    """The model and the record a conflict is about, or one plain line why there is none."""
    model = _models().get(conflict.table_name)
    if model is None:
        raise ValidationError(f"The table {conflict.table_name} is unknown to this version of Duty Desk.")
    obj = session.get(model, conflict.row_id)
    if obj is None:
        raise NotFoundError(f"The record of conflict {conflict.id} is not on this laptop.")
    return model, obj


def resolve(session: Session, conflict: SyncConflict, keep: str) -> None:
    """Keep one side with a write that has seen both; it syncs like any edit."""
    model, obj = conflict_record(session, conflict)
    values = conflict.local_value if keep == "local" else conflict.remote_value
    keep_winner = (keep == "local") == (conflict.winner == "local")
    fields = conflict.field.split("+")
    if conflict.kind == "edit":
        chosen = values if isinstance(values, dict) and len(fields) > 1 else {fields[0]: values}
        set_fields(obj, model, chosen)
        force_write(session, obj, fields)
    elif conflict.kind == "delete":
        deleting = isinstance(values, dict) and values.get("deleted") is True
        obj.deleted = deleting
        force_write(session, obj, ["deleted"])
    else:  # rule
        if not keep_winner:
            if not conflict.other_row_id:
                raise ValidationError(f"That version cannot be kept: {conflict.message}. Edit the record instead.")
            other = session.get(model, conflict.other_row_id)
            if other is not None:
                other.deleted = True
            obj.deleted = False
        force_write(session, obj, ["deleted"])
    session.flush()
    refresh(session, {(conflict.table_name, conflict.row_id)})


def set_fields(obj: Any, model: type, values: dict[str, Any]) -> None:
    """Set JSON values from the change log on a record, converted for their columns;
    a field that already holds the value is left untouched (no write to sync)."""
    for name, value in values.items():
        if name in model.__table__.c and name != "id":
            new = model_value(model, name, value)
            if getattr(obj, name) != new:
                setattr(obj, name, new)
