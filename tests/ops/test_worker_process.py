"""Only a child of the process holding the data-folder lock may open the folder without it."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

from app import worker
from app.context import open_context
from app.errors import AlreadyRunningError
from app.setup import setup


def _try_open(data_dir: str, token: str) -> str:
    try:
        worker.open_worker_context(Path(data_dir), token).close()
    except AlreadyRunningError:
        return "refused"
    return "opened"


def _pid(ctx) -> int:  # type: ignore[no-untyped-def]
    return os.getpid()


def test_a_worker_runs_in_its_own_process_and_a_stranger_is_refused(tmp_path: Path) -> None:
    ctx = open_context(tmp_path / "data")
    try:
        setup(ctx, officer="Ann")
        pool = worker.pool_for(ctx)
        assert pool is not None
        try:
            assert pool.call(_pid) != os.getpid()
        finally:
            pool.close()
        spawn = multiprocessing.get_context("spawn")
        with spawn.Pool(1) as strangers:  # our child, but without the token
            assert strangers.apply(_try_open, (str(ctx.data_dir), "not-the-token")) == "refused"
            assert strangers.apply(_try_open, (str(ctx.data_dir), ctx.worker_token)) == "opened"
    finally:
        ctx.close()
    with pytest.raises(AlreadyRunningError):  # the lock is free now: nobody vouches any more
        worker.open_worker_context(ctx.data_dir, "anything")
