"""One person, one record: officers created twice (offline, on two laptops) are merged.

Every laptop decides alone, after each sync round, and they all reach the same answer:
officers with the same name (case and spaces ignored) are one person, and the record
with the lowest id survives. Every reference to the other record (rota shifts, leave,
swaps by id; shifts worked, incidents, steps, statement clearers, handovers by name)
is rewritten with ordinary writes, so the change log carries them to the others. The
merged record is kept (``merged_into`` set), never deleted, and an ``OfficerMerge``
row lists what was moved so the merge can be undone.

Automatic only when it is unambiguous: every record active, no two different e-mail
addresses, and the pair never split again by a person (an undone merge). Otherwise the
group is offered in the window (Settings > Team) to merge by hand.

Log entries keep the name they were written under: their officer is part of the
tamper-evident hash chain (and a same-name duplicate already carries the same name).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.context import AppContext
from app.errors import NotFoundError, ValidationError
from app.team.models import Officer, OfficerMerge
from app.team.service import name_key

# (table, field) pairs that hold an officer id / an officer name. Found by grep over the
# models; the tables are looked up by name so a feature that is absent is skipped.
ID_REFERENCES = (("rota_shift", "officer_id"), ("rota_leave", "officer_id"), ("rota_swap", "officer_a"),
                 ("rota_swap", "officer_b"))
NAME_REFERENCES = (("shift", "officer"), ("incident", "officer"), ("incident", "closed_by"),
                   ("incident_step", "officer"), ("incident_step", "cleared_by"), ("handover_item", "from_officer"),
                   ("handover_item", "acknowledged_by"), ("rota_swap", "proposed_by"), ("rota_swap", "approved_by"))


@dataclass(frozen=True)
class DuplicateGroup:
    name: str
    officer_ids: tuple[str, ...]  # lowest id (the survivor) first
    automatic: bool
    reason: str = ""  # why it is not merged automatically

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "officer_ids": list(self.officer_ids), "automatic": self.automatic,
                "reason": self.reason}


@dataclass(frozen=True)
class MergeInfo:
    id: str
    name: str
    survivor_id: str
    merged_id: str
    moved: int
    automatic: bool
    undone: bool

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "survivor_id": self.survivor_id, "merged_id": self.merged_id,
                "moved": self.moved, "automatic": self.automatic, "undone": self.undone}


@dataclass
class TeamSyncReport:
    merged: list[MergeInfo] = field(default_factory=list)
    offered: list[DuplicateGroup] = field(default_factory=list)
    swept: int = 0


def _models() -> dict[str, type]:
    from app.sync.merge import shared_models

    return shared_models()


def _kept_apart(session: Session) -> set[frozenset[str]]:
    rows = session.execute(select(OfficerMerge.survivor_id, OfficerMerge.merged_id)
                           .where(OfficerMerge.undone.is_(True), OfficerMerge.deleted.is_(False))).all()
    return {frozenset(r) for r in rows}


def _groups(session: Session) -> list[DuplicateGroup]:
    rows = session.execute(select(Officer.id, Officer.name, Officer.email, Officer.active)  # columns: a synced
                           .where(Officer.deleted.is_(False), Officer.merged_into.is_(None))  # team can be big
                           .order_by(Officer.id)).all()
    by_name: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        by_name[name_key(row.name)].append(row)
    apart = _kept_apart(session)
    out = []
    for same in by_name.values():
        if len(same) < 2:
            continue
        ids = tuple(r.id for r in same)
        emails = {r.email.strip().casefold() for r in same if r.email.strip()}
        reason = ""
        if any(frozenset((a, b)) in apart for a in ids for b in ids if a < b):
            reason = "a merge of these records was undone before"
        elif not all(r.active for r in same):
            reason = "one of them is retired (maybe another person of the same name)"
        elif len(emails) > 1:
            reason = "they have different e-mail addresses"
        out.append(DuplicateGroup(same[0].name, ids, not reason, reason))
    return out


def find_duplicates(ctx: AppContext) -> list[DuplicateGroup]:
    with ctx.read() as session:
        return _groups(session)


def _rewrite(session: Session, survivor: Officer, merged: Officer) -> list[dict[str, Any]]:
    """Point every reference to ``merged`` at ``survivor``; returns what changed."""
    models = _models()
    moved = _repoint(session, models, ID_REFERENCES, merged.id, survivor.id)
    if merged.name != survivor.name:
        moved += _repoint(session, models, NAME_REFERENCES, merged.name, survivor.name)
    return moved


def _repoint(
    session: Session, models: dict[str, type], references: tuple[tuple[str, str], ...], old: str, new: str
) -> list[dict[str, Any]]:
    """Set each ``(table, column)`` of ``references`` that holds ``old`` to ``new``; returns what changed."""
    moved: list[dict[str, Any]] = []
    for table, column, model in _present(models, references):
        for row in session.execute(select(model).where(getattr(model, column) == old)).scalars():
            setattr(row, column, new)
            moved.append({"table": table, "row": row.id, "field": column, "old": old})
    return moved


def _present(models: dict[str, type], references: tuple[tuple[str, str], ...]) -> Iterator[tuple[str, str, type]]:
    """The ``(table, column, model)`` of ``references`` whose table this version has."""
    for table, column in references:
        model = models.get(table)
        if model is not None:
            yield table, column, model


def _merge_rows(session: Session, survivor: Officer, merged: Officer, automatic: bool) -> OfficerMerge:
    if survivor.id == merged.id:
        raise ValidationError("An officer cannot be merged with themselves.")
    moved = _rewrite(session, survivor, merged)
    for name in ("email", "role", "contracted_hours"):  # keep details only the other record had
        if not getattr(survivor, name) and getattr(merged, name):
            setattr(survivor, name, getattr(merged, name))
    merged.merged_into = survivor.id
    record = OfficerMerge(survivor_id=survivor.id, merged_id=merged.id, name=survivor.name,
                          automatic=automatic, moved=moved)
    session.add(record)
    session.flush()
    return record


def _info(record: OfficerMerge) -> MergeInfo:
    return MergeInfo(record.id, record.name, record.survivor_id, record.merged_id, len(record.moved or []),
                     record.automatic, record.undone)


def merge_officers(ctx: AppContext, keep_id: str, merge_id: str, *, automatic: bool = False) -> MergeInfo:
    """Merge the record ``merge_id`` into ``keep_id`` (one transaction)."""
    with ctx.write() as session:
        keep, other = session.get(Officer, keep_id), session.get(Officer, merge_id)
        for wanted, row in ((keep_id, keep), (merge_id, other)):
            if row is None or row.deleted:
                raise NotFoundError(f"No officer with id {wanted}.")
        assert keep is not None and other is not None
        if other.merged_into or keep.merged_into:
            raise ValidationError("One of these officers was already merged into another record.")
        return _info(_merge_rows(session, keep, other, automatic))


def _sweep(session: Session) -> int:
    """References that arrived after a merge (made offline to the merged record) follow it."""
    merged = session.execute(select(Officer).where(Officer.merged_into.is_not(None), Officer.deleted.is_(False))).scalars().all()
    count = 0
    for row in merged:
        survivor = session.get(Officer, row.merged_into)
        seen = {row.id}
        while survivor is not None and survivor.merged_into and survivor.id not in seen:
            seen.add(survivor.id)
            survivor = session.get(Officer, survivor.merged_into)
        if survivor is None or survivor.id in (row.id,):
            continue
        moved = _rewrite(session, survivor, row)
        if moved:
            session.add(OfficerMerge(survivor_id=survivor.id, merged_id=row.id, name=survivor.name,
                                     automatic=True, moved=moved))
            count += len(moved)
    return count


def _left_behind(session: Session) -> bool:
    """Does any reference still point at a merged record (it arrived after the merge)?"""
    models = _models()
    target = aliased(Officer)
    merged = session.execute(select(Officer.id, Officer.name, target.name)
                             .join(target, target.id == Officer.merged_into, isouter=True)
                             .where(Officer.merged_into.is_not(None), Officer.deleted.is_(False))).all()
    for merged_id, merged_name, target_name in merged:
        names = [(NAME_REFERENCES, merged_name)] if merged_name != target_name else []  # as _rewrite moves them
        for references, old in [(ID_REFERENCES, merged_id), *names]:
            for _table, column, model in _present(models, references):
                held = getattr(model, column)
                if session.execute(select(held).where(held == old).limit(1)).first():
                    return True
    return False


def after_sync(ctx: AppContext) -> TeamSyncReport:
    """Called at the end of each sync round: merge what is unambiguous, offer the rest.

    Most rounds have nothing to merge: that is found in a read, so the write lock (which
    an entry typed in the window meanwhile waits for) is taken only when there is."""
    report = TeamSyncReport()
    with ctx.read() as session:
        groups = _groups(session)
        work = any(g.automatic for g in groups) or _left_behind(session)
    if not work:
        report.offered = [g for g in groups if not g.automatic]
        return _followed(ctx, report)
    with ctx.write() as session:
        for group in _groups(session):
            if not group.automatic:
                report.offered.append(group)
                continue
            survivor = session.get(Officer, group.officer_ids[0])
            for other_id in group.officer_ids[1:]:
                other = session.get(Officer, other_id)
                report.merged.append(_info(_merge_rows(session, survivor, other, True)))  # type: ignore[arg-type]
        report.swept = _sweep(session)
    return _followed(ctx, report)


def _followed(ctx: AppContext, report: TeamSyncReport) -> TeamSyncReport:
    from app.team import identity

    identity.follow(ctx)  # renamed or merged elsewhere: this laptop follows its record
    return report


def list_merges(ctx: AppContext) -> list[MergeInfo]:
    with ctx.read() as session:
        rows = session.execute(select(OfficerMerge).where(OfficerMerge.deleted.is_(False))
                               .order_by(OfficerMerge.created_at, OfficerMerge.id)).scalars().all()
        return [_info(r) for r in rows]


def undo_merge(ctx: AppContext, merge_id: str) -> MergeInfo:
    """Split the two records again: references moved by the merge (on any laptop) go back
    where they still point at the survivor; the pair is never merged automatically again."""
    with ctx.write() as session:
        record = session.get(OfficerMerge, merge_id)
        if record is None or record.deleted:
            raise NotFoundError(f"No officer merge with id {merge_id}. See: dutydesk rota officers --merges")
        if record.undone:
            raise ValidationError("That merge was already undone.")
        survivor, merged = session.get(Officer, record.survivor_id), session.get(Officer, record.merged_id)
        if survivor is None or merged is None:
            raise NotFoundError("One of the merged officer records is missing.")
        same_pair = session.execute(select(OfficerMerge).where(
            OfficerMerge.survivor_id == record.survivor_id, OfficerMerge.merged_id == record.merged_id,
            OfficerMerge.undone.is_(False), OfficerMerge.deleted.is_(False))).scalars().all()
        models = _models()
        for each in same_pair:
            for item in each.moved or []:
                model = models.get(item["table"])
                row = session.get(model, item["row"]) if model is not None else None
                if row is None:
                    continue
                now = getattr(row, item["field"])
                if now in (survivor.id, survivor.name) and now != item["old"]:
                    setattr(row, item["field"], item["old"])
            each.undone = True
        merged.merged_into = None
        session.flush()
        return _info(record)


def pending_names(ctx: AppContext) -> list[str]:
    """Names listed twice that wait for a person to decide (for a short status line)."""
    return [g.name for g in find_duplicates(ctx) if not g.automatic]
