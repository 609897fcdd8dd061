"""Every write to shared data is versioned and lands in the outbox in the same transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.db.hlc import unpack
from app.db.local_models import ChangeLogEntry, DeviceState
from app.team.models import Officer
from app.team.service import ensure_officer


def _outbox(ctx):
    with ctx.read() as session:
        return list(session.execute(select(ChangeLogEntry).order_by(ChangeLogEntry.seq)).scalars())


def test_insert_and_update_are_recorded_with_old_and_new_values(ctx):
    before = len(_outbox(ctx))
    officer = ensure_officer(ctx, "Jo Bloggs")
    with ctx.write() as session:
        session.get(Officer, officer.id).email = "jo@example.org"
    rows = _outbox(ctx)[before:]
    assert [r.op for r in rows] == ["insert", "update"]
    assert rows[0].row_id == officer.id and rows[0].changes["name"] == {"old": None, "new": "Jo Bloggs"}
    email = dict(rows[1].changes["email"])
    seen = email.pop("seen")  # the heads of each field group its writer had (app.db.groups)
    assert rows[1].changes.keys() == {"email"} and email == {"old": "", "new": "jo@example.org"}
    assert seen["email"] == [[rows[0].hlc, ctx.device_id]]  # it replaced the insert
    assert rows[0].hlc < rows[1].hlc
    assert rows[1].officer == "Test Officer" and rows[1].device_id == ctx.device_id


def test_a_failed_transaction_leaves_neither_data_nor_outbox(ctx):
    before = len(_outbox(ctx))
    with pytest.raises(RuntimeError):
        with ctx.write() as session:
            session.add(Officer(name="Ghost"))
            session.flush()
            raise RuntimeError("power cut")
    assert len(_outbox(ctx)) == before
    with ctx.read() as session:
        assert session.execute(select(Officer).where(Officer.name == "Ghost")).first() is None


def test_shared_records_are_tombstoned_not_deleted(ctx):
    officer = ensure_officer(ctx, "Temp")
    with pytest.raises(Exception, match="mark them deleted"):
        with ctx.write() as session:
            session.delete(session.get(Officer, officer.id))
    with ctx.write() as session:
        session.get(Officer, officer.id).deleted = True
    assert _outbox(ctx)[-1].op == "delete"


def test_versions_never_go_backwards_when_the_wall_clock_does(ctx):
    ensure_officer(ctx, "Before")
    with ctx.read() as session:
        last = session.execute(select(DeviceState)).scalar_one().hlc_last
    ctx.identity.now_ms = lambda: unpack(last)[0] - 3_600_000  # clock set back an hour
    officer = ensure_officer(ctx, "After")
    with ctx.read() as session:
        row = session.get(Officer, officer.id)
    assert row.hlc > last
