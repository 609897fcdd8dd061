"""The issue's team scenarios: field groups, team-wide conflicts, edit versus delete,
rules after merge and calendar SEQUENCE, on real data folders and one real share."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy import select

from app.db import hlc
from app.errors import ValidationError
from app.rota import ics
from app.rota import service as rota
from app.rota.models import RotaLeave, RotaShift
from app.sync import service
from tests.sync.helpers import THU, at, rounds, sync



def shift_times(ctx, shift_id: str) -> tuple[dt.datetime, dt.datetime, bool]:
    with ctx.read() as session:
        row = session.get(RotaShift, shift_id)
        return row.start, row.end, row.deleted


def set_start_only(ctx, shift_id: str, start: dt.datetime) -> None:
    """Sam brings only the start forward (the end stays as Sam's laptop has it)."""
    with ctx.write() as session:
        session.get(RotaShift, shift_id).start = start


@pytest.fixture
def team(make_ctx, tmp_path: Path):
    share = tmp_path / "share"
    share.mkdir()
    alex, sam, cat = make_ctx("alex", "Alex"), make_ctx("sam", "Sam"), make_ctx("cat", "Cat")
    shift = rota.add_shift(alex, officer="Alex", start=at(18), end=at(22), kind="late")
    rounds(share, alex, sam, cat)
    return share, alex, sam, cat, shift.id


def test_a_shift_merges_as_a_whole_never_a_value_nobody_entered(team) -> None:
    share, alex, sam, cat, shift_id = team
    rota.update_shift(alex, shift_id, start=at(17), end=at(22, 30))
    set_start_only(sam, shift_id, at(16))  # later, and without seeing Alex's move
    rounds(share, alex, sam, cat)
    results = {shift_times(ctx, shift_id)[:2] for ctx in (alex, sam, cat)}
    assert len(results) == 1
    assert results.pop() in {(at(17), at(22, 30)), (at(16), at(22))}  # never 16:00-22:30
    for ctx in (alex, sam, cat):
        [conflict] = service.list_conflicts(ctx)
        assert conflict.fields == ["start", "end", "unpaid_break_minutes"]
        assert "16:00–22:00" in conflict.text and "17:00–22:30" in conflict.text
        assert "Alex's late shift on Thu 3 Dec" in conflict.text and "keep which?" in conflict.text
        assert "revision" not in conflict.field
    # the wording puts this laptop's side first, in local time, with names
    [on_sam] = service.list_conflicts(sam)
    assert on_sam.text.endswith("Sam set Thu 3 Dec 16:00–22:00; Alex set 17:00–22:30 — keep which?")


def test_resolving_keeps_the_whole_group_and_the_shift_stays_valid(team, tmp_path: Path) -> None:
    share, alex, sam, cat, shift_id = team
    rota.update_shift(alex, shift_id, start=at(17), end=at(22, 30))
    set_start_only(sam, shift_id, at(16))
    rounds(share, alex, sam, cat)
    [conflict] = service.list_conflicts(cat)  # Cat wrote neither side
    keep = "local" if conflict.local_value["start"].startswith("2026-12-03T17") else "remote"
    service.resolve(cat, conflict.id, keep)
    rounds(share, alex, sam, cat)
    for ctx in (alex, sam, cat):
        start, end, _ = shift_times(ctx, shift_id)
        assert (start, end) == (at(17), at(22, 30))
        path, _ = ics.export_ics(ctx, tmp_path / f"{id(ctx)}.ics", THU, THU)
        event = next(c for c in Calendar.from_ical(path.read_bytes()).walk("VEVENT"))
        assert event.decoded("dtend") > event.decoded("dtstart")


def test_a_decision_syncs_to_every_laptop(team) -> None:
    share, alex, sam, cat, shift_id = team
    rota.update_shift(alex, shift_id, start=at(17), end=at(22, 30))
    set_start_only(sam, shift_id, at(16))
    rounds(share, alex, sam, cat)
    [on_alex] = service.list_conflicts(alex)
    service.resolve(alex, on_alex.id, "local")
    rounds(share, alex, sam, cat)
    team_ids = set()
    for ctx in (alex, sam, cat):
        assert service.list_conflicts(ctx) == []
        [done] = service.list_conflicts(ctx, include_resolved=True)
        assert done.resolved and done.resolved_by == "Alex"
        team_ids.add(done.team_id)
        assert service.status(ctx).state == "synced"
    assert len(team_ids) == 1
    [on_sam] = service.list_conflicts(sam, include_resolved=True)
    assert on_sam.resolved == "remote"  # Sam's laptop: Alex's (the other) version was kept
    with pytest.raises(ValidationError, match="already resolved"):
        service.resolve(sam, on_sam.id, "local")


def test_a_contrary_decision_is_a_new_visible_conflict(team) -> None:
    share, alex, sam, cat, shift_id = team
    rota.update_shift(alex, shift_id, start=at(17), end=at(22, 30))
    set_start_only(sam, shift_id, at(16))
    rounds(share, alex, sam, cat)
    service.resolve(alex, service.list_conflicts(alex)[0].id, "local")  # Alex keeps 17:00-22:30
    service.resolve(sam, service.list_conflicts(sam)[0].id, "local")  # Sam, not yet synced, keeps 16:00-22:00
    rounds(share, alex, sam, cat)
    shown = [service.list_conflicts(ctx) for ctx in (alex, sam, cat)]
    assert all(len(items) == 1 for items in shown), shown
    assert len({items[0].team_id for items in shown}) == 1
    assert {shift_times(ctx, shift_id)[:2] for ctx in (alex, sam, cat)} in ({(at(17), at(22, 30))}, {(at(16), at(22))})
    assert "16:00–22:00" in shown[2][0].text and "17:00–22:30" in shown[2][0].text


def test_edit_concurrent_with_delete_is_a_conflict_and_can_be_restored(team) -> None:
    share, alex, sam, cat, shift_id = team
    rota.remove_shift(alex, shift_id)
    rota.update_shift(sam, shift_id, officer="Cat")  # Sam reassigns it, not knowing
    rounds(share, alex, sam, cat)
    for ctx in (alex, sam, cat):
        assert shift_times(ctx, shift_id)[2] is True  # still deleted everywhere, until someone decides
        listed = service.list_conflicts(ctx)
        assert len(listed) == 1, [(c.kind, c.field, c.local_value, c.remote_value) for c in listed]
        conflict = listed[0]
        assert conflict.kind == "delete"
        assert "Alex deleted Cat's late shift on Thu 3 Dec" in conflict.text
        assert "Sam changed it" in conflict.text and "restore it or confirm the delete?" in conflict.text
    [on_cat] = service.list_conflicts(cat)
    restore = "local" if not (isinstance(on_cat.local_value, dict) and on_cat.local_value.get("deleted")) else "remote"
    service.resolve(cat, on_cat.id, restore)
    rounds(share, alex, sam, cat)
    for ctx in (alex, sam, cat):
        assert shift_times(ctx, shift_id)[2] is False
        assert rota.get_shift(ctx, shift_id).officer == "Cat"  # Sam's change is kept
        assert service.list_conflicts(ctx) == []


def test_confirming_a_delete_settles_it_for_everyone(team) -> None:
    share, alex, sam, cat, shift_id = team
    rota.remove_shift(alex, shift_id)
    rota.update_shift(sam, shift_id, kind="early")
    rounds(share, alex, sam, cat)
    [on_alex] = service.list_conflicts(alex)
    service.resolve(alex, on_alex.id, "local")  # Alex deleted it: confirm
    rounds(share, alex, sam, cat)
    for ctx in (alex, sam, cat):
        assert shift_times(ctx, shift_id)[2] is True
        assert service.list_conflicts(ctx) == []


def test_overlapping_leave_from_another_laptop_is_held_as_a_conflict(make_ctx, tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    ann, bob = make_ctx("ann", "Ann"), make_ctx("bob", "Bob")
    rounds(share, ann, bob)
    rota.add_leave(ann, "Ann", dt.date(2026, 12, 14), dt.date(2026, 12, 18))
    rota.add_leave(bob, "Ann", dt.date(2026, 12, 17), dt.date(2026, 12, 21), kind="training")  # not yet seen
    with pytest.raises(ValidationError, match="overlaps"):
        rota.add_leave(ann, "Ann", dt.date(2026, 12, 16), dt.date(2026, 12, 16))  # refused locally
    rounds(share, ann, bob, times=3)
    for ctx in (ann, bob):
        with ctx.read() as session:
            live = session.execute(select(RotaLeave).where(RotaLeave.deleted.is_(False))).scalars().all()
        assert len(live) == 1, "the merge that would overlap is held, not applied"
        [conflict] = service.list_conflicts(ctx)
        assert conflict.kind == "rule" and "overlaps" in conflict.text
    # keeping the current one settles it everywhere
    [on_bob] = service.list_conflicts(bob)
    service.resolve(bob, on_bob.id, "local" if on_bob.winner == "local" else "remote")
    rounds(share, ann, bob)
    assert service.list_conflicts(ann) == service.list_conflicts(bob) == []


def test_revision_is_bookkeeping_and_the_calendar_sequence_only_grows(team, tmp_path: Path) -> None:
    share, alex, sam, cat, shift_id = team

    def sequence(ctx) -> int:
        path, _ = ics.export_ics(ctx, tmp_path / "seq.ics", THU, THU)
        return int(next(iter(Calendar.from_ical(path.read_bytes()).walk("VEVENT")))["sequence"])

    before = {id(ctx): sequence(ctx) for ctx in (alex, sam, cat)}
    ticks = itertools.count(hlc.wall_clock_ms() + 5_000, 1_500)  # every clock reading 1.5 s later
    for ctx in (alex, sam, cat):
        ctx.identity.now_ms = lambda: next(ticks)
    rota.update_shift(alex, shift_id, kind="early")
    rota.update_shift(alex, shift_id, kind="late")
    rota.update_shift(alex, shift_id, kind="early")  # Alex's laptop: three changes
    rota.update_shift(sam, shift_id, unpaid_break_minutes=30)  # Sam's: one change, later
    rounds(share, alex, sam, cat)
    after = {id(ctx): sequence(ctx) for ctx in (alex, sam, cat)}
    assert len(set(after.values())) == 1
    assert all(after[k] > before[k] for k in before)
    for ctx in (alex, sam, cat):
        assert all("revision" not in c.field for c in service.list_conflicts(ctx, include_resolved=True))


def test_cli_lists_conflicts_in_words_and_resolves_them(team, cli, tmp_path: Path) -> None:
    share, alex, sam, cat, shift_id = team
    rota.update_shift(alex, shift_id, start=at(17), end=at(22, 30))
    set_start_only(sam, shift_id, at(16))
    rounds(share, alex, sam, cat)
    sam.close()  # the command line takes the data folder's lock
    folder = tmp_path / "sam"
    listed = json.loads(cli("sync", "conflicts", "--json", data=folder).out)
    [item] = listed
    for key in ("id", "table", "row_id", "record", "field", "local_value", "remote_value", "remote_officer",
                "remote_device", "winner", "current_value", "detected_at", "resolved", "text", "kind"):
        assert key in item
    assert item["text"].endswith("Sam set Thu 3 Dec 16:00–22:00; Alex set 17:00–22:30 — keep which?")
    plain = cli("sync", "conflicts", data=folder).out
    assert "Sam set Thu 3 Dec 16:00–22:00" in plain and f"dutydesk sync resolve {item['id']} --keep remote" in plain
    assert "01a" not in plain.split("—")[0]  # the record is named, not an id prefix
    done = cli("sync", "resolve", str(item["id"]), "--keep", "remote", data=folder)
    assert done.code == 0 and "17:00–22:30" in done.out
    assert json.loads(cli("sync", "conflicts", "--json", data=folder).out) == []
    resolved = json.loads(cli("sync", "conflicts", "--all", "--json", data=folder).out)
    assert resolved[0]["resolved"] == "remote" and resolved[0]["resolved_by"] == "Sam"
    assert cli("sync", "--share", str(share), data=folder).code == 0
    rounds(share, alex, cat)
    assert service.list_conflicts(alex) == service.list_conflicts(cat) == []
    assert shift_times(cat, shift_id)[:2] == (at(17), at(22, 30))
