"""Real processes: one killed with SIGKILL in the middle of a sync, two syncing at once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select

from app.context import open_context
from app.setup import setup
from app.sync.models import SyncQuarantine
from tests.conftest import REPO_ROOT
from tests.sync.helpers import log, log_texts, make_share, shared_state, sync

SLOW_SYNC = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from app.context import open_context
    from app.sync import service
    from app.sync.fileops import FileOps

    class Announcing(FileOps):
        def _op(self, kind, path):
            print(kind, path.name, flush=True)
            time.sleep(0.01)

    ctx = open_context(sys.argv[1])
    service.sync_now(ctx, Path(sys.argv[2]), Announcing())
    print("DONE", flush=True)
    """
)


def _prepare(tmp_path: Path, name: str, officer: str, texts: list[str]) -> None:
    ctx = open_context(tmp_path / name)
    try:
        setup(ctx, officer=officer)
        for text in texts:
            log(ctx, text)
    finally:
        ctx.close()


@pytest.mark.parametrize("kill_at", ["fsync", "read"])
def test_sigkill_mid_sync_loses_nothing(tmp_path: Path, kill_at: str) -> None:
    share = make_share(tmp_path)
    _prepare(tmp_path, "b", "Bob", ["bob before"])
    b = open_context(tmp_path / "b")
    sync(b, share)
    b.close()
    _prepare(tmp_path, "a", "Ann", [f"ann {i}" for i in range(20)])
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_SYNC, str(tmp_path / "a"), str(share)],
        stdout=subprocess.PIPE, text=True, cwd=REPO_ROOT, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )
    seen = []
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            seen.append(line.strip())
            if line.startswith(kill_at + " ") and len(seen) > 3:
                proc.send_signal(signal.SIGKILL)
                break
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, seen
    a, b = open_context(tmp_path / "a"), open_context(tmp_path / "b")
    try:
        for _ in range(2):
            sync(a, share), sync(b, share)
        expected = {f"ann {i}" for i in range(20)} | {"bob before"}
        assert expected <= log_texts(a) and expected <= log_texts(b)
        assert shared_state(a) == shared_state(b)
        with b.read() as session:
            assert session.execute(select(SyncQuarantine)).first() is None
    finally:
        a.close()
        b.close()


def test_two_app_processes_sync_through_one_share(tmp_path: Path) -> None:
    share = make_share(tmp_path)
    _prepare(tmp_path, "a", "Ann", ["ann's first"])
    _prepare(tmp_path, "b", "Bob", ["bob's first"])
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    for _round in range(2):
        procs = [
            subprocess.Popen([sys.executable, "-m", "ui", "--data-dir", str(tmp_path / name), "sync", "--share", str(share), "--json"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO_ROOT, env=env)
            for name in ("a", "b")
        ]
        outputs = [p.communicate(timeout=120) for p in procs]
        for proc, (out, err) in zip(procs, outputs):
            said = json.loads(out) if out.strip().startswith("{") else {}
            assert proc.returncode == 0, (said.get("state"), said.get("message"), err or out)  # the round's own words first
            assert said["state"] == "synced", out
    a, b = open_context(tmp_path / "a"), open_context(tmp_path / "b")
    try:
        assert {"ann's first", "bob's first"} <= log_texts(a)
        assert {"ann's first", "bob's first"} <= log_texts(b)
        assert shared_state(a) == shared_state(b)
    finally:
        a.close()
        b.close()
