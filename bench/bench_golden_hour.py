"""Golden-hour figures: start of incident to intake form on screen (goal < 300 ms), and a
500-word statement checked by the guard (goal < 50 ms, as the officer types), also with the
X length rule."""

from __future__ import annotations

import os
import statistics
import tempfile
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SENTENCES = [
    "Emergency services were called to a fire at a block of flats on Elm Street at 10.40pm.",
    "Crews from three stations are at the scene and residents have been moved to a rest centre.",
    "A 14-year-old boy was taken to hospital as a precaution and a man has been arrested.",
    "Anyone with information should call 101 quoting log 1234, or 07700 900123 for the rest centre.",
    "Updates will follow on https://example.gov.uk/news and we will post again by 23:30.",
]


def statement(words: int = 500) -> str:
    text, count = [], 0
    while count < words:
        for sentence in SENTENCES:
            text.append(sentence)
            count += len(sentence.split())
    return " ".join(text)


def _start_to_intake() -> float:
    from PySide6.QtWidgets import QApplication

    from app.context import open_context
    from app.setup import setup
    from bench_incidents import time_starts
    from ui.application import build_window

    with tempfile.TemporaryDirectory() as folder:
        ctx = open_context(Path(folder) / "data")
        setup(ctx, officer="Bench Officer")
        window = build_window(ctx)
        window.show()
        view = window.show_view("incidents")

        def intake_form_shown() -> None:
            assert view.golden.currentIndex() == 0 and view.golden.intake_edits["what"].isVisible()
            window.shell.ops.wait()
            QApplication.instance().processEvents()

        timings = time_starts(view, shown=lambda: view.golden.incident_id, painted=view.golden, on_screen=intake_form_shown)
        window.close()
        window.shell.ops.wait()
        ctx.close()
    return statistics.median(timings) * 1000


def run() -> dict[str, float | str]:
    from app.incidents.guard import check

    text = statement()
    check(text)  # imports and regex compilation are not part of the figure
    plain, with_x = [], []
    for _ in range(20):
        began = time.perf_counter()
        result = check(text)
        plain.append(time.perf_counter() - began)
        began = time.perf_counter()
        check(text, platform="x")
        with_x.append(time.perf_counter() - began)
    return {
        "start_to_intake_form_ms": round(_start_to_intake(), 1),
        "guard_500_words_ms": round(statistics.median(plain) * 1000, 1),
        "guard_500_words_x_ms": round(statistics.median(with_x) * 1000, 1),
        "words": float(len(text.split())),
        "flags": float(len(result.flags)),
    }


if __name__ == "__main__":
    print(run())
