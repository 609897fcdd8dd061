"""Sync rounds run in a worker process (``app.worker``): a real child over a JSON pipe.

It applies what another laptop shared and its changed rows come back typed; a stranger
without the lock holder's token is refused; cancel kills it; a crash is one plain line;
nothing is left running afterwards.
"""

from __future__ import annotations

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
from tests.rota.conftest import open_week
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


def test_a_fill_is_planned_in_a_worker_and_written_here(ctx) -> None:
    from app.rota import edits, solver
    from app.rota import service as rota

    start, end, open_ids = open_week(ctx)
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

    start, end, open_ids = open_week(ctx)
    assert solver.plan_in_background(ctx, start, end, time_limit=5, cancel=Cancelled()) is None
    assert worker.running() == 0 and not worker._live
    with pytest.raises(worker.WorkerFailed) as refused:
        solver.plan_in_background(ctx, start, end, time_limit=0)
    assert str(refused.value).startswith("The time limit") and "\n" not in str(refused.value)


WINDOWED = ("import sys; sys.stdin = sys.stdout = sys.stderr = None  # a windowed build on Windows: no console\n"
            "from app.worker import serve; sys.exit(serve())")


def test_a_worker_without_console_streams_still_talks_over_its_pipes(
        ctx, make_ctx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """``dutydesk-gui`` (console=False) has None for sys.stdin/stdout/stderr on Windows; the
    pipes the window gave it are still its descriptors 0 and 1, and the round runs over them."""
    _, ids = _shared_by_ann(make_ctx, ctx, tmp_path)
    monkeypatch.setattr(worker, "command", lambda: [sys.executable, "-c", WINDOWED])
    with change_log.collect() as collector:
        result = worker.run(ctx, "sync_round")
    assert result["state"] == "synced" and result["applied"] >= 3
    assert set(ids) <= collector.changes.ids("log_entry")
    assert {f"Ann's entry {i}" for i in range(3)} <= log_texts(ctx)
    assert worker.running() == 0


def test_a_windowed_worker_refuses_a_stranger_in_one_line(ctx) -> None:  # type: ignore[no-untyped-def]
    request = {"data_dir": str(ctx.data_dir), "token": "not-the-token", "task": "sync_round"}
    done = subprocess.run([sys.executable, "-c", WINDOWED], input=json.dumps(request) + "\n", capture_output=True,
                          text=True, cwd=REPO_ROOT, env=worker._environment(), timeout=120)
    assert done.returncode == 2 and done.stderr == ""
    assert json.loads(done.stdout) == {"error": f"Only Duty Desk's own worker may open {ctx.data_dir} while it is open."}


@pytest.mark.parametrize("command", ["console", "windowed"])
def test_a_worker_that_answered_ends_cleanly_while_its_parent_still_listens(ctx, make_ctx, tmp_path: Path,
                                                                             command: str) -> None:  # type: ignore[no-untyped-def]
    """The parent may close the worker's stdin only after the worker is done: its lifeline is
    then still waiting on the pipe at interpreter shutdown, which must not abort the process
    (it did, with SIGABRT and "could not acquire lock for <stdin>", found in the bundle)."""
    _shared_by_ann(make_ctx, ctx, tmp_path)
    argv = worker.command() if command == "console" else [sys.executable, "-c", WINDOWED]
    child = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             cwd=REPO_ROOT, env=worker._environment())
    assert child.stdin is not None and child.stdout is not None and child.stderr is not None
    child.stdin.write(json.dumps({"data_dir": str(ctx.data_dir), "token": ctx.worker_token,
                                  "task": "sync_round"}).encode("utf-8") + b"\n")
    child.stdin.flush()
    answer = json.loads(child.stdout.readline())
    code = child.wait(timeout=120)  # our end of its stdin is still open
    errors = child.stderr.read().decode("utf-8", "replace")
    child.stdin.close()
    child.stdout.close()
    child.stderr.close()
    result = worker._unpack(answer["result"])
    assert result["state"] == "synced" and result["applied"] >= 3
    assert (code, errors) == (0, "")  # not -6 with "Fatal Python error: ... could not acquire lock"


CHATTY = """
import os, sys
from app import worker

def chatty(ctx, args):
    print("a library's chatter on stdout", flush=True)
    os.write(1, b"and C-level chatter on descriptor 1\\n")
    return {"answer": 42}

worker.TASKS["chatty"] = chatty
sys.exit(worker.serve())
"""


def test_what_a_task_prints_never_gets_in_front_of_the_answer(ctx, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(worker.TASKS, "chatty", lambda _ctx, _args: None)  # the parent knows the task by name
    monkeypatch.setattr(worker, "command", lambda: [sys.executable, "-c", CHATTY])
    with change_log.collect():
        assert worker.run(ctx, "chatty") == {"answer": 42}
    assert worker.running() == 0
