"""Undo in the core: every rota change returns a change set that reverts exactly (real SQLite, no Qt)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.db.local_models import ChangeLogEntry
from app.errors import ValidationError
from app.rota import edits, service, swaps
from app.rota.models import RotaSwap
from tests.rota.conftest import START, TEAM, shift_of

TUE = START + dt.timedelta(days=1)
SUN = START + dt.timedelta(days=6)


def _officers(ctx, *ids):  # type: ignore[no-untyped-def]
    return [service.get_shift(ctx, i).officer for i in ids]


def _swap_row(ctx, swap_id):  # type: ignore[no-untyped-def]
    with ctx.read() as session:
        return session.get(RotaSwap, swap_id)


def test_swap_then_undo_restores_both_officers_and_withdraws_the_record(seeded):
    a = shift_of(seeded, "Alex Morgan", TUE, "early")
    d = shift_of(seeded, "Dee Osei", TUE, "late")
    done = edits.swap(seeded, a.id, d.id)
    assert done.changes.label == "swap: Tue 06 Jan early ⇄ late"
    assert _officers(seeded, a.id, d.id) == ["Dee Osei", "Alex Morgan"]

    result = edits.undo(seeded, done.changes)
    assert result.complete and result.message() == ""
    assert _officers(seeded, a.id, d.id) == ["Alex Morgan", "Dee Osei"]
    record = _swap_row(seeded, done.value.swap_id)
    assert record.status != "accepted" and record.deleted
    assert [s.status for s in swaps.list_swaps(seeded)] == []
    # No one is on two shifts at once: the checks find no double booking.
    assert not service.check(seeded, START, SUN).by_rule("double-booked")

    again = edits.redo(seeded, result.applied)
    assert again.complete
    assert _officers(seeded, a.id, d.id) == ["Dee Osei", "Alex Morgan"]
    assert _swap_row(seeded, done.value.swap_id).status == "accepted"


def test_accepting_a_proposal_undoes_back_to_proposed(seeded):
    a = shift_of(seeded, "Alex Morgan", START, "early")
    d = shift_of(seeded, "Dee Osei", START + dt.timedelta(days=3), "late")
    proposal = swaps.propose_swap(seeded, a.id, d.id)
    accepted = edits.accept_swap(seeded, proposal.swap_id)
    edits.undo(seeded, accepted.changes)
    row = _swap_row(seeded, proposal.swap_id)
    assert (row.status, row.approved_by, row.decided_at, row.deleted) == ("proposed", None, None, False)
    assert _officers(seeded, a.id, d.id) == ["Alex Morgan", "Dee Osei"]


def test_edit_then_swap_then_undo_swap_leaves_the_edit(seeded):
    a = shift_of(seeded, "Alex Morgan", TUE, "early")
    d = shift_of(seeded, "Dee Osei", TUE, "late")
    edit = edits.edit_shift(seeded, a.id, officer="Alex Morgan", start=a.start, end=a.end, kind="early",
                            unpaid_break_minutes=30)
    # Only the changed field is written, the officer is not rewritten.
    assert [c.field for c in edit.changes.changes] == ["unpaid_break_minutes"]
    swap = edits.swap(seeded, a.id, d.id)
    edits.undo(seeded, swap.changes)
    after = service.get_shift(seeded, a.id)
    assert (after.officer, after.unpaid_break_minutes) == ("Alex Morgan", 30)
    assert service.get_shift(seeded, d.id).officer == "Dee Osei"
    edits.undo(seeded, edit.changes)
    assert service.get_shift(seeded, a.id).unpaid_break_minutes == 0


def test_apply_pattern_then_swap_then_undo_only_takes_back_the_swap(ctx, team):
    applied = edits.apply_pattern(ctx, "four-week-out-of-hours", start=START, weeks=4, officers=team)
    count = len(applied.value)
    assert applied.changes.label.startswith("apply pattern four-week-out-of-hours") and f"({count} shifts)" in applied.changes.label
    a = shift_of(ctx, "Alex Morgan", TUE, "early")
    d = shift_of(ctx, "Dee Osei", TUE, "late")
    swap = edits.swap(ctx, a.id, d.id)
    edits.undo(ctx, swap.changes)
    assert len(service.list_shifts(ctx, START, START + dt.timedelta(weeks=4))) == count
    assert _officers(ctx, a.id, d.id) == ["Alex Morgan", "Dee Osei"]
    edits.undo(ctx, applied.changes)
    assert service.list_shifts(ctx, START, START + dt.timedelta(weeks=4)) == []


def test_undo_leaves_a_field_changed_since_and_says_why(seeded):
    a = shift_of(seeded, "Alex Morgan", TUE, "early")
    moved = edits.edit_shift(seeded, a.id, kind="early", officer="Cal Reid")
    # Someone (another laptop, a later edit) changes the same field again.
    service.update_shift(seeded, a.id, officer="Bea Khan")
    result = edits.undo(seeded, moved.changes)
    assert not result.complete and not result.applied
    assert service.get_shift(seeded, a.id).officer == "Bea Khan"
    message = result.message()
    assert "Could not undo assign: Tue 06 Jan early to Cal Reid" in message
    assert "officer" in message and "now Bea Khan" in message and "left as it is" in message


def test_swap_undo_is_all_or_nothing_when_one_side_changed(seeded):
    a = shift_of(seeded, "Alex Morgan", TUE, "early")
    d = shift_of(seeded, "Dee Osei", TUE, "late")
    swap = edits.swap(seeded, a.id, d.id)
    service.update_shift(seeded, d.id, officer="Cal Reid")
    result = edits.undo(seeded, swap.changes)
    assert not result.applied and "now Cal Reid" in result.message()
    assert _officers(seeded, a.id, d.id) == ["Dee Osei", "Cal Reid"]
    assert _swap_row(seeded, swap.value.swap_id).status == "accepted"


def test_undo_that_would_double_book_is_refused_and_changes_nothing(seeded):
    a = shift_of(seeded, "Alex Morgan", TUE, "early")
    assign = edits.edit_shift(seeded, a.id, officer="-")  # open the shift
    taken = edits.add_shift(seeded, officer="Alex Morgan", start=a.start, end=a.end, kind="cover")
    with pytest.raises(ValidationError, match="already has a shift"):
        edits.undo(seeded, assign.changes)
    assert service.get_shift(seeded, a.id).officer is None
    assert service.get_shift(seeded, taken.value.id).officer == "Alex Morgan"


def test_edit_writes_back_only_changed_fields(seeded):
    a = shift_of(seeded, "Alex Morgan", TUE, "early")
    moved = edits.edit_shift(seeded, a.id, officer="Alex Morgan", start=a.start + dt.timedelta(hours=1),
                             end=a.end + dt.timedelta(hours=1), kind="early", unpaid_break_minutes=0)
    assert moved.changes.label == "move shift: Tue 06 Jan early"
    assert sorted(c.field for c in moved.changes.changes) == ["end", "start"]
    # Meanwhile the officer is changed elsewhere: undoing the move keeps that officer.
    service.update_shift(seeded, a.id, officer="Bea Khan")
    assert edits.undo(seeded, moved.changes).complete
    back = service.get_shift(seeded, a.id)
    assert (back.officer, back.start, back.end) == ("Bea Khan", a.start, a.end)
    with seeded.read() as session:
        rows = session.execute(select(ChangeLogEntry).where(ChangeLogEntry.row_id == a.id)
                               .order_by(ChangeLogEntry.hlc)).scalars().all()
    # the undo is synced as whole field groups: start, end and break travel together
    assert set(rows[-1].changes) == {"start", "end", "unpaid_break_minutes", "revision"}


def test_leave_add_and_remove_undo(seeded):
    leave = edits.add_leave(seeded, "Bea Khan", TUE, TUE + dt.timedelta(days=2), "annual")
    assert leave.changes.label == "leave: Bea Khan annual 06 Jan–08 Jan"
    edits.undo(seeded, leave.changes)
    assert service.list_leave(seeded, START, SUN) == []
    edits.redo(seeded, leave.changes)
    assert [l.id for l in service.list_leave(seeded, START, SUN)] == [leave.value.id]
    removed = edits.remove_leave(seeded, leave.value.id)
    assert service.list_leave(seeded, START, SUN) == []
    edits.undo(seeded, removed.changes)
    assert [l.officer for l in service.list_leave(seeded, START, SUN)] == ["Bea Khan"]
    # Removed again, then other leave is added for those days: restoring would overlap it.
    again = edits.remove_leave(seeded, leave.value.id)
    edits.add_leave(seeded, "Bea Khan", TUE, TUE, "sick")
    with pytest.raises(ValidationError, match="overlap"):
        edits.undo(seeded, again.changes)
    assert [l.kind for l in service.list_leave(seeded, START, SUN)] == ["sick"]


def test_add_and_remove_shift_undo(seeded):
    day = SUN + dt.timedelta(days=30)
    start = dt.datetime(day.year, day.month, day.day, 9, tzinfo=service.zone())
    added = edits.add_shift(seeded, officer="Cal Reid", start=start, end=start + dt.timedelta(hours=8), kind="day")
    assert edits.undo(seeded, added.changes).complete
    assert service.list_shifts(seeded, day, day) == []
    edits.redo(seeded, added.changes)
    removed = edits.remove_shifts(seeded, [added.value.id])
    assert removed.changes.label.startswith("remove shift:")
    edits.undo(seeded, removed.changes)
    assert [s.officer for s in service.list_shifts(seeded, day, day)] == ["Cal Reid"]


def test_added_shift_edited_since_is_not_removed_by_undo(seeded):
    day = SUN + dt.timedelta(days=30)
    start = dt.datetime(day.year, day.month, day.day, 9, tzinfo=service.zone())
    added = edits.add_shift(seeded, officer="Cal Reid", start=start, end=start + dt.timedelta(hours=8))
    service.update_shift(seeded, added.value.id, officer="Dee Osei")
    result = edits.undo(seeded, added.changes)
    assert not result.applied and "now Dee Osei" in result.message()
    assert [s.officer for s in service.list_shifts(seeded, day, day)] == ["Dee Osei"]


def test_fill_undo_takes_back_every_assignment(ctx, team):
    from app.rota import solver

    service.apply_pattern(ctx, "four-week-out-of-hours", start=START, weeks=1, officers=team[:2])
    open_before = [s.id for s in service.list_shifts(ctx, START, SUN) if s.officer is None]
    plan = solver.fill(ctx, START, SUN, time_limit=5, dry_run=True)
    assert plan.assigned
    done = edits.fill(ctx, plan)
    assert done.changes.label == f"fill: {len(plan.assigned)} shifts"
    assert edits.undo(ctx, done.changes).complete
    shifts = {s.id: s for s in service.list_shifts(ctx, START, SUN)}
    assert all(shifts[i].officer is None and shifts[i].note == "" for i in open_before)


def test_nothing_recorded_for_a_refused_change(seeded):
    a = shift_of(seeded, "Alex Morgan", TUE, "early")
    with pytest.raises(ValidationError):
        edits.swap(seeded, a.id, a.id)
    with seeded.read() as session:
        assert session.execute(select(RotaSwap)).first() is None
    assert service.get_shift(seeded, a.id).officer == TEAM[0]
