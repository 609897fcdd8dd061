"""Golden-hour figures: a 500-word statement checked by the guard (goal < 50 ms, as the
officer types), and the same with the X length rule."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

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
        "guard_500_words_ms": round(statistics.median(plain) * 1000, 1),
        "guard_500_words_x_ms": round(statistics.median(with_x) * 1000, 1),
        "words": float(len(text.split())),
        "flags": float(len(result.flags)),
    }


if __name__ == "__main__":
    print(run())
