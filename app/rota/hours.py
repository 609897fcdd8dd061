"""Hours totals per officer per week, month or range, and atomic file writing for exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.context import AppContext
from app.errors import ValidationError
from app.files import atomic
from app.rota.service import _day_bounds, _load_shifts, _working, zone


# --- hours -------------------------------------------------------------------------
CSV_COLUMNS = ("period", "officer", "paid_hours", "elapsed_hours", "shifts", "leave_days", "leave")

def hours_totals(ctx: AppContext, start: dt.date, end: dt.date, *, by: str = "week") -> list[dict[str, Any]]:
    """Paid and elapsed hours per officer per week, month or the whole range. Every active
    officer has a row in every period (0 h too), with the days of leave they took in it."""
    if by not in ("week", "month", "range"):
        raise ValidationError("Group hours by week, month or range.")
    from app.rota.service import _load_leave
    from app.team.service import list_officers

    z = zone()

    def period_of(day: dt.date) -> str:
        if by == "week":
            return (day - dt.timedelta(days=day.weekday())).isoformat()
        if by == "month":
            return day.strftime("%Y-%m")
        return f"{start.isoformat()}/{end.isoformat()}"

    totals: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    leave_days: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    with ctx.read() as session:
        shifts = _working(session, _load_shifts(session, *_day_bounds(start, end)))
        leave = _load_leave(session, start, end)
    officers = list_officers(ctx)
    periods = sorted({period_of(start + dt.timedelta(days=n)) for n in range((end - start).days + 1)})
    for officer in officers:
        for period in periods:
            totals[(period, officer.name)]  # noqa: B018 - every active officer, every period
    for s in shifts:
        row = totals[(period_of(s.local_day(z)), s.officer or "")]
        row[0] += s.paid_hours
        row[1] += s.elapsed_hours
        row[2] += 1
    for item in leave:
        day = max(item.start_date, start)
        while day <= min(item.end_date, end):
            leave_days[(period_of(day), item.officer)][item.kind] += 1
            totals[(period_of(day), item.officer)]  # noqa: B018 - a retired officer's leave still shows
            day += dt.timedelta(days=1)
    return [
        {"period": p, "officer": o, "paid_hours": round(v[0], 2), "elapsed_hours": round(v[1], 2), "shifts": int(v[2]),
         "leave_days": sum(leave_days[(p, o)].values()),
         "leave": ", ".join(f"{kind} {n} day{'s' if n != 1 else ''}" for kind, n in sorted(leave_days[(p, o)].items()))}
        for (p, o), v in sorted(totals.items())
    ]


def write_csv_atomic(path: Path, rows: list[dict[str, Any]], columns: Sequence[str]) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return write_atomic(path, buffer.getvalue().encode("utf-8-sig"))


def write_atomic(path: Path, data: bytes) -> Path:
    return atomic.write_bytes(path, data)
