"""The suite's groups hold: tests that share one machine-wide thing (the Samba server on
port 445, the PyInstaller bundle) run on one worker, one after the other.

With pytest 9.2, xdist's ``--dist loadgroup`` silently stopped grouping (pytest-xdist
issue 1386): the Samba fixture then met another worker's Samba on port 445 now and then,
and the bundle was built twice at once. pyproject pins pytest below 9.2; this test fails
if grouping breaks again."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.xdist_group("winfs")


def test_a_grouped_test_runs_in_its_group(request: pytest.FixtureRequest) -> None:
    main_argv = getattr(request.config, "workerinput", {}).get("mainargv", [])  # a worker sees "dist" as "no"
    if "loadgroup" not in " ".join(main_argv):
        pytest.skip("only meaningful under make test's -n 2 --dist loadgroup")
    assert request.node.nodeid.endswith("@winfs"), request.node.nodeid
