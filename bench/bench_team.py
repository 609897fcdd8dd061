"""Team figures: the after-sync duplicate check on a quiet team, and merging officers
recorded twice with a year of their shifts.

Run: ``.venv/bin/python -m bench.bench_team`` (or ``make bench``).
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

START = dt.date(2026, 1, 5)


def run() -> dict[str, float | str]:
    from app.context import open_context
    from app.rota import service as rota
    from app.setup import setup
    from app.team import dedupe
    from app.team.models import Officer
    from app.team.service import ensure_officer

    figures: dict[str, float | str] = {}
    with tempfile.TemporaryDirectory() as folder, open_context(Path(folder) / "team") as ctx:
        setup(ctx, officer="Bench Officer")
        names = [f"Officer {i + 1:02d}" for i in range(40)]
        for name in names:
            ensure_officer(ctx, name)
        for group in range(0, 40, 4):
            rota.apply_pattern(ctx, "four-week-out-of-hours", start=START, weeks=52, officers=names[group:group + 4])
        t0 = time.perf_counter()
        dedupe.after_sync(ctx)
        figures["team_after_sync_40_officers_no_duplicates_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        with ctx.write() as session:  # ten officers made a second time on another laptop
            twins = [Officer(name=name) for name in names[:10]]
            session.add_all(twins)
            session.flush()
            twin_ids = {o.name: o.id for o in twins}
        with ctx.write() as session:  # and half of their shifts moved to the second record
            from sqlalchemy import select

            from app.rota.models import RotaShift

            first = {o.name: o.id for o in session.execute(select(Officer)).scalars() if o.id not in twin_ids.values()}
            for n, row in enumerate(session.execute(select(RotaShift)).scalars()):
                owner = next((name for name, oid in first.items() if oid == row.officer_id), None)
                if owner in twin_ids and n % 2:
                    row.officer_id = twin_ids[owner]
        t0 = time.perf_counter()
        report = dedupe.after_sync(ctx)
        figures["team_merge_10_duplicates_s"] = round(time.perf_counter() - t0, 3)
        figures["team_merge_references_moved"] = float(sum(m.moved for m in report.merged))
    return figures


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key}: {value}")
