"""A round applies remote changes in bounded transactions; killing it between two
chunks loses nothing and applies nothing twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from app.context import AppContext, open_context
from app.setup import setup
from app.sync import engine
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


def _ann_shared(tmp_path: Path, share: Path, texts: list[str]) -> AppContext:
    """Ann logs ``texts`` and shares them; her laptop stays open."""
    ann = open_context(tmp_path / "a")
    setup(ann, officer="Ann")
    for said in texts:
        log(ann, said)
    sync(ann, share)
    return ann


def test_sigkill_between_apply_chunks_loses_nothing_and_applies_once(tmp_path: Path) -> None:
    share = make_share(tmp_path)
    texts = [f"ann {i}" for i in range(12)]
    _ann_shared(tmp_path, share, texts).close()
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


@given(size=st.integers(1, 5000), held=st.floats(0, 10), target=st.floats(0.001, 1), most=st.integers(1, 5000))
def test_a_chunk_beside_a_window_is_sized_by_the_time_the_last_one_held_the_lock(size, held, target, most) -> None:
    nxt = engine.next_chunk_size(size, held, target, most)
    assert 1 <= nxt <= max(1, most) and nxt <= size * 2  # never empty, never over the cap, grows gently
    if held > target * 2 and size > 1:
        assert nxt < size  # a chunk that held the lock too long (a busy machine) is followed by a smaller one
    if held * 2 < target and size < most:
        assert nxt > size  # a quick one by a bigger one


def test_a_round_beside_a_window_applies_everything_once_in_timed_chunks(tmp_path: Path, monkeypatch) -> None:
    share = make_share(tmp_path)
    texts = [f"ann {i}" for i in range(60)]
    ann = _ann_shared(tmp_path, share, texts)
    bob = open_context(tmp_path / "b")
    setup(bob, officer="Bob")
    sizes: list[int] = []
    disk_waits: set[int] = set()  # PRAGMA synchronous of each chunk's connection: 1 NORMAL, 2 FULL
    real = engine.apply_entries

    def counting(session, entries, *args, **kwargs):  # type: ignore[no-untyped-def]
        sizes.append(len(entries))
        disk_waits.add(session.execute(text("PRAGMA synchronous")).scalar_one())
        return real(session, entries, *args, **kwargs)

    monkeypatch.setattr(engine, "apply_entries", counting)
    monkeypatch.setattr(engine, "APPLY_PAUSE_S", 0.0)
    monkeypatch.setattr(engine, "APPLY_HOLD_S", 0.03)
    monkeypatch.setattr(engine, "APPLY_CHUNK", 400)
    try:
        sync(bob, share)
        assert sizes[0] == engine.FIRST_SHARED_CHUNK and len(sizes) > 1  # the first chunk is small, then timed
        assert disk_waits == {1}  # what can be fetched again does not wait for the disk...
        with bob.write() as session:
            assert session.execute(text("PRAGMA synchronous")).scalar_one() == 2  # ...everything else does
        assert set(texts) <= log_texts(bob) and _entries(bob) == len(texts)  # all of them, once
        sync(ann, share)
        assert shared_state(ann) == shared_state(bob)
    finally:
        ann.close()
        bob.close()
