"""Sync rounds run in a worker process (``app.worker``): a real child over a JSON pipe.

It applies what another laptop shared and its changed rows come back typed; a stranger
without the lock holder's token is refused; cancel kills it; a crash is one plain line;
nothing is left running afterwards.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from app import worker
from app.db import changes as change_log
from app.settings import device
from app.shiftlog import service as shiftlog
from tests.conftest import REPO_ROOT
from tests.sync.helpers import log_texts, sync


class Cancelled:
    cancelled = True


def _shared_by_ann(make_ctx, ctx, tmp_path: Path) -> tuple[Path, list[str]]:  # type: ignore[no-untyped-def]
    share = tmp_path / "share"
    share.mkdir()
    ann = make_ctx("ann", "Ann Able")
    sync(ann, share)
    ids = [shiftlog.add_entry(ann, f"Ann's entry {i}").id for i in range(3)]
    sync(ann, share)
    device.set_many(ctx, {device.SHARE_DIR: str(share)})
    return share, ids


def test_a_round_in_a_worker_applies_and_reports_the_rows_it_changed(ctx, make_ctx, tmp_path: Path) -> None:
    _, ids = _shared_by_ann(make_ctx, ctx, tmp_path)
    assert worker.can_run(ctx)
    with change_log.collect() as collector:
        result = worker.run(ctx, "sync_round")
    assert result["state"] == "synced" and result["applied"] >= 3
    assert set(ids) <= collector.changes.ids("log_entry")  # typed, as if the round ran here
    assert {f"Ann's entry {i}" for i in range(3)} <= log_texts(ctx)
    assert worker.running() == 0


def test_a_worker_without_the_holders_token_is_refused_and_changes_nothing(ctx, make_ctx, tmp_path: Path) -> None:
    _shared_by_ann(make_ctx, ctx, tmp_path)
    request = {"data_dir": str(ctx.data_dir), "token": "not-the-token", "task": "sync_round"}
    done = subprocess.run(worker.command(), input=json.dumps(request) + "\n", capture_output=True, text=True,
                          cwd=REPO_ROOT, env=worker._environment(), timeout=120)
    assert done.returncode == 2
    assert json.loads(done.stdout) == {"error": f"Only Duty Desk's own worker may open {ctx.data_dir} while it is open."}
    assert "Traceback" not in done.stderr
    assert not any(text.startswith("Ann's entry") for text in log_texts(ctx))


def test_cancel_kills_the_worker_and_leaves_nothing_running(ctx, make_ctx, tmp_path: Path) -> None:
    _shared_by_ann(make_ctx, ctx, tmp_path)
    assert worker.run(ctx, "sync_round", cancel=Cancelled()) is None
    assert worker.running() == 0 and not worker._live
    with change_log.collect():
        assert worker.run(ctx, "sync_round")["state"] == "synced"  # the next round does the work


def test_a_crashed_worker_is_one_plain_line(ctx, monkeypatch: pytest.MonkeyPatch, caplog) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(worker, "command", lambda: [sys.executable, "-c", "import os; os._exit(9)"])
    with pytest.raises(worker.WorkerFailed) as failed:
        worker.run(ctx, "sync_round")
    message = str(failed.value)
    assert message == "The background worker stopped unexpectedly (code 9); nothing was lost, it will be tried again."
    assert "\n" not in message and worker.running() == 0


def test_without_the_folder_lock_no_worker_is_offered(make_ctx, tmp_path: Path) -> None:
    from app.context import open_context

    unlocked = open_context(tmp_path / "unlocked", lock=False)
    try:
        assert not worker.can_run(unlocked)
        with pytest.raises(worker.WorkerFailed):
            worker.run(unlocked, "sync_round")
    finally:
        unlocked.close()


def test_closing_the_window_mid_round_leaves_no_worker_and_a_crash_shows_one_line(
        qtbot, main_window, ctx, make_ctx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    controller = main_window.duties.sync
    qtbot.waitUntil(lambda: controller.last_result is not None and not controller.running, timeout=60_000)
    _shared_by_ann(make_ctx, ctx, tmp_path)
    real_command = worker.command
    monkeypatch.setattr(worker, "command", lambda: [sys.executable, "-c", "import os; os._exit(9)"])
    with qtbot.waitSignal(controller.finished, timeout=60_000) as finished:
        controller.sync_now()
    assert finished.args[0]["message"] == ("Sync failed: The background worker stopped unexpectedly (code 9); "
                                                 "nothing was lost, it will be tried again.")
    monkeypatch.setattr(worker, "command", real_command)
    controller.sync_now()
    qtbot.waitUntil(lambda: bool(worker._live), timeout=60_000)
    children = list(worker._live)
    main_window.close()  # cancels the round: the worker is killed and reaped
    assert all(child.returncode is not None for child in children)
    assert worker.running() == 0 and not worker._live


def _open_week(ctx) -> tuple[dt.date, dt.date, list[str]]:  # type: ignore[no-untyped-def]
    """A week of the built-in pattern for two officers of four: the other lines are open."""
    from app.rota import service as rota
    from app.team.service import ensure_officer

    start = dt.date(2026, 1, 5)
    team = ["Alex Morgan", "Bea Khan", "Cal Reid", "Dee Osei"]
    for name in team:
        ensure_officer(ctx, name)
    rota.apply_pattern(ctx, "four-week-out-of-hours", start=start, weeks=1, officers=team[:2])
    end = start + dt.timedelta(days=6)
    return start, end, [s.id for s in rota.list_shifts(ctx, start, end) if s.officer is None]


def test_a_fill_is_planned_in_a_worker_and_written_here(ctx) -> None:
    from app.rota import edits, solver
    from app.rota import service as rota

    start, end, open_ids = _open_week(ctx)
    with change_log.collect() as collector:
        plan = solver.plan_in_background(ctx, start, end, time_limit=5)
    assert isinstance(plan, solver.FillResult) and not plan.applied
    assert sorted(s.id for s in plan.assigned) == sorted(open_ids) and plan.unfilled == []
    assert plan.before == {i: None for i in open_ids}  # what each shift held when planned: undo needs it
    assert not collector.changes.rows and worker.running() == 0  # a plan writes nothing
    edits.fill(ctx, plan)
    shifts = {s.id: s for s in rota.list_shifts(ctx, start, end)}
    assert all(shifts[i].officer for i in open_ids)
    assert not [f for f in rota.check(ctx, start, end).findings if f.rule in solver.WORKING_TIME_RULES]


def test_a_cancelled_fill_plan_kills_its_worker_and_writes_nothing(ctx) -> None:
    from app.rota import solver

    start, end, open_ids = _open_week(ctx)
    assert solver.plan_in_background(ctx, start, end, time_limit=5, cancel=Cancelled()) is None
    assert worker.running() == 0 and not worker._live
    with pytest.raises(worker.WorkerFailed) as refused:
        solver.plan_in_background(ctx, start, end, time_limit=0)
    assert str(refused.value).startswith("The time limit") and "\n" not in str(refused.value)
