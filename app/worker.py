"""Long core work (sync rounds, compaction, the rota solver) in a child process.

Decoding a 100,000-change segment or running the solver holds Python's GIL for
hundreds of milliseconds; on a thread of the GUI process that freezes the window.
A ``spawn`` child (works the same on Windows and in the PyInstaller bundle, whose
entry points call ``multiprocessing.freeze_support()``) opens the same data folder
without taking its lock, which only a child of the lock holder may do: it must show
the holder's worker token and be the holder's child (``instance_lock.vouches_for``).
What the child committed comes back as typed ``Changes`` and joins the calling
thread's change collector, so views refresh as if the work had run in-process.
No Qt here: the job runner (``ui.ops.jobs``) drives it from a job thread.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from app.db import changes as change_log
from app.errors import AlreadyRunningError

if TYPE_CHECKING:
    from app.context import AppContext

T = TypeVar("T")
WORKERS = 2  # a sync round and the solver at once

_child_ctx: AppContext | None = None


class WorkerStopped(RuntimeError):
    """The worker process died (killed, out of memory); the work may be re-run."""


def open_worker_context(data_dir: Path, token: str) -> AppContext:
    """The child's context: the folder without its lock, for a child of the holder only."""
    from app import instance_lock
    from app.context import open_context

    if not instance_lock.vouches_for(data_dir, token, os.getppid()):
        raise AlreadyRunningError(f"Only Duty Desk's own worker may open {data_dir} while it is open.")
    return open_context(data_dir, lock=False)


def _start_child(data_dir: str, token: str) -> None:
    global _child_ctx
    _child_ctx = open_worker_context(Path(data_dir), token)


def _call_in_child(fn: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[T, change_log.Changes]:
    assert _child_ctx is not None, "the worker was started without a context"
    with change_log.collect() as collector:
        result = fn(_child_ctx, *args, **kwargs)
    return result, collector.changes


class WorkerPool:
    """The parent's side: child processes started on first use, reused, shut at close."""

    def __init__(self, data_dir: Path, token: str, workers: int = WORKERS) -> None:
        self.data_dir, self._token, self._workers = data_dir, token, workers
        self._pool: ProcessPoolExecutor | None = None
        self._guard = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._guard:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    self._workers, mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start_child, initargs=(str(self.data_dir), self._token))
            return self._pool

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn(ctx, *args, **kwargs)`` in a worker (``fn`` importable by name, args picklable);
        blocks the calling (job) thread, never the GUI thread, with the GIL released."""
        pool = self._executor()
        try:
            result, changed = pool.submit(_call_in_child, fn, args, kwargs).result()
        except BrokenProcessPool:
            with self._guard:
                if self._pool is pool:
                    self._pool = None
            raise WorkerStopped("The background worker stopped unexpectedly; try again.") from None
        change_log.report(changed)
        return result

    def close(self) -> None:
        with self._guard:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def pool_for(ctx: AppContext) -> WorkerPool | None:
    """A pool for a context that holds its folder's lock; ``None`` (run in-process) otherwise."""
    token = ctx.worker_token
    return WorkerPool(ctx.data_dir, token) if token else None
