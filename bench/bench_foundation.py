"""Start-up: process start to the main window's first paint, and idle memory."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5


def _env(extra: dict[str, str]) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen", **extra}


def _first_paint_seconds(data_dir: str) -> tuple[float, float]:
    """Seconds from process start to the window's first paint, and to the Today view
    being filled in (the data folder opened and the views attached)."""
    started = time.time()
    result = subprocess.run(
        [sys.executable, "-m", "ui", "--data-dir", data_dir],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
        env=_env({"DUTYDESK_REPORT_FIRST_PAINT": "1", "DUTYDESK_QUIT_AFTER_PAINT": "1"}),
    )
    marks = {line.split()[0]: float(line.split()[1]) for line in result.stderr.splitlines()
             if line.startswith(("first-paint ", "ready "))}
    if len(marks) != 2:
        raise RuntimeError(f"no first paint reported: {result.stderr[-500:]}")
    return marks["first-paint"] - started, marks["ready"] - started


def _idle_rss_mb(data_dir: str) -> float:
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui", "--data-dir", data_dir], cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env=_env({"DUTYDESK_REPORT_FIRST_PAINT": "1", "DUTYDESK_QUIT_AFTER_PAINT": "6000"}),
    )
    time.sleep(4.5)  # started, painted, and idle for a few seconds
    try:
        status = Path(f"/proc/{proc.pid}/status").read_text()
        kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
    finally:
        proc.wait(timeout=30)
    return kb / 1024


def run() -> dict[str, float | str]:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = str(Path(tmp) / "data")
        subprocess.run(
            [sys.executable, "-m", "ui", "--data-dir", data_dir, "setup", "--officer", "Bench Officer"],
            check=True, capture_output=True, cwd=ROOT, env=_env({}),
        )
        _first_paint_seconds(data_dir)  # warm the OS file cache once, as a laptop would be
        runs = [_first_paint_seconds(data_dir) for _ in range(RUNS)]
        paints, readies = [r[0] for r in runs], [r[1] for r in runs]
        figures: dict[str, float | str] = {
            "startup_to_first_paint_s": statistics.median(paints),
            "startup_to_first_paint_max_s": max(paints),
            "startup_to_today_ready_s": statistics.median(readies),
        }
        if sys.platform.startswith("linux"):
            figures["idle_rss_mb"] = _idle_rss_mb(data_dir)
        return figures
