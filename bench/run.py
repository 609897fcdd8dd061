"""``make bench``: run every ``bench/bench_*.py`` and print its figures.

Each module runs in its own process (Qt and databases start clean) and exposes
``run() -> dict[str, float | str]``. Figures are printed, never judged: goals are in
the issues and the README. ``make bench BENCH=rota`` runs only matching modules.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent


def modules(filters: list[str]) -> list[str]:
    names = sorted(p.stem for p in BENCH_DIR.glob("bench_*.py"))
    return [n for n in names if not filters or any(f in n for f in filters)]


def run_one(name: str) -> dict[str, object]:
    code = (
        "import json, sys; sys.path.insert(0, {root!r}); sys.path.insert(0, {bench!r}); "
        "import {name} as m; print('@@FIGURES@@' + json.dumps(m.run()))"
    ).format(root=str(ROOT), bench=str(BENCH_DIR), name=name)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    for line in result.stdout.splitlines():
        if line.startswith("@@FIGURES@@"):
            return json.loads(line[len("@@FIGURES@@"):])
    return {"error": (result.stderr.strip().splitlines() or ["no output"])[-1]}


def main(argv: list[str]) -> int:
    print(f"Duty Desk benchmarks on {os.cpu_count()} cores")
    for name in modules(argv):
        started = time.perf_counter()
        figures = run_one(name)
        print(f"\n[{name}] ({time.perf_counter() - started:.1f} s)")
        for key, value in figures.items():
            shown = f"{value:.4g}" if isinstance(value, float) else value
            print(f"  {key}: {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
