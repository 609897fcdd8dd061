"""The hybrid logical clock never issues a version twice or goes backwards."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.db import hlc

walls = st.integers(min_value=0, max_value=2**40)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.booleans(), walls, walls), min_size=1, max_size=60))
def test_versions_strictly_increase_whatever_the_clocks_do(events):
    last = 0
    for is_receive, physical, remote_wall in events:
        now = lambda: physical  # noqa: E731 - a clock that jumps anywhere
        remote = hlc.pack(remote_wall, 3)
        new = hlc.receive(last, remote, now) if is_receive else hlc.tick(last, now)
        assert new > last
        if is_receive:
            assert new > remote
        last = new


def test_counter_overflow_borrows_a_millisecond():
    full = hlc.pack(1000, hlc.COUNTER_MAX)
    assert hlc.unpack(hlc.tick(full, lambda: 10)) == (1001, 0)
