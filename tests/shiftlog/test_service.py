"""Shifts and entries kept like an official log: numbered, never erased, amended by new entries."""

from __future__ import annotations

import datetime as dt

import pytest

from app.context import open_context
from app.errors import NotFoundError, ValidationError
from app.shiftlog import service
from app.shiftlog.service import EntryFilter

UTC = dt.timezone.utc


def test_entries_are_numbered_per_shift_and_late_entries_say_so(ctx):
    shift = service.start_shift(ctx)
    first = service.add_entry(ctx, "Posted gritting update", category="post", channel="x")
    earlier = dt.datetime.now(UTC) - dt.timedelta(hours=1)
    late = service.add_entry(ctx, "Phone call from BBC", category="enquiry", channel="phone", event_at=earlier)
    assert (first.seq, late.seq) == (1, 2)
    assert first.shift_id == late.shift_id == shift.id
    assert late.late and not first.late
    assert late.event_at < late.recorded_at
    assert [e.text for e in service.list_entries(ctx, shift_id=shift.id)] == [
        "Posted gritting update", "Phone call from BBC"]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"text": "   "}, "needs some text"),
        ({"text": "x", "event_at": dt.datetime.now(UTC) + dt.timedelta(hours=2)}, "future"),
        ({"text": "x", "category": "gossip"}, "Unknown category"),
        ({"text": "x", "channel": "fax"}, "Unknown channel"),
        ({"text": "Not replying", "category": "decision"}, "rationale"),
    ],
)
def test_bad_entries_are_refused_and_nothing_is_written(ctx, kwargs, message):
    shift = service.start_shift(ctx)
    text = kwargs.pop("text")
    with pytest.raises(ValidationError, match=message):
        service.add_entry(ctx, text, **kwargs)
    assert service.list_entries(ctx, shift_id=shift.id) == []


def test_a_second_shift_start_is_refused_while_one_runs(ctx):
    service.start_shift(ctx)
    with pytest.raises(ValidationError, match="already running"):
        service.start_shift(ctx)


def test_an_entry_outside_a_shift_is_allowed_but_marked(ctx):
    entry = service.add_entry(ctx, "Checked inbox from home")
    assert entry.outside_shift and entry.shift_id is None and entry.seq == 1


def test_the_running_shift_is_resumed_after_a_crash(tmp_path):
    from app.setup import setup

    first = open_context(tmp_path / "d")
    setup(first, officer="Night Officer")
    shift = service.start_shift(first)
    service.add_entry(first, "Before the power cut")
    first.close()  # no end_shift: the app died
    again = open_context(tmp_path / "d")
    try:
        resumed = service.current_shift(again)
        assert resumed is not None and resumed.id == shift.id
        after = service.add_entry(again, "After restart")
        assert after.shift_id == shift.id and after.seq == 2
    finally:
        again.close()


def test_an_amendment_is_a_new_entry_and_the_original_stays(ctx):
    service.start_shift(ctx)
    original = service.add_entry(ctx, "Posted at 21:00", category="post", channel="facebook")
    amendment = service.amend_entry(ctx, original.id, "Posted at 21:10", reason="Wrong time")
    entries = service.list_entries(ctx, shift_id=original.shift_id)
    assert [e.text for e in entries] == ["Posted at 21:00", "Posted at 21:10"]
    assert entries[0].amended and not entries[1].amended
    assert amendment.amends == original.id and amendment.amend_reason == "Wrong time"
    assert amendment.channel == "facebook" and amendment.event_at == original.event_at
    assert amendment.officer == "Test Officer" and amendment.seq == 2


def test_amending_needs_a_reason_and_an_existing_entry(ctx):
    entry = service.add_entry(ctx, "Something")
    with pytest.raises(ValidationError, match="why"):
        service.amend_entry(ctx, entry.id, "Other", reason=" ")
    with pytest.raises(NotFoundError):
        service.amend_entry(ctx, "no-such-entry", "Other", reason="typo")
    assert len(service.list_entries(ctx, where=EntryFilter())) == 1


def test_amend_accepts_a_unique_id_prefix(ctx):
    entry = service.add_entry(ctx, "Something")
    fixed = service.amend_entry(ctx, entry.id[:20], "Something else", reason="typo")
    assert fixed.amends == entry.id


def test_open_items_follow_the_newest_version_and_close_by_amendment(ctx):
    service.start_shift(ctx)
    enquiry = service.add_entry(ctx, "FOI request on gritting", category="enquiry", is_open=True,
                                due=dt.date(2026, 12, 21))
    service.add_entry(ctx, "Just a note")
    assert [e.id for e in service.open_items(ctx)] == [enquiry.id]
    corrected = service.amend_entry(ctx, enquiry.id, "FOI request on gritting routes", reason="detail")
    assert [e.id for e in service.open_items(ctx)] == [corrected.id]
    closed = service.close_item(ctx, corrected.id, "Answered by email")
    assert not closed.open and "Answered by email" in (closed.amend_reason or "")
    assert service.open_items(ctx) == []


def test_handover_goes_to_the_next_officer_who_acknowledges_it(make_ctx):
    ctx = make_ctx("laptop", officer="Day Officer")
    shift = service.start_shift(ctx)
    item = service.add_entry(ctx, "Call Sky back", category="enquiry", is_open=True)
    ended = service.end_shift(ctx, handover="Quiet night; Sky waiting for a call back")
    assert ended.handover.startswith("Quiet night")
    texts = [e.text for e in service.list_entries(ctx, shift_id=shift.id)]
    assert "Quiet night; Sky waiting for a call back" in texts and "Finished safely." in texts
    from app.setup import setup

    setup(ctx, officer="Night Officer")  # the next officer on the same laptop
    service.start_shift(ctx)
    pending = service.pending_handover(ctx)
    assert [(p.entry_id, p.from_officer) for p in pending] == [(item.id, "Day Officer")]
    written = service.acknowledge(ctx, [p.id for p in pending])
    assert written[0].source == f"ack:{item.id}" and written[0].officer == "Night Officer"
    assert service.pending_handover(ctx) == []
    assert service.handover_items(ctx, shift.id)[0].acknowledged_by == "Night Officer"


def test_ending_without_a_shift_is_refused(ctx):
    with pytest.raises(ValidationError, match="No shift is running"):
        service.end_shift(ctx)


def test_incident_style_calls_inside_a_callers_unit_of_work(ctx):
    service.start_shift(ctx)
    when = dt.datetime.now(UTC) - dt.timedelta(minutes=5)
    with ctx.write() as session:
        entry = service.add_entry(ctx, "Incident step done", category="incident", source="incident:abc",
                                  event_at=when, rationale="because", session=session)
    keys = set(entry.as_json())
    assert {"id", "shift_id", "seq", "officer", "text", "category", "channel", "event_at", "recorded_at",
            "open", "due", "amends"} <= keys
    assert service.list_entries(ctx, shift_id=entry.shift_id)[0].source == "incident:abc"


def test_list_filters_by_category_channel_officer_and_pages(ctx):
    service.start_shift(ctx)
    for i in range(30):
        service.add_entry(ctx, f"post {i}", category="post" if i % 2 else "reply", channel="x" if i % 3 else "email")
    shift_id = service.current_shift(ctx).id
    posts = service.list_entries(ctx, where=EntryFilter(category="post"))
    assert len(posts) == 15 and all(e.category == "post" for e in posts)
    emails = service.count_entries(ctx, EntryFilter(channel="email"))
    assert emails == 10
    assert service.count_entries(ctx, EntryFilter(officer="Someone Else")) == 0
    page = service.list_entries(ctx, where=EntryFilter(shift_id=shift_id), offset=10, limit=5)
    assert [e.seq for e in page] == [11, 12, 13, 14, 15]
