"""Rota figures: a year of the seed pattern for 30 officers, the solver, the month view.

Run: ``.venv/bin/python -m bench.bench_rota`` (or ``make bench``).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

START = dt.date(2026, 1, 5)


def _team(ctx, count: int) -> list[str]:  # type: ignore[no-untyped-def]
    from app.team.service import ensure_officer

    names = [f"Officer {i + 1:02d}" for i in range(count)]
    for name in names:
        ensure_officer(ctx, name)
    return names


def bench_year(ctx) -> dict[str, float | str]:  # type: ignore[no-untyped-def]
    """Build (expand the pattern) and check 52 weeks for 30 officers, in memory and through the database."""
    from app.rota import rules, service
    from app.rota.patterns import expand
    from app.rota.records import ShiftInfo

    names = _team(ctx, 30)
    officers = {o.name: o.id for o in service.list_officers(ctx)}
    spec = service.get_builtin("four-week-out-of-hours")
    zone = service.zone()
    end = START + dt.timedelta(weeks=52, days=-1)
    service.bank_holidays(ctx, START, START)  # import the holidays tables before timing
    t0 = time.perf_counter()
    shifts = []
    for group in range(0, 30, 4):  # teams of four on the pattern, the last one with two open lines
        lines = [officers[n] for n in names[group:group + 4]]
        for d in expand(spec, START, 52, lines + [None] * (4 - len(lines)), zone):
            shifts.append(ShiftInfo(f"{group}-{len(shifts)}", d.officer_id, d.officer_id, d.kind, d.start, d.end,
                                    d.unpaid_break_minutes, spec.name))
    context = rules.Context(zone, service.default_windows(), service.bank_holidays(ctx, START, end),
                            rules.Rules(), (), {v: k for k, v in officers.items()})
    report = rules.check(shifts, START, end, context, officers.values())
    memory_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    for group in range(0, 30, 4):
        service.apply_pattern(ctx, spec.name, start=START, weeks=52, officers=names[group:group + 4])
    apply_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    db_report = service.check(ctx, START, end)
    check_db_s = time.perf_counter() - t0
    return {
        "rota_year_30_officers_s": round(memory_s, 3),
        "rota_year_30_officers_shifts": float(len(shifts)),
        "rota_year_30_officers_findings": float(len(report.findings)),
        "rota_year_30_officers_apply_db_s": round(apply_s, 3),
        "rota_year_30_officers_check_db_s": round(check_db_s, 3),
        "rota_year_30_officers_db_findings": float(len(db_report.findings)),
    }


def bench_solver(ctx) -> dict[str, float | str]:  # type: ignore[no-untyped-def]
    """Fill 12 weeks of open pattern shifts with 12 officers, three of them on a week's leave."""
    from app.rota import service, solver

    names = _team(ctx, 12)
    service.apply_pattern(ctx, "four-week-out-of-hours", start=START, weeks=12, officers=["-"] * 4)
    for i, name in enumerate(names[:3]):
        first = START + dt.timedelta(weeks=2 + 3 * i)
        service.add_leave(ctx, name, first, first + dt.timedelta(days=6))
    end = START + dt.timedelta(weeks=12, days=-1)
    snap = service.snapshot(ctx, START, end)
    t0 = time.perf_counter()
    result = solver.plan(snap, time_limit=9.0)
    seconds = time.perf_counter() - t0
    after = snap.check(solver._apply(snap, {s.id: s.officer_id for s in result.assigned}, set()))
    broken = [f for f in after.findings if f.rule in solver.WORKING_TIME_RULES]
    hours = [row.hours for row in after.fairness]
    return {
        "rota_fill_12w_12_officers_s": round(seconds, 3),
        "rota_fill_status": result.status,
        "rota_fill_open_shifts": float(len(result.assigned) + len(result.unfilled)),
        "rota_fill_unfilled": float(len(result.unfilled)),
        "rota_fill_gap_pct": round(100 * result.gap, 2),
        "rota_fill_rule_breaks": float(len(broken)),
        "rota_fill_hours_spread_h": round(max(hours) - min(hours), 2) if hours else 0.0,
    }


def bench_month_view(ctx) -> dict[str, float | str]:  # type: ignore[no-untyped-def]
    """Render the month grid with 30 officers (the custom painted widget), offscreen."""
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    from app.rota import service
    from ui.rota.grid import RotaGrid

    app = QApplication.instance() or QApplication([])
    month_start, month_end = dt.date(2026, 3, 1), dt.date(2026, 3, 31)
    t0 = time.perf_counter()
    snap = service.snapshot(ctx, month_start, month_end)
    report = snap.check()
    load_ms = (time.perf_counter() - t0) * 1000
    grid = RotaGrid()
    grid.resize(1400, 900)
    image = QImage(grid.size(), QImage.Format.Format_ARGB32_Premultiplied)
    timings = []
    for _ in range(5):
        t0 = time.perf_counter()
        grid.set_data(snap, month_start, month_end, report=report)
        grid.render(image)
        timings.append((time.perf_counter() - t0) * 1000)
    app.processEvents()
    return {
        "rota_month_view_30_officers_ms": round(sorted(timings)[len(timings) // 2], 1),
        "rota_month_view_load_and_check_ms": round(load_ms, 1),
        "rota_month_view_rows": float(grid.row_count()),
    }


def run() -> dict[str, float | str]:
    from app.context import open_context
    from app.setup import setup

    figures: dict[str, float | str] = {}
    with tempfile.TemporaryDirectory() as folder:
        with open_context(Path(folder) / "year") as ctx:
            setup(ctx, officer="Bench Officer")
            figures.update(bench_year(ctx))
            try:
                figures.update(bench_month_view(ctx))
            except ImportError as exc:  # the GUI part is optional for headless runs
                figures["rota_month_view_30_officers_ms"] = f"skipped: {exc}"
        with open_context(Path(folder) / "solver") as ctx:
            setup(ctx, officer="Bench Officer")
            figures.update(bench_solver(ctx))
    return figures


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key}: {value}")
