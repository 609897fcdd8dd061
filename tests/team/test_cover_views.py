"""Week view and month view name the same cover, by the one rule (the rota view, real widgets)."""

from __future__ import annotations

import datetime as dt

from app.rota import service as rota
from app.team.service import ensure_officer

TEAM = ["Alex Morgan", "Bea Khan", "Cal Reid", "Dee Osei"]
START = dt.date(2026, 1, 5)


def _settle(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not main_window.shell.busy, timeout=15_000)
    qtbot.wait(10)
    qtbot.waitUntil(lambda: not main_window.shell.busy, timeout=15_000)


def test_week_and_month_view_agree_on_who_could_cover(ctx, main_window, qtbot):  # type: ignore[no-untyped-def]
    for name in TEAM:
        ensure_officer(ctx, name)
    rota.apply_pattern(ctx, "four-week-out-of-hours", start=START, weeks=4, officers=TEAM)
    sunday = START + dt.timedelta(days=6)
    late = next(s for s in rota.list_shifts(ctx, sunday, sunday) if s.kind == "late")
    rota.add_leave(ctx, late.officer, sunday, sunday, "sick")
    view = main_window.show_view("rota")
    found = {}
    for layout in ("week", "month"):
        view.go_to(START, layout)
        _settle(main_window, qtbot)
        qtbot.waitUntil(lambda: view.report is not None and view.period()[0] <= sunday <= view.period()[1],
                        timeout=15_000)
        found[layout] = next(f for f in view.report.findings if f.rule == "needs-cover" and late.id in f.shift_ids)
    assert found["week"].candidates == found["month"].candidates
    # nobody suggested would start an early shift within 11 h of this late ending (Monday, next week)
    monday = sunday + dt.timedelta(days=1)
    for shift in rota.list_shifts(ctx, monday, monday):
        if shift.start - late.end < dt.timedelta(hours=11):
            assert shift.officer not in found["week"].candidates
    assert late.officer not in found["week"].candidates
