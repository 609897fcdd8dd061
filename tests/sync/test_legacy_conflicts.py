"""Conflicts recorded before conflicts were team data (no team id) still resolve: the kept
value is converted for its column like any synced value, and the write syncs."""

from __future__ import annotations

import datetime as dt

import pytest

from app.errors import NotFoundError
from app.rota import service as rota
from app.rota.models import RotaLeave
from app.sync import service
from app.sync.models import SyncConflict


def _legacy(ctx, leave_id: str, local: str, remote: str) -> int:  # type: ignore[no-untyped-def]
    with ctx.write() as session:
        conflict = SyncConflict(table_name="rota_leave", row_id=leave_id, field="end_date", local_value=local,
                                remote_value=remote, remote_officer="Ann", winner="local")
        session.add(conflict)
        session.flush()
        return conflict.id


def _end_date(ctx, leave_id: str) -> dt.date:  # type: ignore[no-untyped-def]
    with ctx.read() as session:
        return session.get(RotaLeave, leave_id).end_date


def test_keeping_the_other_side_of_a_legacy_conflict_writes_a_real_date(ctx) -> None:  # type: ignore[no-untyped-def]
    leave = rota.add_leave(ctx, "Test Officer", dt.date(2026, 12, 7), dt.date(2026, 12, 9))
    first = _legacy(ctx, leave.id, "2026-12-09", "2026-12-11")
    second = _legacy(ctx, leave.id, "2026-12-09", "2026-12-12")  # the same field: settled by the one decision
    resolved = service.resolve(ctx, first, "remote")
    assert resolved.resolved == "remote"
    assert _end_date(ctx, leave.id) == dt.date(2026, 12, 11)  # a date again, not the JSON text
    still_open = [c.id for c in service.list_conflicts(ctx) if c.id in (first, second)]
    assert still_open == []


def test_keeping_this_laptops_side_writes_nothing_new(ctx) -> None:  # type: ignore[no-untyped-def]
    leave = rota.add_leave(ctx, "Test Officer", dt.date(2026, 12, 7), dt.date(2026, 12, 9))
    conflict = _legacy(ctx, leave.id, "2026-12-09", "2026-12-11")
    assert service.resolve(ctx, conflict, "local").resolved == "local"
    assert _end_date(ctx, leave.id) == dt.date(2026, 12, 9)


def test_a_legacy_conflict_whose_record_is_missing_is_one_plain_line(ctx) -> None:  # type: ignore[no-untyped-def]
    conflict = _legacy(ctx, "01a00000-0000-7000-8000-000000000000", "2026-12-09", "2026-12-11")
    with pytest.raises(NotFoundError) as missing:
        service.resolve(ctx, conflict, "remote")
    assert str(missing.value) == f"The record of conflict {conflict} is not on this laptop."
