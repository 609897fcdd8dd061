"""Property: any interleaving of edits, deletes, log entries, syncs and interrupted syncs on
three laptops converges, and no acknowledged write or log entry is ever lost."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.sync import service
from app.sync.fileops import FaultPlan, FileOps
from app.sync.models import SyncConflict
from app.team.models import TeamSetting
from tests.sync.helpers import laptop, log, log_texts, make_share, shared_state, sync

DEVICES = 3
KEYS = 3

step = st.one_of(
    st.tuples(st.just("edit"), st.integers(0, DEVICES - 1), st.integers(0, KEYS - 1)),
    st.tuples(st.just("delete"), st.integers(0, DEVICES - 1), st.integers(0, KEYS - 1)),
    st.tuples(st.just("log"), st.integers(0, DEVICES - 1), st.just(0)),
    st.tuples(st.just("sync"), st.integers(0, DEVICES - 1), st.just(0)),
    st.tuples(st.just("partial"), st.integers(0, DEVICES - 1), st.integers(1, 30)),
)


def _write_value(ctx, row_id: str, value: int | None, *, delete: bool = False):
    with ctx.write() as session:
        row = session.get(TeamSetting, row_id)
        before = row.value
        if delete:
            row.deleted = True
        else:
            row.value = value
    return before


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(step, min_size=4, max_size=18))
def test_random_interleavings_converge_without_loss(tmp_path_factory, steps) -> None:
    base = tmp_path_factory.mktemp("prop")
    share = make_share(base)
    ctxs = [laptop(base, f"d{i}") for i in range(DEVICES)]
    try:
        keys = []
        with ctxs[0].write() as session:
            for k in range(KEYS):
                row = TeamSetting(key=f"k{k}", value=0)
                session.add(row)
                session.flush()
                keys.append(row.id)
        for ctx in ctxs:
            sync(ctx, share)
        counter = itertools.count(1)
        written: list[tuple[str, int]] = []  # (row id, value) acknowledged
        superseded: set[tuple[str, int]] = set()  # overwritten by a laptop that had seen it
        logged: set[str] = set()
        for kind, dev, arg in steps:
            ctx = ctxs[dev]
            if kind == "edit":
                value = next(counter)
                before = _write_value(ctx, keys[arg], value)
                superseded.add((keys[arg], before))
                written.append((keys[arg], value))
            elif kind == "delete":
                _write_value(ctx, keys[arg], None, delete=True)
            elif kind == "log":
                text = f"entry {next(counter)} on d{dev}"
                log(ctx, text)
                logged.add(text)
            elif kind == "sync":
                sync(ctx, share)
            else:
                sync(ctx, share, FileOps(FaultPlan(fail_at=arg)))
        for ctx in ctxs * 2:
            result = sync(ctx, share)
            assert result["state"] in ("synced", "conflicts"), result["message"]
        states = [shared_state(ctx) for ctx in ctxs]
        assert states[0] == states[1] == states[2]
        for ctx in ctxs:
            assert logged <= log_texts(ctx)
        in_conflicts: set[tuple[str, object]] = set()
        for ctx in ctxs:
            with ctx.read() as session:
                for c in session.execute(select(SyncConflict)).scalars():
                    for side in (c.local_value, c.remote_value):
                        # an edit that met a delete is kept as {"value": ...} against {"deleted": true}
                        for value in (side.values() if isinstance(side, dict) else [side]):
                            in_conflicts.add((c.row_id, value))
        final = {row_id: row["value"] for row_id, row in states[0]["team_setting"].items()}
        for row_id, value in written:
            assert final[row_id] == value or (row_id, value) in superseded or (row_id, value) in in_conflicts, (
                f"write {value} to {row_id} was lost"
            )
        assert all(service.status(ctx).pending == 0 for ctx in ctxs)
    finally:
        for ctx in ctxs:
            ctx.close()
