"""Search across shifts (FTS5, kept by triggers) and tamper detection (hash chains)."""

from __future__ import annotations

import datetime as dt
import sqlite3

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.db.base import utcnow
from app.shiftlog import chain, service
from app.shiftlog.fts import match_query
from app.shiftlog.models import LogEntry
from app.shiftlog.search import search
from app.shiftlog.service import EntryFilter
from app.shiftlog.verify import verify


def test_search_finds_words_across_shifts_newest_first_with_filters(ctx):
    service.start_shift(ctx)
    service.add_entry(ctx, "Flooding on the A38, posted warning", category="post", channel="x")
    service.end_shift(ctx)
    service.start_shift(ctx)
    service.add_entry(ctx, "BBC asked about flooding", category="enquiry", channel="phone")
    service.add_entry(ctx, "Gritters out", category="post", channel="facebook")
    found = search(ctx, "flood")  # porter stemming + prefix: flood -> flooding
    assert [e.text for e in found] == ["BBC asked about flooding", "Flooding on the A38, posted warning"]
    assert [e.text for e in search(ctx, "flood", EntryFilter(channel="x"))] == ["Flooding on the A38, posted warning"]
    assert [e.text for e in search(ctx, "gri")] == ["Gritters out"]  # results while typing
    assert search(ctx, "bbc flooding", EntryFilter(category="post")) == []


def test_search_covers_rationale_and_amendment_reason(ctx):
    entry = service.add_entry(ctx, "Not replying to the thread", category="decision", rationale="Legal advice pending")
    service.amend_entry(ctx, entry.id, "Not replying to the thread tonight", reason="Clarified timescale")
    assert [e.id for e in search(ctx, "legal")] and len(search(ctx, "legal")) == 2  # amendment carries rationale
    assert [e.amends for e in search(ctx, "clarified")] == [entry.id]


def test_entries_arriving_by_sync_are_indexed_too(ctx):
    """Sync applies other laptops' rows directly (no service call): the triggers index them."""
    with ctx.write() as session:
        session.info["applying_remote"] = True
        row = LogEntry(
            id="remote-entry-1", chain_key="other-shift", seq=1, officer="Remote Officer",
            text="Ambulance strike statement published", category="post", event_at=utcnow(),
            recorded_at=utcnow(), is_open=False, outside_shift=False, prev_hash=chain.GENESIS, entry_hash="",
            created_by="Remote Officer", updated_by="Remote Officer", created_device="x", updated_device="x",
            hlc=1, deleted=False,
        )
        row.entry_hash = chain.entry_hash(row.prev_hash, row)
        session.add(row)
        session.info["applying_remote"] = False
    assert [e.id for e in search(ctx, "ambulance")] == ["remote-entry-1"]
    assert [e.id for e in search(ctx, "remote officer")] == ["remote-entry-1"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=40))
def test_any_typed_text_is_a_safe_query(ctx, typed):
    """Quotes, stars, NEAR, brackets... never reach FTS as syntax."""
    search(ctx, typed)
    query = match_query(typed)
    assert query is None or query.endswith("*)")


def _db(ctx) -> sqlite3.Connection:
    return sqlite3.connect(ctx.db_path)


def test_verify_passes_an_intact_log_and_names_an_altered_entry(ctx):
    service.start_shift(ctx)
    entries = [service.add_entry(ctx, f"entry {i}") for i in range(5)]
    service.amend_entry(ctx, entries[1].id, "entry one fixed", reason="typo")
    result = verify(ctx)
    assert result.ok and result.entries == 6 and result.chains == 1
    with _db(ctx) as conn:
        conn.execute("UPDATE log_entry SET text = 'entry 2 (doctored)' WHERE id = ?", (entries[2].id,))
    result = verify(ctx)
    assert not result.ok
    assert result.problems[0].entry_id == entries[2].id and "altered" in result.problems[0].problem


def test_verify_detects_a_removed_entry_and_a_changed_time(ctx):
    service.start_shift(ctx)
    entries = [service.add_entry(ctx, f"entry {i}") for i in range(4)]
    with _db(ctx) as conn:
        conn.execute("DELETE FROM log_entry WHERE id = ?", (entries[1].id,))
    problem = verify(ctx).problems[0]
    assert problem.entry_id == entries[2].id and "missing" in problem.problem
    other = service.add_entry(ctx, "outside the shift?")
    with _db(ctx) as conn:
        later = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
        conn.execute("UPDATE log_entry SET event_at = ? WHERE id = ?", (later, other.id))
    assert len(verify(ctx).problems) == 1  # the same chain is reported once, from its first break


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["add", "amend", "end", "start"]),
                          # control characters are refused at the edge (tests/foundation/test_bad_input.py)
                          st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=30)),
                max_size=25))
def test_any_sequence_of_adds_amends_and_shifts_keeps_every_chain_intact(ctx, operations):
    for action, text in operations:
        if not text.strip():
            continue
        running = service.current_shift(ctx)
        if action == "start" and running is None:
            service.start_shift(ctx, checkins=False)
        elif action == "end" and running is not None:
            service.end_shift(ctx, handover=text)
        elif action == "amend":
            existing = service.list_entries(ctx, where=EntryFilter(), limit=1)
            if existing:
                service.amend_entry(ctx, existing[0].id, text, reason="hypothesis")
        else:
            service.add_entry(ctx, text)
    result = verify(ctx)
    assert result.ok, [p.describe() for p in result.problems]
    by_chain: dict[str, list[int]] = {}
    for entry in service.list_entries(ctx, where=EntryFilter()):
        by_chain.setdefault(entry.shift_id or "outside", []).append(entry.seq)
    assert all(sorted(seqs) == list(range(1, len(seqs) + 1)) for seqs in by_chain.values())
