"""Shift log figures: adding entries, search, opening the log view, PDF summary.

``run()`` returns the figures; run this file directly to print them. Adding 100,000
entries through the service layer takes longer than the bench budget on a small
laptop, so by default the rate is measured on the first ``ADD_BUDGET_S`` seconds of
that work and the rest of the 100,000 are bulk-inserted (with valid hash chains; the
full-text triggers index them exactly as for entries arriving by sync). Set
``DUTYDESK_BENCH_FULL=1`` to add all 100,000 through the service.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TOTAL = 100_000
BATCH = 1_000
ADD_BUDGET_S = 8.0
WORDS = (
    "flooding gritting roads closure council statement bins collection school police fire ambulance "
    "strike bus train delay weather warning storm power outage water leak park festival election "
    "count result consultation planning noise complaint housing repair benefit payment library"
).split()


def _text(rng: random.Random, i: int) -> str:
    return f"{' '.join(rng.choices(WORDS, k=8))} update {i}"


def _add_through_service(ctx, count: int, budget_s: float) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    from app.shiftlog import service

    rng = random.Random(1)
    added = 0
    start = time.perf_counter()
    while added < count and time.perf_counter() - start < budget_s:
        with ctx.write() as session:
            for _ in range(BATCH):
                service.add_entry(ctx, _text(rng, added), category=rng.choice(["post", "reply", "note", "enquiry"]),
                                  channel=rng.choice(["x", "facebook", "email", None]), session=session)
                added += 1
    return added, time.perf_counter() - start


def _bulk_fill(ctx, count: int) -> None:  # type: ignore[no-untyped-def]
    """Top up to ``count`` entries in one outside-shift chain, hashes and all."""
    import datetime as dt

    from sqlalchemy import insert

    from app.db.ids import new_id
    from app.shiftlog import chain
    from app.shiftlog.models import LogEntry

    rng = random.Random(2)
    now = dt.datetime.now(dt.timezone.utc)
    prev = chain.GENESIS
    rows = []
    for seq in range(1, count + 1):
        when = now - dt.timedelta(minutes=count - seq)
        facts = dict(
            id=new_id(), shift_id=None, chain_key="bench:bulk", seq=seq, officer="Bulk Officer",
            text=_text(rng, seq), category="post", channel="x", link=None, event_at=when, recorded_at=when,
            is_open=False, due=None, rationale=None, amends=None, amend_reason=None, outside_shift=True,
            source=None, prev_hash=prev,
        )
        facts["entry_hash"] = prev = chain.entry_hash(prev, SimpleNamespace(**facts))
        rows.append(facts | {"created_at": when, "updated_at": when, "created_by": "Bulk Officer",
                             "updated_by": "Bulk Officer", "created_device": "bench", "updated_device": "bench",
                             "hlc": 0, "deleted": False})
    with ctx.write() as session:
        for i in range(0, len(rows), 5_000):
            session.execute(insert(LogEntry), rows[i:i + 5_000])


def _search_figures(ctx) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from app.shiftlog.search import search
    from app.shiftlog.service import EntryFilter

    queries = ["flooding", "road closure", "gri", "po", "storm warning", "bins coll", "f", "council statement",
               "ambulance strike", "zzzz-none", "pow", "library update 5"]
    times = []
    for q in queries * 3:
        t = time.perf_counter()
        search(ctx, q)
        times.append((time.perf_counter() - t) * 1000)
    t = time.perf_counter()
    search(ctx, "flood", EntryFilter(channel="facebook", category="reply"))
    filtered = (time.perf_counter() - t) * 1000
    typing = []
    for prefix in ("f", "fl", "flo", "floo", "flood"):  # as the officer types "flood"
        t = time.perf_counter()
        search(ctx, prefix, limit=50)
        typing.append((time.perf_counter() - t) * 1000)
    return {
        "search_100k_median_ms": round(statistics.median(times), 2),
        "search_100k_max_ms": round(max(times), 2),
        "search_100k_filtered_ms": round(filtered, 2),
        "search_as_you_type_first_results_max_ms": round(max(typing), 2),
    }


def _shift_with(ctx, n: int) -> str:  # type: ignore[no-untyped-def]
    from app.shiftlog import service

    rng = random.Random(3)
    shift = service.start_shift(ctx, checkins=False)
    with ctx.write() as session:
        for i in range(n):
            category = rng.choice(["post", "reply", "enquiry", "decision", "note"])
            service.add_entry(ctx, _text(rng, i), category=category, channel=rng.choice(["x", "phone", None]),
                              rationale="Because the policy says so" if category == "decision" else None,
                              is_open=i % 50 == 0, session=session)
    return shift.id


def _view_open_ms(ctx, shift_id: str) -> float:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from ui.application import build_window

    app = QApplication.instance() or QApplication([])
    window = build_window(ctx)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    start = time.perf_counter()
    view = window.show_view("log")
    view.wait_loaded()  # the first page of the running shift is on screen
    app.processEvents()
    elapsed = (time.perf_counter() - start) * 1000
    assert view.model.total_rows() >= 2000, view.model.total_rows()
    window.shell.wait(10_000)
    window.close()
    return elapsed


def run() -> dict[str, float | str]:
    from app.context import open_context
    from app.setup import setup
    from app.shiftlog import reports, service

    figures: dict[str, float | str] = {}
    work = Path(tempfile.mkdtemp(prefix="bench-shiftlog-"))
    try:
        ctx = open_context(work / "data")
        setup(ctx, officer="Bench Officer")
        t = time.perf_counter()
        for i in range(200):
            service.add_entry(ctx, f"single entry {i}")
        figures["add_entry_own_transaction_per_s"] = round(200 / (time.perf_counter() - t), 1)
        full = os.environ.get("DUTYDESK_BENCH_FULL") == "1"
        added, seconds = _add_through_service(ctx, TOTAL, float("inf") if full else ADD_BUDGET_S)
        figures["add_entries_service_per_s"] = round(added / seconds, 1)
        figures["add_entries_service_measured_on"] = f"{added} entries in units of work of {BATCH}"
        if added < TOTAL:
            _bulk_fill(ctx, TOTAL - added)
        figures.update(_search_figures(ctx))
        big = _shift_with(ctx, 2000)  # the log view opens on the running shift
        if os.environ.get("BENCH_NO_GUI") != "1":
            figures["log_view_open_2000_entries_ms"] = round(_view_open_ms(ctx, big), 1)
        service.end_shift(ctx)
        shift500 = _shift_with(ctx, 500)
        t = time.perf_counter()
        reports.write_shift_pdf(ctx, shift500, work / "summary.pdf")
        figures["pdf_summary_500_entries_first_in_process_s"] = round(time.perf_counter() - t, 3)  # + ReportLab import
        t = time.perf_counter()
        reports.write_shift_pdf(ctx, shift500, work / "summary2.pdf")
        figures["pdf_summary_500_entries_s"] = round(time.perf_counter() - t, 3)
        ctx.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return figures


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key}: {value}")
