"""A shift's calendar SEQUENCE: calendar apps replace an event only when it grows.

It follows the clock (seconds since 2026) rather than counting edits per laptop, so it
only grows, even after concurrent edits on several laptops are merged (the larger
``revision`` wins there).
"""

from __future__ import annotations

import time

from app.db import hlc
from app.rota.models import RotaShift

SEQUENCE_EPOCH_S = 1_767_225_600  # 2026-01-01T00:00Z: seconds since then fit SEQUENCE's 32 bits until 2094


def _clock_seconds(row: RotaShift) -> int:
    return hlc.unpack(row.hlc or 0)[0] // 1000 - SEQUENCE_EPOCH_S


def bump(row: RotaShift) -> None:
    """Count a change: at least one more than before and than what the calendar showed,
    so two edits within one second still grow it."""
    now_s = int(time.time()) - SEQUENCE_EPOCH_S
    row.revision = max((row.revision or 0) + 1, now_s, _clock_seconds(row) + 1)


def calendar_sequence(row: RotaShift) -> int:
    """SEQUENCE for an exported event: never below the record's last clock second."""
    return max(int(row.revision or 0), _clock_seconds(row), 0)
