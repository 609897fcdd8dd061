"""Two laptops create the same officer offline: after sync there is one record everywhere."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from app.rota import service as rota
from app.rota.models import RotaLeave, RotaShift
from app.setup import setup
from app.sync.service import list_conflicts, sync_now
from app.team import dedupe
from app.team.models import Officer, OfficerMerge
from app.team.service import ensure_officer, find_officer, list_officers

UTC = dt.timezone.utc
DAY = dt.date(2026, 3, 10)


@pytest.fixture
def two_laptops(make_ctx, tmp_path: Path):  # type: ignore[no-untyped-def]
    share = tmp_path / "share"
    share.mkdir()
    a = make_ctx("a", officer=None)
    b = make_ctx("b", officer=None)
    setup(a, officer="Alex Morgan", share=str(share))
    ensure_officer(a, "Bea Khan")
    sync_now(a)
    setup(b, officer="Bea Khan", share=str(share))
    sync_now(a)
    return a, b


def _rounds(*laptops) -> None:  # type: ignore[no-untyped-def]
    for _ in range(2):
        for ctx in laptops:
            assert sync_now(ctx)["state"] in ("synced", "conflicts")


def _all_officers(ctx):  # type: ignore[no-untyped-def]
    with ctx.read() as session:
        return session.execute(select(Officer).order_by(Officer.id)).scalars().all()


def test_same_officer_created_offline_twice_becomes_one_record(two_laptops):  # type: ignore[no-untyped-def]
    a, b = two_laptops
    eve_a = ensure_officer(a, "Eve Park")  # offline on laptop A
    eve_b = ensure_officer(b, "eve  park")  # offline on laptop B, typed differently
    assert eve_a.id != eve_b.id
    shift = rota.add_shift(a, officer="Eve Park", start=dt.datetime(2026, 3, 10, 16, 30, tzinfo=UTC),
                           end=dt.datetime(2026, 3, 10, 22, 0, tzinfo=UTC), kind="late")
    leave = rota.add_leave(b, "Eve Park", DAY, DAY + dt.timedelta(days=2))
    _rounds(a, b)
    survivor = min(eve_a.id, eve_b.id)
    for ctx in (a, b):
        live = [o for o in list_officers(ctx) if o.name.casefold().replace(" ", "") == "evepark"]
        assert [o.id for o in live] == [survivor]
        assert find_officer(ctx, "EVE PARK").id == survivor  # never MultipleResultsFound
        assert ensure_officer(ctx, "Eve Park").id == survivor
        rows = _all_officers(ctx)
        assert len(rows) == 4 and not any(r.deleted for r in rows)  # nothing silently deleted
        merged = next(r for r in rows if r.id != survivor and r.id in (eve_a.id, eve_b.id))
        assert merged.merged_into == survivor
        with ctx.read() as session:
            assert session.get(RotaShift, shift.id).officer_id == survivor
            assert session.get(RotaLeave, leave.id).officer_id == survivor
            assert session.execute(select(OfficerMerge)).scalars().first() is not None
        report = rota.check(ctx, DAY, DAY)
        needs = [f for f in report.findings if f.rule == "needs-cover"]
        assert len(needs) == 1 and "on annual leave" in needs[0].message and needs[0].officers[0] == "Eve Park"
        assert list_conflicts(ctx) == []
    assert [s.id for s in rota.list_shifts(b, DAY, DAY, officer="Eve Park")] == [shift.id]


def test_a_merge_can_be_undone_and_is_not_redone(two_laptops):  # type: ignore[no-untyped-def]
    a, b = two_laptops
    eve_a, eve_b = ensure_officer(a, "Eve Park"), ensure_officer(b, "Eve Park")
    shift = rota.add_shift(b, officer="Eve Park", start=dt.datetime(2026, 3, 11, 7, 0, tzinfo=UTC),
                           end=dt.datetime(2026, 3, 11, 15, 0, tzinfo=UTC), kind="early")
    _rounds(a, b)
    merges = dedupe.list_merges(a)
    assert merges and merges[0].survivor_id == min(eve_a.id, eve_b.id)
    dedupe.undo_merge(a, merges[0].id)
    _rounds(a, b)
    for ctx in (a, b):
        assert sorted(o.id for o in list_officers(ctx) if o.name == "Eve Park") == sorted([eve_a.id, eve_b.id])
        with ctx.read() as session:
            assert session.get(RotaShift, shift.id).officer_id == eve_b.id  # back where it was
        groups = dedupe.find_duplicates(ctx)
        assert [g.automatic for g in groups] == [False] and "undone" in groups[0].reason
    # by hand, a person may still merge them
    info = dedupe.merge_officers(b, eve_a.id, eve_b.id)
    assert info.moved == 1
    assert find_officer(b, "Eve Park").id == eve_a.id


def test_different_emails_are_offered_not_merged(two_laptops):  # type: ignore[no-untyped-def]
    from app.team.service import update_details

    a, b = two_laptops
    ensure_officer(a, "Sam Patel")
    update_details(a, "Sam Patel", email="sam.patel@city.example")
    ensure_officer(b, "Sam Patel")
    update_details(b, "Sam Patel", email="samuel.patel@police.example")
    _rounds(a, b)
    result = sync_now(a)
    assert result["officers_to_merge"] == ["Sam Patel"]
    assert len([o for o in list_officers(a) if o.name == "Sam Patel"]) == 2
    assert find_officer(a, "Sam Patel")  # still answers, never crashes


def test_a_laptop_follows_its_officer_through_a_rename_elsewhere(two_laptops):  # type: ignore[no-untyped-def]
    from app.team.service import rename_officer

    a, b = two_laptops
    _rounds(a, b)
    rename_officer(a, "Bea Khan", "Bea Khan-Reid")  # renamed on Alex's laptop
    _rounds(a, b)
    assert b.officer == "Bea Khan-Reid"
    rename_officer(a, "Alex Morgan", "Alex Morgan-Lee")  # renaming yourself
    assert a.officer == "Alex Morgan-Lee"


def test_a_laptop_follows_its_officer_into_a_merge(make_ctx, tmp_path):  # type: ignore[no-untyped-def]
    share = tmp_path / "share"
    share.mkdir()
    a, b = make_ctx("a", officer=None), make_ctx("b", officer=None)
    setup(a, officer="Eve Park", share=str(share), sync=False)  # both offline: two Eves
    setup(b, officer="Eve Park", share=str(share), sync=False)
    _rounds(a, b)
    from app.settings import device
    from app.team.identity import OFFICER_ID

    survivor = find_officer(a, "Eve Park").id
    assert device.get(a, OFFICER_ID) == device.get(b, OFFICER_ID) == survivor
    assert len(list_officers(b)) == 1



@contextlib.contextmanager
def no_write_lock() -> Iterator[None]:
    """Fails any write transaction meanwhile: the write lock is what a window's entry waits for."""
    from app import context

    def refuse() -> None:
        raise AssertionError("a write transaction was taken")

    context.WRITE_CHECKS.append(refuse)
    try:
        yield
    finally:
        context.WRITE_CHECKS.remove(refuse)


def test_a_round_with_nothing_to_merge_takes_no_write_lock_but_one_left_behind_is_moved(two_laptops):  # type: ignore[no-untyped-def]
    a, b = two_laptops
    eve_a, eve_b = ensure_officer(a, "Eve Park"), ensure_officer(b, "Eve Park")
    _rounds(a, b)
    survivor, merged = sorted((eve_a.id, eve_b.id))
    with no_write_lock():
        report = dedupe.after_sync(a)  # merged already, nothing points at the merged record
    assert report.merged == [] and report.swept == 0
    shift = rota.add_shift(a, officer="Eve Park", start=dt.datetime(2026, 3, 11, 16, 30, tzinfo=UTC),
                           end=dt.datetime(2026, 3, 11, 22, 0, tzinfo=UTC), kind="late")
    with a.write() as session:  # as if it arrived from a laptop offline since the merge
        session.get(RotaShift, shift.id).officer_id = merged
    report = dedupe.after_sync(a)
    assert report.swept == 1
    with a.read() as session:
        assert session.get(RotaShift, shift.id).officer_id == survivor
