"""The printed rota and the hours CSV show every active officer on every page, leave marked."""

from __future__ import annotations

import csv
import datetime as dt

from pypdf import PdfReader

from app.rota import hours, pdf
from app.rota import service as rota
from app.team.service import ensure_officer

TEAM = ["Alex Morgan", "Bea Khan", "Cal Reid", "Dee Osei"]


def _team_with_leave(ctx):  # type: ignore[no-untyped-def]
    for name in TEAM:
        ensure_officer(ctx, name)
    rota.apply_pattern(ctx, "four-week-out-of-hours", start=dt.date(2026, 1, 5), weeks=2, officers=TEAM[:3] + ["-"])
    # Dee has no shifts at all and is on leave all of the second week
    rota.add_leave(ctx, "Dee Osei", dt.date(2026, 1, 12), dt.date(2026, 1, 18), kind="annual")


def test_every_active_officer_is_on_every_printed_page_with_leave(ctx, tmp_path):  # type: ignore[no-untyped-def]
    _team_with_leave(ctx)
    path, pages = pdf.render_pdf(ctx, tmp_path / "rota.pdf", dt.date(2026, 1, 5), dt.date(2026, 1, 18))
    reader = PdfReader(str(path))
    assert pages == len(reader.pages) == 2
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    for text in texts:
        for name in [*TEAM, "Test Officer"]:
            assert name in text
    assert "On annual leave" not in texts[0]
    assert texts[1].count("On annual leave") == 7


def test_hours_csv_lists_everyone_every_week_with_leave(ctx, tmp_path):  # type: ignore[no-untyped-def]
    _team_with_leave(ctx)
    rows = hours.hours_totals(ctx, dt.date(2026, 1, 5), dt.date(2026, 1, 18), by="week")
    path = hours.write_csv_atomic(tmp_path / "hours.csv", rows, hours.CSV_COLUMNS)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        read = list(csv.DictReader(handle))
    assert {(r["period"], r["officer"]) for r in read} == {
        (week, name) for week in ("2026-01-05", "2026-01-12") for name in [*TEAM, "Test Officer"]}
    dee = {r["period"]: r for r in read if r["officer"] == "Dee Osei"}
    assert dee["2026-01-12"]["leave_days"] == "7" and dee["2026-01-12"]["leave"] == "annual 7 days"
    assert dee["2026-01-05"]["leave"] == "" and dee["2026-01-05"]["paid_hours"] == "0.0"
    assert float(next(r for r in read if r["officer"] == "Alex Morgan" and r["period"] == "2026-01-05")["paid_hours"]) > 0
