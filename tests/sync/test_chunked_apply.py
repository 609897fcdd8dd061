"""A round applies remote changes in bounded transactions; killing it between two
chunks loses nothing and applies nothing twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from sqlalchemy import func, select

from app.context import open_context
from app.setup import setup
from app.shiftlog.models import LogEntry
from tests.conftest import REPO_ROOT
from tests.sync.helpers import log, log_texts, make_share, shared_state, sync

CHUNKED_SYNC = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from app.context import open_context
    from app.sync import engine, service

    engine.APPLY_CHUNK = 3
    real = engine.apply_entries

    def announcing(session, entries, *args, **kwargs):
        result = real(session, entries, *args, **kwargs)
        session.commit()  # the chunk's own transaction ends here; the kill comes after it
        print("chunk", len(entries), flush=True)
        time.sleep(0.3)
        return result

    engine.apply_entries = announcing
    ctx = open_context(sys.argv[1])
    service.sync_now(ctx, Path(sys.argv[2]))
    print("DONE", flush=True)
    """
)


def _entries(ctx) -> int:
    with ctx.read() as session:
        return session.execute(select(func.count()).select_from(LogEntry)).scalar_one()


def test_sigkill_between_apply_chunks_loses_nothing_and_applies_once(tmp_path: Path) -> None:
    share = make_share(tmp_path)
    texts = [f"ann {i}" for i in range(12)]
    ann = open_context(tmp_path / "a")
    setup(ann, officer="Ann")
    for text in texts:
        log(ann, text)
    sync(ann, share)
    ann.close()
    bob = open_context(tmp_path / "b")
    setup(bob, officer="Bob")
    log(bob, "bob before")
    bob.close()
    proc = subprocess.Popen(
        [sys.executable, "-c", CHUNKED_SYNC, str(tmp_path / "b"), str(share)],
        stdout=subprocess.PIPE, text=True, cwd=REPO_ROOT, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )
    seen: list[str] = []
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            seen.append(line.strip())
            if seen.count("chunk 3") == 2:
                proc.send_signal(signal.SIGKILL)
                break
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, seen
    bob = open_context(tmp_path / "b")
    try:
        partial = log_texts(bob) & set(texts)
        assert 0 < len(partial) < len(texts)  # the killed round committed some chunks, not all
        sync(bob, share)
        assert set(texts) | {"bob before"} <= log_texts(bob)
        assert _entries(bob) == len(texts) + 1  # nothing applied twice
        ann = open_context(tmp_path / "a")
        try:
            sync(ann, share)
            assert shared_state(ann) == shared_state(bob)
        finally:
            ann.close()
    finally:
        bob.close()
