"""Incident figures: start-incident to first step on screen (goal < 300 ms), and the
report PDF of an incident with 200 timeline events (goal < 1 s)."""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def time_starts(view, *, shown: Callable[[], object], painted, on_screen: Callable[[], None], runs: int = 5) -> list[float]:  # type: ignore[no-untyped-def]
    """Start ``runs`` incidents from the start dialog; seconds from submit until ``shown()``
    changes and ``painted`` is repainted (``on_screen`` then checks what the officer sees)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    timings = []
    for n in range(runs):
        view.open_start_dialog()  # the templates are read off the GUI thread
        while view.start_dialog is None:
            app.processEvents()
        dialog = view.start_dialog
        dialog.choose("major-incident")
        dialog.title_edit.setText(f"Bench incident {n}")
        app.processEvents()
        before = shown()
        began = time.perf_counter()
        dialog.submitted.emit()  # the start is a write op: wait for its answer
        while shown() == before:
            app.processEvents()
        painted.repaint()
        timings.append(time.perf_counter() - began)
        on_screen()
    return timings


def _start_to_first_step(ctx) -> float:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from ui.application import build_window

    window = build_window(ctx)
    window.show()
    view = window.show_view("incidents")

    def first_step_shown() -> None:
        assert "Pause ALL scheduled posts" in view.running.step_text.text()
        QApplication.instance().processEvents()  # the lists elsewhere catch up (not part of the figure)

    timings = time_starts(view, shown=lambda: view.running.incident, painted=view.running, on_screen=first_step_shown)
    window.close()
    return statistics.median(timings) * 1000


def _report_200_events(ctx, folder: Path) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    from app.incidents import service
    from app.incidents.report import write_report

    start = dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=5)
    incident = service.start_incident(ctx, "major-incident", "Bench: 200 events", at=start)
    at = lambda minute: start + dt.timedelta(minutes=minute)  # noqa: E731
    service.complete_step(ctx, incident.id, 6, at=at(1))
    events, minute = 2, 1
    while events < 199:
        minute += 1
        if minute % 3:
            service.add_note(ctx, incident.id, 1 + minute % 10, f"Note {events}: enquiry from outlet {minute}", at=at(minute))
        else:
            service.record_update(ctx, incident.id, 6, f"Update {events} shared", at=at(minute))
        events += 1
    service.close_incident(ctx, incident.id, "Bench summary", lessons="None", at=at(minute + 1))
    count = len(service.timeline(ctx, incident.id))
    out = folder / "report.pdf"
    began = time.perf_counter()
    write_report(ctx, incident.id, out)
    return time.perf_counter() - began, count


def run() -> dict[str, float | str]:
    from app.context import open_context
    from app.setup import setup

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ctx = open_context(folder / "data")
        try:
            setup(ctx, officer="Bench Officer")
            seconds, count = _report_200_events(ctx, folder)
            start_ms = _start_to_first_step(ctx)
        finally:
            ctx.close()
    return {
        "incident_start_to_first_step_ms": round(start_ms, 1),
        "incident_report_pdf_200_events_s": round(seconds, 3),
        "incident_report_timeline_events": float(count),
    }


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key}: {value}")
