"""Swaps: two shifts exchange officers; the effect on rest, hours and weekends is shown first,
and accepting records who approved it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.context import AppContext
from app.db.base import utcnow
from app.errors import NotFoundError, ValidationError
from app.rota import rules as rules_mod
from app.rota.models import RotaShift, RotaSwap
from app.rota.records import Finding, ShiftInfo
from app.rota.service import (
    _bump,
    _officer_names,
    _shift_row,
    get_shift,
    snapshot,
    zone,
)


# --- swaps -------------------------------------------------------------------------
@dataclass
class SwapPreview:
    shift_a: ShiftInfo
    shift_b: ShiftInfo
    new_findings: list[Finding]
    resolved_findings: list[Finding]
    effect: list[dict[str, Any]]  # per officer: hours, weekends, lates before and after
    applied: bool = False
    swap_id: str | None = None
    approved_by: str | None = None

    def as_json(self) -> dict[str, Any]:
        z = zone()
        return {
            "shift_a": self.shift_a.as_json(z),
            "shift_b": self.shift_b.as_json(z),
            "applied": self.applied,
            "swap_id": self.swap_id,
            "approved_by": self.approved_by,
            "new_findings": [f.as_json(z) for f in self.new_findings],
            "resolved_findings": [f.as_json(z) for f in self.resolved_findings],
            "effect": self.effect,
        }


def _finding_key(f: Finding) -> tuple[Any, ...]:
    return (f.rule, f.start, f.officers, f.message)


def preview_swap(ctx: AppContext, shift_a: str, shift_b: str) -> SwapPreview:
    """What the swap changes (rest, hours, weekends) before anyone accepts it."""
    a, b = get_shift(ctx, shift_a), get_shift(ctx, shift_b)
    if a.id == b.id:
        raise ValidationError("A shift cannot be swapped with itself.")
    if a.officer_id is None or b.officer_id is None:
        raise ValidationError("Both shifts need an officer to swap; assign an open shift instead.")
    if a.officer_id == b.officer_id:
        raise ValidationError(f"Both shifts are {a.officer}'s already.")
    z = zone()
    days = sorted([a.local_day(z), b.local_day(z)])
    start = days[0] - dt.timedelta(days=days[0].weekday() + 7)
    end = days[1] + dt.timedelta(days=13 - days[1].weekday())
    snap = snapshot(ctx, start, end)
    before = snap.check()
    swapped = [
        _with_officer(s, b) if s.id == a.id else _with_officer(s, a) if s.id == b.id else s for s in snap.shifts
    ]
    after = snap.check(swapped)
    before_keys = {_finding_key(f) for f in before.findings}
    after_keys = {_finding_key(f) for f in after.findings}
    new = [f for f in after.findings if _finding_key(f) not in before_keys and f.rule != "fairness"]
    resolved = [f for f in before.findings if _finding_key(f) not in after_keys and f.rule != "fairness"]
    week_a = a.local_day(z) - dt.timedelta(days=a.local_day(z).weekday())
    week_b = b.local_day(z) - dt.timedelta(days=b.local_day(z).weekday())
    effect = []
    for officer in (a.officer, b.officer):
        for monday in sorted({week_a, week_b}):
            rows_before = rules_mod.fairness_rows(snap.shifts, monday, monday + dt.timedelta(days=6), snap.context)
            rows_after = rules_mod.fairness_rows(swapped, monday, monday + dt.timedelta(days=6), snap.context)
            rb = next((r for r in rows_before if r.officer == officer), None)
            ra = next((r for r in rows_after if r.officer == officer), None)
            effect.append({
                "officer": officer, "week": monday.isoformat(),
                "hours_before": rb.hours if rb else 0.0, "hours_after": ra.hours if ra else 0.0,
                "weekends_before": rb.weekends if rb else 0, "weekends_after": ra.weekends if ra else 0,
                "lates_before": rb.lates if rb else 0, "lates_after": ra.lates if ra else 0,
            })
    return SwapPreview(a, b, new, resolved, effect)


def _with_officer(shift: ShiftInfo, donor: ShiftInfo) -> ShiftInfo:
    return ShiftInfo(shift.id, donor.officer_id, donor.officer, shift.kind, shift.start, shift.end,
                     shift.unpaid_break_minutes, shift.pattern, shift.note)


def _exchange(session: Session, swap: RotaSwap) -> None:
    row_a, row_b = _shift_row(session, swap.shift_a), _shift_row(session, swap.shift_b)
    if (row_a.officer_id, row_b.officer_id) != (swap.officer_a, swap.officer_b):
        raise ValidationError("The shifts changed since the swap was proposed; propose it again.")
    row_a.officer_id, row_b.officer_id = row_b.officer_id, row_a.officer_id
    _bump(row_a)
    _bump(row_b)
    session.flush()
    for row in (row_a, row_b):
        clash = session.execute(
            select(RotaShift).where(
                RotaShift.deleted.is_(False), RotaShift.officer_id == row.officer_id,
                RotaShift.start < row.end, RotaShift.end > row.start, RotaShift.id != row.id,
            )
        ).scalars().first()
        if clash is not None:
            names = _officer_names(session)
            raise ValidationError(f"After the swap {names.get(row.officer_id)} would be on two shifts at once.")
    swap.status = "accepted"
    swap.approved_by = session.info["identity"].officer
    swap.decided_at = utcnow()


def _new_swap(session: Session, ctx: AppContext, preview: SwapPreview) -> RotaSwap:
    swap = RotaSwap(
        shift_a=preview.shift_a.id, shift_b=preview.shift_b.id, officer_a=preview.shift_a.officer_id,
        officer_b=preview.shift_b.officer_id, status="proposed", proposed_by=ctx.officer,
    )
    session.add(swap)
    session.flush()
    return swap


def propose_swap(ctx: AppContext, shift_a: str, shift_b: str) -> SwapPreview:
    preview = preview_swap(ctx, shift_a, shift_b)
    with ctx.write() as session:
        swap = _new_swap(session, ctx, preview)
        preview.swap_id = swap.id
    return preview


def accept_swap(ctx: AppContext, swap_id: str) -> SwapPreview:
    """Accept a proposed swap: the shifts exchange officers; records who approved it."""
    with ctx.read() as session:
        swap = session.get(RotaSwap, swap_id)
        if swap is None or swap.deleted:
            raise NotFoundError(f"No swap with id {swap_id}.")
        if swap.status != "proposed":
            raise ValidationError(f"That swap was already {swap.status}.")
        a_id, b_id = swap.shift_a, swap.shift_b
    preview = preview_swap(ctx, a_id, b_id)
    with ctx.write() as session:
        swap = session.get(RotaSwap, swap_id)
        _exchange(session, swap)
        preview.applied, preview.swap_id, preview.approved_by = True, swap.id, swap.approved_by
    return preview


def decline_swap(ctx: AppContext, swap_id: str) -> None:
    with ctx.write() as session:
        swap = session.get(RotaSwap, swap_id)
        if swap is None or swap.deleted or swap.status != "proposed":
            raise NotFoundError(f"No open swap proposal with id {swap_id}.")
        swap.status = "declined"
        swap.approved_by = ctx.officer
        swap.decided_at = utcnow()


def swap_shifts(ctx: AppContext, shift_a: str, shift_b: str, *, dry_run: bool = False) -> SwapPreview:
    """Propose and accept at once (the approver is this laptop's officer)."""
    if dry_run:
        return preview_swap(ctx, shift_a, shift_b)
    preview = preview_swap(ctx, shift_a, shift_b)
    with ctx.write() as session:
        swap = _new_swap(session, ctx, preview)
        _exchange(session, swap)
        preview.applied, preview.swap_id, preview.approved_by = True, swap.id, swap.approved_by
    return preview


@dataclass(frozen=True)
class SwapInfo:
    id: str
    shift_a: str
    shift_b: str
    status: str
    proposed_by: str
    approved_by: str | None


def list_swaps(ctx: AppContext, *, status: str | None = None) -> list[SwapInfo]:
    with ctx.read() as session:
        query = select(RotaSwap).where(RotaSwap.deleted.is_(False)).order_by(RotaSwap.created_at.desc())
        if status:
            query = query.where(RotaSwap.status == status)
        return [
            SwapInfo(r.id, r.shift_a, r.shift_b, r.status, r.proposed_by, r.approved_by)
            for r in session.execute(query).scalars()
        ]
