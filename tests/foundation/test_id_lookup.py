"""A record named by its id or the start of it (``app.db.lookup``), the same for incidents,
planned posts and log entries: what an officer types either names exactly one live
record, or gets one plain line; LIKE wildcards in it are text, never a match-anything."""

from __future__ import annotations

import datetime as dt

import pytest

from app.db.base import utcnow
from app.db.lookup import by_id_or_prefix
from app.errors import NotFoundError, ValidationError
from app.incidents import plan
from app.incidents import service as incidents
from app.shiftlog import service as shiftlog
from app.team.models import Officer

JUNK = ["%%%%%%", "______", "%", "01%", "0_______"]


def _officers(ctx, *ids: str) -> None:  # type: ignore[no-untyped-def]
    with ctx.write() as session:
        session.add_all(Officer(id=i, name=f"Officer {n}") for n, i in enumerate(ids))


def _find(ctx, given: str):  # type: ignore[no-untyped-def]
    with ctx.read() as session:
        row = by_id_or_prefix(session, Officer, given, shortest=4, several="Several start with {given!r}.")
        return None if row is None else row.id


def test_the_id_or_the_only_id_starting_so_names_a_record(ctx) -> None:  # type: ignore[no-untyped-def]
    _officers(ctx, "abcd1111-0000-7000-8000-000000000000", "abcd2222-0000-7000-8000-000000000000")
    assert _find(ctx, "abcd1111-0000-7000-8000-000000000000") == "abcd1111-0000-7000-8000-000000000000"
    assert _find(ctx, " abcd2 ") == "abcd2222-0000-7000-8000-000000000000"
    with pytest.raises(ValidationError) as several:
        _find(ctx, "abcd")
    assert str(several.value) == "Several start with 'abcd'."
    assert _find(ctx, "abc") is None  # shorter than the shortest prefix tried
    assert _find(ctx, "") is None and _find(ctx, "ffff") is None


def test_a_deleted_record_is_named_by_nothing(ctx) -> None:  # type: ignore[no-untyped-def]
    _officers(ctx, "abcd1111-0000-7000-8000-000000000000", "abcd2222-0000-7000-8000-000000000000")
    with ctx.write() as session:
        session.get(Officer, "abcd1111-0000-7000-8000-000000000000").deleted = True
    assert _find(ctx, "abcd1111-0000-7000-8000-000000000000") is None
    assert _find(ctx, "abcd") == "abcd2222-0000-7000-8000-000000000000"  # the live one is the only one


@pytest.mark.parametrize("junk", JUNK)
def test_wildcards_typed_as_an_id_name_nothing(ctx, junk: str) -> None:  # type: ignore[no-untyped-def]
    """With one incident, one planned post and one entry, ``%%%%`` once named each of them."""
    incident = incidents.start_incident(ctx, "major-incident", "Explosion reported at Central Station")
    post = plan.add_post(ctx, utcnow() + dt.timedelta(hours=1), "instagram", "Caption contest!")
    entry = shiftlog.add_entry(ctx, "Checked the overnight inbox")
    with pytest.raises(NotFoundError, match="No incident with id"):
        incidents.get_incident(ctx, junk)
    with pytest.raises(NotFoundError, match="No planned post with id"):
        plan.mark_post(ctx, junk, "paused", "Wrong moment")
    with pytest.raises(NotFoundError, match="No log entry with id"):
        shiftlog.get_entry(ctx, junk)
    assert [p.status for p in plan.list_posts(ctx)] == ["planned"]  # nothing paused by a wildcard
    assert incidents.get_incident(ctx, incident.id[:-3]).id == incident.id  # a real prefix still works
    assert plan.mark_post(ctx, post.id[:-3], "paused", "Wrong moment").status == "paused"
    assert shiftlog.get_entry(ctx, entry.id[:-3]).id == entry.id
