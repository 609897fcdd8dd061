"""Hybrid logical clock: versions that never go backwards, even if the wall clock does.

A version is one integer: milliseconds since the epoch in the high bits, a counter in
the low 16 bits. Ordering versions orders events; ties between devices are broken by
device id at merge time. The last value issued is persisted (``DeviceState.hlc_last``)
so a laptop whose clock is set back still issues larger versions.
"""

from __future__ import annotations

import time
from collections.abc import Callable

COUNTER_BITS = 16
COUNTER_MAX = (1 << COUNTER_BITS) - 1


def pack(wall_ms: int, counter: int) -> int:
    return (wall_ms << COUNTER_BITS) | counter


def unpack(version: int) -> tuple[int, int]:
    return version >> COUNTER_BITS, version & COUNTER_MAX


def wall_clock_ms() -> int:
    return time.time_ns() // 1_000_000


def tick(last: int, now_ms: Callable[[], int] = wall_clock_ms) -> int:
    """The next local version after ``last``."""
    last_wall, last_counter = unpack(last)
    physical = now_ms()
    if physical > last_wall:
        return pack(physical, 0)
    return _bump(last_wall, last_counter)


def receive(last: int, remote: int, now_ms: Callable[[], int] = wall_clock_ms) -> int:
    """The local version after seeing ``remote`` from another device."""
    last_wall, last_counter = unpack(last)
    remote_wall, remote_counter = unpack(remote)
    physical = now_ms()
    wall = max(last_wall, remote_wall, physical)
    if wall == last_wall == remote_wall:
        return _bump(wall, max(last_counter, remote_counter))
    if wall == last_wall:
        return _bump(wall, last_counter)
    if wall == remote_wall:
        return _bump(wall, remote_counter)
    return pack(wall, 0)


def _bump(wall: int, counter: int) -> int:
    if counter >= COUNTER_MAX:
        return pack(wall + 1, 0)  # borrow a millisecond rather than overflow
    return pack(wall, counter + 1)
