"""Long core work (a sync round, a rota fill's plan) in a child process, so it never shares
the window's GIL or competes with its thread at the same CPU priority.

Decoding and merging a 100,000-change round is pure Python: on a thread of the GUI
process it holds the GIL for seconds and the window freezes. So the job thread starts
``python -m app.worker`` (in the bundle: the executable with :data:`WORKER_ARG`), a plain
``subprocess.Popen`` with no fork, no ``multiprocessing`` and no resource tracker, at a
lower CPU priority than the window. The protocol is one JSON line each way: the request
(data folder, lock token, task and its arguments) down stdin, the answer (the result,
pickled, and the rows it changed, or one plain line) up stdout. The worker opens the folder without taking its lock, which
only a process holding the holder's token may do (``instance_lock.vouches_for``).

Cancel kills the child; that is safe because a round applies in short transactions
(``app.sync.engine.apply_in_chunks``). The child ends by itself when its parent goes
(stdin reaches its end), so no worker outlives the window. No Qt here.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import pickle
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from app.db import changes as change_log
from app.errors import DutyDeskError
from app.media import process

if TYPE_CHECKING:
    from app.context import AppContext

log = logging.getLogger(__name__)

WORKER_ARG = "--dutydesk-worker"  # the frozen executables dispatch on it (ui/__main__.py, app/__main__.py)
EXIT_PARENT_GONE = 3


class WorkerFailed(DutyDeskError):
    """The worker process died or could not start; nothing it committed is lost."""


class CancelToken(Protocol):
    @property
    def cancelled(self) -> bool: ...


def _sync_round(ctx: AppContext, args: dict[str, Any]) -> dict[str, Any]:
    from app.sync import engine, service

    engine.share_the_database_with_a_window()  # the window writes log entries meanwhile
    return service.sync_now(ctx)


def _fill_plan(ctx: AppContext, args: dict[str, Any]) -> Any:
    """The solver's plan for a period (no write): CP-SAT's threads work at our priority."""
    import datetime as dt

    from app.rota import solver

    return solver.fill(ctx, dt.date.fromisoformat(args["start"]), dt.date.fromisoformat(args["end"]),
                       time_limit=float(args["time_limit"]), dry_run=True)


TASKS: dict[str, Callable[[AppContext, dict[str, Any]], Any]] = {"sync_round": _sync_round, "fill_plan": _fill_plan}

_live: dict[subprocess.Popen[bytes], Path] = {}  # running workers and the folder each works on
_live_guard = threading.Lock()


# --- the parent's side ------------------------------------------------------------------
def can_run(ctx: AppContext) -> bool:
    """A worker can open this folder only while we hold its lock and could vouch for it."""
    return ctx.worker_token is not None


def command() -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, WORKER_ARG]
    return [sys.executable, "-m", "app.worker"]


def _environment() -> dict[str, str]:
    """The child imports the same ``app`` package as we do, wherever we were started from."""
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def _start(stderr: Any) -> subprocess.Popen[bytes]:
    """At a lower CPU priority than the window (nice on POSIX, below normal on Windows)."""
    return process.popen(command(), background=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=stderr, env=_environment())


def run(ctx: AppContext, task: str, cancel: CancelToken | None = None, args: dict[str, Any] | None = None) -> Any:
    """Run ``task`` (with its JSON ``args``) on ``ctx``'s folder in a worker process and
    return its result.

    Blocks the calling (job) thread, never the GUI thread, with the GIL released. The rows
    the worker changed count for this thread's change collector, as if it ran here.
    A crash or a refusal raises :class:`WorkerFailed` with one plain line; a cancel
    kills the worker and returns ``None``."""
    token = ctx.worker_token
    if token is None or task not in TASKS:
        raise WorkerFailed(f"No worker can run {task!r} for this folder.")
    with tempfile.TemporaryFile() as stderr:
        try:
            proc = _start(stderr)
        except OSError as exc:
            raise WorkerFailed(f"The background worker could not start: {exc.strerror or exc}.") from None
        with _live_guard:
            _live[proc] = ctx.data_dir
        try:
            answer = _talk(proc, {"data_dir": str(ctx.data_dir), "token": token, "task": task, "args": args or {}},
                           cancel)
        finally:
            _reap(proc)
            with _live_guard:
                _live.pop(proc, None)
        if cancel is not None and cancel.cancelled:
            return None
        if answer is None:
            stderr.seek(0)
            tail = stderr.read()[-4000:].decode("utf-8", "replace")
            log.error("worker for %s ended with code %s without answering:\n%s", task, proc.returncode, tail)
            raise WorkerFailed(f"The background worker stopped unexpectedly (code {proc.returncode}); "
                               "nothing was lost, it will be tried again.")
    if "error" in answer:
        if answer.get("traceback"):
            log.error("worker for %s failed:\n%s", task, answer["traceback"])
        raise WorkerFailed(str(answer["error"]))
    change_log.report(change_log.Changes.of((t, i) for t, ids in answer.get("changes", {}).items() for i in ids))
    return _unpack(answer.get("result"))


def _pack(result: Any) -> str:
    """A result of any of our types (a planned fill is dataclasses of dates), pickled.

    Pickle is safe here: only our own child, started by us from our own executable,
    writes to the pipe we read, and both ends run the same code."""
    return base64.b64encode(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)).decode("ascii")


def _unpack(packed: Any) -> Any:
    return pickle.loads(base64.b64decode(packed)) if isinstance(packed, str) else None


def _talk(proc: subprocess.Popen[bytes], request: dict[str, Any], cancel: CancelToken | None) -> dict[str, Any] | None:
    assert proc.stdin is not None and proc.stdout is not None
    if cancel is not None:
        threading.Thread(target=_kill_on_cancel, args=(proc, cancel), daemon=True, name="worker-cancel").start()
    try:
        proc.stdin.write(json.dumps(request).encode("utf-8") + b"\n")
        proc.stdin.flush()
    except OSError:
        return None  # it died at once; its code says how
    line = proc.stdout.readline()  # our stdin stays open: the child's lifeline
    try:
        answer = json.loads(line) if line else None
    except ValueError:
        return None
    return answer if isinstance(answer, dict) else None


def _kill_on_cancel(proc: subprocess.Popen[bytes], cancel: CancelToken) -> None:
    while proc.poll() is None:
        if cancel.cancelled:
            proc.kill()
            return
        time.sleep(0.05)


def _reap(proc: subprocess.Popen[bytes]) -> None:
    """Close its lifeline and wait for it: no zombie, no orphan."""
    try:
        if proc.stdin is not None:
            proc.stdin.close()
    except OSError:
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()


def stop_all(data_dir: Path | None = None) -> None:
    """At quit, or when ``data_dir``'s context closes (its lock, which vouched for them, goes):
    kill the workers still running; a killed round resumes next time, nothing lost."""
    with _live_guard:
        procs = [p for p, folder in _live.items() if data_dir is None or folder == data_dir]
    for proc in procs:
        if proc.poll() is None:
            proc.kill()


def running() -> int:
    with _live_guard:
        return sum(p.poll() is None for p in _live)


# --- the child's side -------------------------------------------------------------------
def _pipe(stream: Any, fd: int, mode: str) -> Any:
    """The raw pipe, even in a windowed bundle whose ``sys.stdin``/``stdout`` are None."""
    return stream.buffer if stream is not None else os.fdopen(fd, mode)


def _send(message: dict[str, Any]) -> None:
    out = _pipe(sys.stdout, 1, "wb")
    out.write(json.dumps(message).encode("utf-8") + b"\n")
    out.flush()


def _exit_when_parent_goes(pipe: Any) -> None:
    """The parent keeps our stdin open while it waits: its end means it is gone."""
    try:
        while pipe.read(65536):
            pass
    except OSError:
        pass
    os._exit(EXIT_PARENT_GONE)


def serve() -> int:
    """The worker's main: one request, one answer, then exit."""
    pipe = _pipe(sys.stdin, 0, "rb")
    try:
        request = json.loads(pipe.readline() or b"null")
        data_dir, token, task = Path(request["data_dir"]), str(request["token"]), TASKS[request["task"]]
        args = request.get("args") or {}
        if not isinstance(args, dict):
            raise TypeError
    except (ValueError, TypeError, KeyError):
        _send({"error": "The background worker got a request it does not understand."})
        return 2
    from app import instance_lock
    from app.context import open_context

    if not instance_lock.vouches_for(data_dir, token):
        _send({"error": f"Only Duty Desk's own worker may open {data_dir} while it is open."})
        return 2
    threading.Thread(target=_exit_when_parent_goes, args=(pipe,), daemon=True, name="lifeline").start()
    try:
        ctx = open_context(data_dir, lock=False)
    except DutyDeskError as exc:
        _send({"error": str(exc)})
        return 2
    try:
        with change_log.collect() as collector:
            result = task(ctx, args)
        changed = {t: sorted(ids) for t, ids in collector.changes.rows.items()}
        _send({"result": _pack(result), "changes": changed})
    except DutyDeskError as exc:
        _send({"error": str(exc)})
    except Exception as exc:  # noqa: BLE001 - the parent logs the traceback and shows one line
        import traceback

        _send({"error": f"The background work failed: {exc}", "traceback": traceback.format_exc()})
    finally:
        ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(serve())
