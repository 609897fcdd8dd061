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
def hours_totals(ctx: AppContext, start: dt.date, end: dt.date, *, by: str = "week") -> list[dict[str, Any]]:
    """Paid and elapsed hours per officer per week, month or the whole range."""
    if by not in ("week", "month", "range"):
        raise ValidationError("Group hours by week, month or range.")
    z = zone()
    totals: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    with ctx.read() as session:
        shifts = _working(session, _load_shifts(session, *_day_bounds(start, end)))
    for s in shifts:
        day = s.local_day(z)
        if by == "week":
            period = (day - dt.timedelta(days=day.weekday())).isoformat()
        elif by == "month":
            period = day.strftime("%Y-%m")
        else:
            period = f"{start.isoformat()}/{end.isoformat()}"
        row = totals[(period, s.officer or "")]
        row[0] += s.paid_hours
        row[1] += s.elapsed_hours
        row[2] += 1
    return [
        {"period": p, "officer": o, "paid_hours": round(v[0], 2), "elapsed_hours": round(v[1], 2), "shifts": int(v[2])}
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
