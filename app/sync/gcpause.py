"""Pause Python's cyclic garbage collector while a round decodes and merges.

A big merge builds hundreds of thousands of small dicts and lists (decoded records,
field values, group heads) that live until the round ends. Each allocation burst makes
the collector walk all of them again and again: about a third of a 100,000-change merge.
So the collector is paused while a round runs, and runs as usual
afterwards, when it frees whatever cycles the round left (nested and threaded rounds
share one pause; whoever ends the last one restores it)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def paused() -> Iterator[None]:
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
