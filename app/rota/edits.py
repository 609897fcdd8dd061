"""Rota changes that can be undone: each returns its result and a described change set.

These wrap the rota services (``service``, ``swaps``, ``solver``) in ``changeset.recording``,
so whatever a service writes is captured field by field, and name the change the way
an officer would ("swap: Sun 17 Jan early ⇄ late"). ``undo``/``redo`` write a change set
back through ``changeset.apply`` with the rota's own explanations and checks (no one
ends up on two shifts at once, no overlapping leave). No Qt here: the GUI's undo stack,
the CLI and the tests all use these functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.context import AppContext
from app.db import changeset
from app.db.changeset import ApplyResult, ChangeSet, FieldChange
from app.errors import ValidationError
from app.rota import service, swaps
from app.rota.models import RotaLeave, RotaPattern, RotaShift, RotaSwap
from app.rota.records import LeaveInfo, ShiftInfo
from app.team.models import Officer

T = TypeVar("T")
SHIFT_FIELDS = ("officer", "start", "end", "kind", "unpaid_break_minutes")
MAX_REASONS = 4


@dataclass(frozen=True)
class Edit(Generic[T]):
    """What a change returned, and how to take it back."""

    value: T
    changes: ChangeSet


def recorded(label: Callable[[T], str], fn: Callable[[], T], *, one_group: bool = False) -> Edit[T]:
    """Run ``fn`` and return its value with everything it wrote, as a change set named ``label``."""
    with changeset.recording() as recorder:
        value = fn()
    group = (lambda _c: "all") if one_group else None
    return Edit(value, recorder.change_set(label(value), group))


def _day_kind(s: ShiftInfo) -> str:
    return f"{s.local_start(service.zone()):%a %d %b} {s.kind}"


# --- shifts ------------------------------------------------------------------------
def add_shift(ctx: AppContext, **values: Any) -> Edit[ShiftInfo]:
    return recorded(lambda s: f"add shift: {_day_kind(s)} ({s.officer or 'open'})",
                     lambda: service.add_shift(ctx, **values))


def changed_values(before: ShiftInfo, values: dict[str, Any]) -> dict[str, Any]:
    """Only the fields that differ from ``before`` (an edit never rewrites the whole record)."""
    out = {}
    for key, value in values.items():
        if key == "officer":
            old = before.officer
            if (value or None) != old and not (value in ("-", "open") and old is None):
                out[key] = value
        elif key in SHIFT_FIELDS and getattr(before, key) != value:
            out[key] = value
    return out


def edit_shift(ctx: AppContext, shift_id: str, **values: Any) -> Edit[ShiftInfo]:
    """Move, reassign or retype a shift, writing only the fields that change."""
    before = service.get_shift(ctx, shift_id)
    changed = changed_values(before, values)
    if not changed:
        return Edit(before, ChangeSet("edit shift", ()))
    if set(changed) == {"officer"}:
        label = f"assign: {_day_kind(before)} to {changed['officer'] or 'nobody (open)'}"
    elif set(changed) <= {"start", "end"}:
        label = f"move shift: {_day_kind(before)}"
    else:
        label = f"edit shift: {_day_kind(before)}"
    return recorded(lambda _s: label, lambda: service.update_shift(ctx, before.id, **changed))


def remove_shifts(ctx: AppContext, shift_ids: Sequence[str]) -> Edit[list[ShiftInfo]]:
    def label(shifts: list[ShiftInfo]) -> str:
        return f"remove shift: {_day_kind(shifts[0])}" if len(shifts) == 1 else f"remove {len(shifts)} shifts"

    return recorded(label, lambda: service.remove_shifts(ctx, shift_ids))


def apply_pattern(ctx: AppContext, name: str, *, start: dt.date, weeks: int,
                  officers: Sequence[str]) -> Edit[list[ShiftInfo]]:
    return recorded(lambda shifts: f"apply pattern {name} from {start:%a %d %b} ({len(shifts)} shifts)",
                     lambda: service.apply_pattern(ctx, name, start=start, weeks=weeks, officers=officers))


def save_pattern(ctx: AppContext, data: dict[str, Any]) -> Edit[Any]:
    """Create or change a team pattern: undo takes the new pattern away or restores the old cycle."""
    return recorded(lambda spec: f"save pattern {spec.name}", lambda: service.save_pattern(ctx, data), one_group=True)


def fill(ctx: AppContext, result: Any) -> Edit[Any]:
    """Write a planned fill (``solver.commit``): undo takes back every assignment it made."""
    from app.rota import solver

    return recorded(lambda r: f"fill: {len(r.assigned)} shifts", lambda: solver.commit(ctx, result))


# --- swaps -------------------------------------------------------------------------
def _swap_label(p: swaps.SwapPreview) -> str:
    z = service.zone()
    a, b = p.shift_a, p.shift_b
    right = b.kind if a.local_day(z) == b.local_day(z) else _day_kind(b)
    return f"swap: {_day_kind(a)} ⇄ {right}"


def swap(ctx: AppContext, shift_a: str, shift_b: str) -> Edit[swaps.SwapPreview]:
    """Propose and accept at once; both officers and the swap record undo together."""
    return recorded(_swap_label, lambda: swaps.swap_shifts(ctx, shift_a, shift_b), one_group=True)


def accept_swap(ctx: AppContext, swap_id: str) -> Edit[swaps.SwapPreview]:
    return recorded(_swap_label, lambda: swaps.accept_swap(ctx, swap_id), one_group=True)


# --- leave -------------------------------------------------------------------------
def _leave_label(verb: str, leave: LeaveInfo) -> str:
    return f"{verb}: {leave.officer} {leave.kind} {leave.start_date:%d %b}–{leave.end_date:%d %b}"


def add_leave(ctx: AppContext, officer: str, start: dt.date, end: dt.date, kind: str = "annual",
              note: str = "") -> Edit[LeaveInfo]:
    return recorded(lambda l: _leave_label("leave", l), lambda: service.add_leave(ctx, officer, start, end, kind, note))


def remove_leave(ctx: AppContext, leave_id: str) -> Edit[LeaveInfo]:
    def remove() -> LeaveInfo:
        with ctx.read() as session:
            row = session.get(RotaLeave, leave_id)
            info = service._leave_info(row, service._officer_names(session)) if row is not None else None
        service.remove_leave(ctx, leave_id)
        assert info is not None  # remove_leave raised NotFoundError otherwise
        return info

    return recorded(lambda l: _leave_label("remove leave", l), remove)


# --- undo and redo -----------------------------------------------------------------
def undo(ctx: AppContext, changes: ChangeSet) -> ApplyResult:
    """Take a change back where its fields still hold what it wrote; say what was left and why."""
    return _after(ctx, _limit(changeset.apply(ctx, changes, undo=True, explain=explain, check=check)))


def redo(ctx: AppContext, changes: ChangeSet) -> ApplyResult:
    return _after(ctx, _limit(changeset.apply(ctx, changes, undo=False, explain=explain, check=check)))


def _after(ctx: AppContext, result: ApplyResult) -> ApplyResult:
    """A team change undone: this laptop follows its officer's name (``app.team.identity``)."""
    if result.applied.row_ids("officer"):
        from app.team import identity

        identity.follow(ctx)
    return result


def _limit(result: ApplyResult) -> ApplyResult:
    if len(result.skipped) <= MAX_REASONS:
        return result
    more = len(result.skipped) - MAX_REASONS
    return ApplyResult(result.applied, (*result.skipped[:MAX_REASONS], f"(and {more} more)"))


FIELD_NAMES = {"officer_id": "officer", "start": "times", "end": "times", "kind": "type",
               "unpaid_break_minutes": "unpaid break", "note": "note", "status": "status",
               "start_date": "dates", "end_date": "dates", "name": "name", "role": "role",
               "contracted_hours": "contracted hours", "active": "retired/active state", "definition": "shifts",
               "weeks": "cycle length"}


def explain(session: Session, stale: Sequence[FieldChange], row: Any) -> str:
    """One plain sentence: which record, which field, what it holds now."""
    c = stale[0]
    names = dict(session.execute(select(Officer.id, Officer.name)).all())
    if row is None:
        return "The record it changed no longer exists."
    what = _describe(row, names)
    if row.deleted and c.field != "deleted":
        return f"{what} has been removed since."
    if c.field == "deleted":
        return f"{what} has been {'removed' if row.deleted else 'restored'} since."
    now = getattr(row, c.field)
    if c.field == "officer_id":
        now = names.get(now, "nobody (open)") if now else "nobody (open)"
    elif isinstance(now, dt.datetime):
        now = f"{now.astimezone(service.zone()):%a %d %b %H:%M}"
    return f"The {FIELD_NAMES.get(c.field, c.field)} of {what} was changed since (now {now}), so it was left as it is."


def _describe(row: Any, names: dict[str, str]) -> str:
    z = service.zone()
    if isinstance(row, RotaShift):
        who = names.get(row.officer_id, "open") if row.officer_id else "open"
        return f"the {row.kind} shift on {row.start.astimezone(z):%a %d %b} ({who})"
    if isinstance(row, RotaLeave):
        return f"{names.get(row.officer_id, '?')}'s {row.kind} leave {row.start_date:%d %b}–{row.end_date:%d %b}"
    if isinstance(row, RotaSwap):
        return f"the swap record ({row.status})"
    if isinstance(row, Officer):
        return f"the officer {row.name}"
    if isinstance(row, RotaPattern):
        return f"the pattern {row.name}"
    return f"the {row.__tablename__} record"


def check(session: Session, rows: list[Any]) -> None:
    """Refuse an undo that would book an officer twice or overlap their leave (nothing changes)."""
    for row in rows:
        if isinstance(row, RotaShift) and not row.deleted:
            service._refuse_double_booking(session, row.officer_id, row.start, row.end, ignore=[row.id])
        if isinstance(row, RotaLeave) and not row.deleted:
            clash = session.execute(select(RotaLeave).where(
                RotaLeave.deleted.is_(False), RotaLeave.officer_id == row.officer_id, RotaLeave.id != row.id,
                RotaLeave.start_date <= row.end_date, RotaLeave.end_date >= row.start_date,
            )).scalars().first()
            if clash is not None:
                raise ValidationError(f"That would overlap {clash.kind} leave from {clash.start_date} to {clash.end_date}.")
