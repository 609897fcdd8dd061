"""Team changes are revertable change sets (rename, role and hours, add, retire, re-activate),
and retiring someone opens their shifts from tomorrow on: core and CLI, no Qt."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from app.rota import edits as rota_edits
from app.rota import service as rota
from app.team import edits, retire, service

TEAM = ["Alex Morgan", "Bea Khan", "Cal Reid", "Dee Osei"]


def _this_monday() -> dt.date:
    today = dt.datetime.now(rota.zone()).date()
    return today - dt.timedelta(days=today.weekday())


def _on_pattern(ctx) -> None:  # type: ignore[no-untyped-def]
    """Four weeks from this week's Monday: shifts in the past, today and the future."""
    for name in TEAM:
        service.ensure_officer(ctx, name)
    rota.apply_pattern(ctx, "four-week-out-of-hours", start=_this_monday(), weeks=4, officers=TEAM)


def _all_shifts(ctx):  # type: ignore[no-untyped-def]
    return rota.list_shifts(ctx, _this_monday() - dt.timedelta(days=1), _this_monday() + dt.timedelta(weeks=5))


def test_rename_undo_and_redo_name_the_change(ctx):
    sam = service.add_officer(ctx, "Sam Hill", role="Press officer", contracted_hours=37.5)
    edit = edits.edit_officer(ctx, sam.id, name="Sam Hall", role="Press officer", contracted_hours="37.5")
    assert edit.changes.label == "rename: Sam Hill → Sam Hall"
    assert [c.field for c in edit.changes.changes] == ["name"]  # only what changed, never the whole record
    assert rota_edits.undo(ctx, edit.changes).complete
    assert service.get_officer(ctx, sam.id).name == "Sam Hill"
    rota_edits.redo(ctx, edit.changes)
    assert service.get_officer(ctx, sam.id).name == "Sam Hall"


def test_role_and_hours_label_and_partial_undo_says_what_stayed(ctx):
    sam = service.add_officer(ctx, "Sam Hill", role="Press officer", contracted_hours=37.5)
    edit = edits.edit_officer(ctx, sam.id, name="Sam Hill", role="Duty manager", contracted_hours="30")
    assert edit.changes.label == "Sam Hill: role Press officer → Duty manager; hours 37.5 h → 30 h"
    service.update_details(ctx, "Sam Hill", role="Night editor")  # someone changed the role since
    result = rota_edits.undo(ctx, edit.changes)
    now = service.get_officer(ctx, sam.id)
    assert (now.role, now.contracted_hours) == ("Night editor", 37.5)  # the hours went back, the role stayed
    assert result.skipped == ("The role of the officer Sam Hill was changed since (now Night editor), "
                              "so it was left as it is.",)
    assert result.message().startswith("Partly undone: Sam Hill: role")


def test_undoing_a_rename_renamed_again_since_changes_nothing_and_says_why(ctx):
    sam = service.add_officer(ctx, "Sam Hill")
    edit = edits.edit_officer(ctx, sam.id, name="Sam Hall", role="", contracted_hours="")
    service.rename_officer(ctx, "Sam Hall", "Sam Hull")
    result = rota_edits.undo(ctx, edit.changes)
    assert service.get_officer(ctx, sam.id).name == "Sam Hull"
    assert result.message() == ("Could not undo rename: Sam Hill → Sam Hall: The name of the officer Sam Hull "
                                "was changed since (now Sam Hull), so it was left as it is.")


def test_undoing_an_added_officer_takes_them_off_the_team(ctx):
    edit = edits.add_officer(ctx, "Bea Khan", role="Press officer")
    assert edit.changes.label == "add officer: Bea Khan"
    rota_edits.undo(ctx, edit.changes)
    assert [o.name for o in service.list_officers(ctx, include_inactive=True)] == ["Test Officer"]
    rota_edits.redo(ctx, edit.changes)
    assert service.find_officer(ctx, "Bea Khan").role == "Press officer"


def test_retire_opens_future_shifts_only_and_undo_gives_them_back(ctx):
    _on_pattern(ctx)
    since = retire.cutoff()
    before = {s.id: s.officer for s in _all_shifts(ctx)}
    future = retire.future_shifts(ctx, "Alex Morgan")
    assert future and all(s.start >= since and s.officer == "Alex Morgan" for s in future)
    edit = edits.retire(ctx, "Alex Morgan")
    assert edit.changes.label == f"retire: Alex Morgan ({len(future)} future shifts opened)"
    after = {s.id: s for s in _all_shifts(ctx)}
    assert {i for i, s in after.items() if before[i] == "Alex Morgan" and s.officer is None} == {s.id for s in future}
    assert all(s.officer == "Alex Morgan" for s in after.values() if before[s.id] == "Alex Morgan" and s.start < since)
    assert not service.find_officer(ctx, "Alex Morgan").active
    # Someone covers one of the opened shifts before the undo: that one stays covered.
    covered = future[0]
    service.ensure_officer(ctx, "Eve Long")
    rota.update_shift(ctx, covered.id, officer="Eve Long")
    result = rota_edits.undo(ctx, edit.changes)
    assert service.find_officer(ctx, "Alex Morgan").active
    restored = {s.id: s.officer for s in _all_shifts(ctx)}
    assert restored[covered.id] == "Eve Long"
    assert len(result.skipped) == 1 and "The officer of the" in result.skipped[0]
    assert "was changed since (now Eve Long), so it was left as it is." in result.skipped[0]
    assert restored == {**before, covered.id: "Eve Long"}


def test_retire_keeping_shifts_and_reactivate(ctx):
    _on_pattern(ctx)
    before = {s.id: s.officer for s in _all_shifts(ctx)}
    edit = edits.retire(ctx, "Bea Khan", keep_shifts=True)
    assert edit.changes.label == "retire: Bea Khan"
    assert {s.id: s.officer for s in _all_shifts(ctx)} == before
    back = edits.reactivate(ctx, "Bea Khan")
    assert back.changes.label == "re-activate: Bea Khan" and service.find_officer(ctx, "Bea Khan").active


@pytest.fixture
def team_cli(cli):  # type: ignore[no-untyped-def]
    def run(*args: str):  # type: ignore[no-untyped-def]
        return cli(*args)

    assert run("setup", "--officer", "Alex Morgan").code == 0
    assert run("rota", "officers", "--add", ",".join(TEAM)).code == 0
    monday = _this_monday().isoformat()
    assert run("rota", "apply", "four-week-out-of-hours", "--start", monday, "--weeks", "4",
               "--officers", ",".join(TEAM)).code == 0
    return run


def _shown(run, officer: str | None = None) -> list[dict]:  # type: ignore[no-untyped-def]
    period = ("--from", (_this_monday() - dt.timedelta(days=1)).isoformat(),
              "--to", (_this_monday() + dt.timedelta(weeks=5)).isoformat())
    result = run("rota", "show", *period, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_cli_retire_opens_future_shifts_and_keep_shifts_keeps_them(team_cli):
    run = team_cli
    before = _shown(run)
    tomorrow = retire.cutoff()
    future = [s for s in before if s["officer"] == "Cal Reid" and dt.datetime.fromisoformat(s["start"]) >= tomorrow]
    result = run("rota", "officers", "--retire", "cal reid")
    assert result.code == 0, result.err
    assert f"Retired Cal Reid; {len(future)} shifts from " in result.out and "are now open and need cover." in result.out
    after = {s["id"]: s for s in _shown(run)}
    assert all(after[s["id"]]["officer"] is None for s in future)
    assert sum(s["officer"] == "Cal Reid" for s in after.values()) == sum(s["officer"] == "Cal Reid" for s in before) - len(future)
    listed = json.loads(run("rota", "officers", "--all", "--json").out)
    assert [o["active"] for o in listed if o["name"] == "Cal Reid"] == [False]

    kept = run("rota", "officers", "--retire", "Dee Osei", "--keep-shifts")
    assert kept.code == 0 and "Retired Dee Osei; their shifts stay assigned" in kept.out
    assert sum(s["officer"] == "Dee Osei" for s in _shown(run)) == sum(s["officer"] == "Dee Osei" for s in before)

    alone = run("rota", "officers", "--keep-shifts")
    assert alone.code == 2 and alone.err.strip() == "dutydesk: --keep-shifts goes with --retire NAME." and "Traceback" not in alone.err
    nobody = run("rota", "officers", "--retire", "Zed Null")
    assert nobody.code == 2 and "No officer called 'Zed Null'" in nobody.err
