"""Property: whatever a team does in normal use (officers on one or several laptops,
shifts started and ended anywhere, entries and amendments, syncs in any order),
``log verify`` passes on every laptop and every entry reaches every laptop."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.context import open_context
from app.errors import ValidationError
from app.setup import setup
from app.shiftlog import service as shiftlog
from app.shiftlog.verify import verify
from tests.sync.helpers import log_texts, sync

# laptop index -> officer: Ann works on laptops 0 and 1, Bob on laptop 2
OFFICERS = ["Ann Able", "Ann Able", "Bob Bell"]
ACTIONS = st.lists(
    st.tuples(st.sampled_from(["add", "amend", "start", "end", "sync"]), st.integers(0, 2)),
    min_size=1, max_size=18,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ACTIONS)
def test_normal_team_use_never_alarms(actions) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        share = root / "share"
        share.mkdir()
        laptops = []
        try:
            for i, officer in enumerate(OFFICERS):
                ctx = open_context(root / f"laptop{i}")
                setup(ctx, officer=officer)
                laptops.append(ctx)
                sync(ctx, share)
            written = set()
            for n, (action, who) in enumerate(actions):
                ctx = laptops[who]
                try:
                    if action == "add":
                        written.add(shiftlog.add_entry(ctx, f"entry {n}").text)
                    elif action == "amend":
                        latest = shiftlog.list_entries(ctx, where=shiftlog.EntryFilter(), limit=1)
                        if latest:
                            written.add(shiftlog.amend_entry(ctx, latest[0].id, f"amended {n}", reason="typo").text)
                    elif action == "start":
                        shiftlog.start_shift(ctx, checkins=False)
                    elif action == "end":
                        shiftlog.end_shift(ctx, handover=f"handover {n}")
                    else:
                        sync(ctx, share)
                except ValidationError:
                    pass  # e.g. no shift to end, one already running: refused, nothing changed
            for _ in range(2):
                for ctx in laptops:
                    sync(ctx, share)
            for ctx in laptops:
                result = verify(ctx)
                assert result.ok, [p.describe() for p in result.problems]
                assert written <= log_texts(ctx)
        finally:
            for ctx in laptops:
                ctx.close()
