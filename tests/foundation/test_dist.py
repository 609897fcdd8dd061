"""The PyInstaller bundle builds from build.spec and the built program runs, including the
worker process the window starts for a sync round (the executable with ``--dutydesk-worker``).

The bundle is built once per module (the build takes minutes of CPU); the tests share it
and run in one xdist group, so ``make test`` (``--dist loadgroup``) never builds it twice."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from app import worker
from app.worker import EXIT_PARENT_GONE, WORKER_ARG
from tests.conftest import REPO_ROOT
from tests.rota.conftest import open_week

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("dist")]


@pytest.fixture(scope="module")
def exe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The console executable of a bundle built from build.spec; the windowed one sits beside it."""
    out = tmp_path_factory.mktemp("bundle")
    build = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "ERROR",
         "--distpath", str(out / "dist"), "--workpath", str(out / "build"), "build.spec"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=900, check=False,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    return out / "dist" / "dutydesk" / ("dutydesk.exe" if sys.platform == "win32" else "dutydesk")


def _windowed(exe: Path) -> Path:
    return exe.with_name("dutydesk-gui.exe" if sys.platform == "win32" else "dutydesk-gui")


def _bundle_env() -> dict[str, str]:
    """No PYTHONPATH: what runs is the bundle's own code, not this checkout's."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def test_bundle_builds_and_runs(exe: Path, tmp_path: Path) -> None:
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=120, check=False)
    assert version.returncode == 0 and version.stdout.startswith("dutydesk ")
    data = tmp_path / "data"
    setup = subprocess.run([str(exe), "--data-dir", str(data), "setup", "--officer", "Bundle"],
                           capture_output=True, text=True, timeout=120, check=False)
    assert setup.returncode == 0, setup.stderr
    doctor = subprocess.run([str(exe), "--data-dir", str(data), "doctor", "--json"],
                            capture_output=True, text=True, timeout=120, check=False)
    report = json.loads(doctor.stdout)
    assert report["officer"] == "Bundle"
    assert report["schema_version"] == report["schema_current"]
    assert report["ffmpeg"]["subtitles_filter"] is True  # the bundled ffmpeg came along
    assert str(exe.parent) in report["ffmpeg"]["path"]

    def bundled(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(exe), "--data-dir", str(data), *args],
                              capture_output=True, text=True, timeout=120, check=False)

    # data files, native libraries and lazily imported modules came along too
    templates = json.loads(bundled("incident", "templates", "--json").stdout)
    assert any(t["key"] == "major-incident" for t in templates)
    assert bundled("rota", "officers", "--add", "B,C,D").returncode == 0
    assert bundled("rota", "apply", "four-week-out-of-hours", "--start", "2026-11-02", "--weeks", "1",
                   "--officers", "Bundle,B,C,D").returncode == 0
    first = json.loads(bundled("rota", "show", "--from", "2026-11-02", "--to", "2026-11-02", "--json").stdout)[0]
    assert bundled("rota", "assign", first["id"], "-").returncode == 0
    filled = bundled("rota", "fill", "--from", "2026-11-02", "--to", "2026-11-08", "--json")
    assert filled.returncode == 0, filled.stderr  # OR-Tools' native solver is in the bundle
    subs = tmp_path / "a.srt"
    subs.write_text("1\n00:00:01,000 --> 00:00:03,000\nThe colour of the flood warning\n", encoding="utf-8")
    assert bundled("subtitles", "check", str(subs), "--json").stdout.strip() == "[]"
    # the windowed executable sits beside the console one (console=False on Windows)
    assert _windowed(exe).is_file()
    # a burn (bundled ffmpeg, libass, fonts) and a sync round from the bundle
    from tests.subtitles.conftest import make_clip

    clip = make_clip(tmp_path / "clip.mp4", seconds=1)
    burned = bundled("subtitles", "burn", str(clip), str(subs), "-o", str(tmp_path / "burned.mp4"))
    assert burned.returncode == 0, burned.stderr
    assert (tmp_path / "burned.mp4").stat().st_size > 1000
    share = tmp_path / "share"
    share.mkdir()
    synced = bundled("sync", "--share", str(share), "--json")
    assert synced.returncode == 0, synced.stderr
    assert json.loads(synced.stdout)["state"] == "synced"


def _cli(exe: Path, data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(exe), "--data-dir", str(data), *args], capture_output=True, text=True,
                          timeout=180, check=False, env=_bundle_env())


def _two_laptops(exe: Path, tmp_path: Path) -> tuple[Path, Path, Path]:
    """Ann's and our data folders, set up by the bundle on one share; Ann has shared an entry
    we have not seen yet."""
    share, ann, ours = tmp_path / "share", tmp_path / "ann", tmp_path / "ours"
    share.mkdir()
    for folder, officer in ((ann, "Ann Able"), (ours, "Bundle")):
        made = _cli(exe, folder, "setup", "--officer", officer, "--share", str(share))
        assert made.returncode == 0, made.stderr
    assert _cli(exe, ann, "log", "add", "Ann: the bridge is closed").returncode == 0
    shared = _cli(exe, ann, "sync", "--json")
    assert json.loads(shared.stdout)["state"] == "synced", shared.stderr
    return share, ann, ours


def _log_texts(data: Path) -> set[str]:
    """What the folder's log holds, read beside the process that has it open (WAL)."""
    from app.paths import database_path

    try:
        with sqlite3.connect(f"file:{database_path(data)}?mode=ro", uri=True) as db:
            return {text for (text,) in db.execute("SELECT text FROM log_entry")}
    except sqlite3.OperationalError:  # mid-checkpoint: ask again
        return set()


def _found_by(exe: Path, data: Path, words: str) -> list[dict[str, object]]:
    synced = _cli(exe, data, "sync", "--json")
    assert json.loads(synced.stdout)["state"] == "synced", synced.stderr
    return json.loads(_cli(exe, data, "log", "search", words, "--json").stdout)


def _bundled_workers(exe: Path) -> list[int]:
    """Processes running this bundle's worker (Linux: read from /proc)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue  # it ended while we looked
        if len(args) > 1 and args[1] == WORKER_ARG.encode() and args[0].startswith(str(exe.parent).encode()):
            found.append(int(cmdline.parent.name))
    return found


def _wait_for(condition, failure: str, limit_s: float = 600) -> None:  # type: ignore[no-untyped-def]
    """Poll a condition; the limit only turns a hang into a failure, it is not what we wait for."""
    deadline = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < deadline, failure
        time.sleep(0.2)


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the worker processes in /proc")
def test_the_bundled_window_runs_its_sync_round_in_a_bundled_worker(exe: Path, tmp_path: Path) -> None:
    """The windowed executable starts, and its first round (a ``dutydesk-gui --dutydesk-worker``
    child: the window has no in-process round while it holds the folder's lock) brings in
    Ann's entry and publishes ours; quitting the window leaves no worker behind."""
    _, ann, ours = _two_laptops(exe, tmp_path)
    assert _cli(exe, ours, "log", "add", "Bundle: written before the window opened").returncode == 0
    gui_err = tmp_path / "gui.err"
    with gui_err.open("wb") as err:
        window = subprocess.Popen([str(_windowed(exe)), "--data-dir", str(ours)], stdin=subprocess.DEVNULL,
                                  stdout=subprocess.DEVNULL, stderr=err, env=_bundle_env())
    try:
        def failed(what: str) -> str:
            return f"{what} (window {'ended ' + str(window.returncode) if window.poll() is not None else 'running'}): " \
                   + gui_err.read_text(encoding="utf-8", errors="replace")[-3000:]

        _wait_for(lambda: "Ann: the bridge is closed" in _log_texts(ours) or window.poll() is not None,
                  failed("Ann's entry never arrived"))
        assert window.poll() is None, failed("the window ended")
        _wait_for(lambda: not _bundled_workers(exe), failed("the round's worker never finished"))
    finally:
        window.terminate()
        window.wait(timeout=120)
    _wait_for(lambda: not _bundled_workers(exe), "a worker outlived its window")
    found = _found_by(exe, ann, "written before the window opened")
    assert [(e["officer"], e["text"]) for e in found] == [("Bundle", "Bundle: written before the window opened")]


def _ask_worker(exe: Path, request: dict[str, Any]) -> tuple[int, dict[str, Any], str]:
    """Speak the worker's protocol with the console executable: one JSON line down, one up.
    Our end of its stdin stays open until the answer came (its end tells the worker we left)."""
    child = subprocess.Popen([str(exe), WORKER_ARG], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=_bundle_env())
    assert child.stdin is not None and child.stdout is not None and child.stderr is not None
    child.stdin.write(json.dumps(request).encode("utf-8") + b"\n")
    child.stdin.flush()
    line = child.stdout.readline()
    child.stdin.close()
    code = child.wait(timeout=120)
    errors = child.stderr.read().decode("utf-8", "replace")
    child.stdout.close()
    child.stderr.close()
    assert line, f"no answer (code {code}): {errors[-3000:]}"
    return code, json.loads(line), errors


def test_the_bundled_worker_serves_the_lock_holder_and_refuses_a_stranger(exe: Path, tmp_path: Path) -> None:
    """This process holds our folder's lock (as the window would); the bundled worker, shown
    the lock's real token, runs a round on it, and refuses anyone without the token."""
    from app.context import open_context
    from app.shiftlog import service as shiftlog

    _, ann, ours = _two_laptops(exe, tmp_path)
    ctx = open_context(ours)
    try:
        assert ctx.worker_token
        ours_id = shiftlog.add_entry(ctx, "Bundle: written while the lock is held").id
        stranger = {"data_dir": str(ours), "token": "not-the-token", "task": "sync_round"}
        code, answer, errors = _ask_worker(exe, stranger)
        assert (code, answer) == (2, {"error": f"Only Duty Desk's own worker may open {ours} while it is open."})
        assert "Traceback" not in errors
        assert "Ann: the bridge is closed" not in _log_texts(ours)
        code, answer, errors = _ask_worker(exe, {**stranger, "token": ctx.worker_token})
        assert "error" not in answer, (answer, errors[-3000:])
        assert code in (0, EXIT_PARENT_GONE)  # done, or its lifeline saw us close its stdin first
        result, changes = worker._unpack(answer["result"]), answer["changes"]  # pickled by the bundle
        assert isinstance(result, dict) and isinstance(changes, dict)
        assert result["state"] == "synced" and result["applied"] >= 1 and result["published"] >= 1
        with ctx.read() as session:
            from app.shiftlog.models import LogEntry

            ann_ids = {e.id for e in session.query(LogEntry).filter(LogEntry.text == "Ann: the bridge is closed")}
        assert len(ann_ids) == 1 and ann_ids <= set(changes["log_entry"])  # the rows it changed, by id
        assert ours_id not in changes["log_entry"]  # ours was only published, not changed
        # the window's rota fill is planned in a worker too: OR-Tools' native solver in the bundle
        start, end, open_ids = open_week(ctx)
        code, answer, errors = _ask_worker(exe, {**stranger, "token": ctx.worker_token, "task": "fill_plan",
                                                 "args": {"start": start.isoformat(), "end": end.isoformat(),
                                                          "time_limit": 30}})
        assert "error" not in answer, (answer, errors[-3000:])
        plan = worker._unpack(answer["result"])
        assert sorted(s.id for s in plan.assigned) == sorted(open_ids) and plan.unfilled == []
        assert answer["changes"] == {}  # a plan writes nothing
    finally:
        ctx.close()
    found = _found_by(exe, ann, "written while the lock is held")
    assert [(e["id"], e["officer"]) for e in found] == [(ours_id, "Bundle")]
