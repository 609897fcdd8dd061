"""A team of four on four laptops, one real shared folder, everything through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

TEAM = ["Alex Morgan", "Bea Khan", "Cal Reid", "Dee Osei"]
PERIOD = ("--from", "2026-01-05", "--to", "2026-02-01")


@pytest.fixture
def laptops(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Laptop 1 sets up the team and its rota; laptops 2-4 join the share by name."""
    share = tmp_path / "share"
    share.mkdir()
    folders = {name: tmp_path / f"laptop-{i}" for i, name in enumerate(TEAM, 1)}

    def run(name: str, *args: str):  # type: ignore[no-untyped-def]
        result = cli(*args, data=folders[name])
        assert result.code == 0, (args, result.out, result.err)
        return result

    run(TEAM[0], "setup", "--officer", TEAM[0], "--share", str(share))
    run(TEAM[0], "rota", "officers", "--add", ",".join(TEAM))
    run(TEAM[0], "rota", "apply", "four-week-out-of-hours", "--start", "2026-01-05", "--weeks", "4",
        "--officers", ",".join(TEAM))
    run(TEAM[0], "sync")
    for name in TEAM[1:]:
        joined = run(name, "setup", "--officer", name.lower(), "--share", str(share))  # typed in lower case
        assert "Joined the team as " + name in joined.out
    for name in TEAM:  # every laptop publishes and hears from the others
        run(name, "sync")
    return run, share, tmp_path


def test_each_laptop_sees_its_own_shifts_calendar_and_nobody_twice(laptops):  # type: ignore[no-untyped-def]
    run, _share, tmp = laptops
    everyone = json.loads(run(TEAM[0], "rota", "show", *PERIOD, "--json").out)
    for name in TEAM:
        officers = json.loads(run(name, "rota", "officers", "--json").out)
        assert sorted(o["name"] for o in officers) == TEAM  # nobody twice, nobody missing
        assert len({o["id"] for o in officers}) == 4
        mine = json.loads(run(name, "rota", "show", *PERIOD, "--officer", name, "--json").out)
        expected = sorted(s["id"] for s in everyone if s["officer"] == name)
        assert expected and sorted(s["id"] for s in mine) == expected
        assert {s["officer"] for s in mine} == {name}
        ics = tmp / f"{name}.ics"
        out = run(name, "rota", "export-ics", *PERIOD, "--officer", name, "-o", str(ics)).out
        assert f"Wrote {len(expected)} shift(s)" in out
        text = ics.read_text(encoding="utf-8")
        assert text.count("BEGIN:VEVENT") == len(expected)
        for shift in mine:
            assert shift["id"] in text
        rows = json.loads(run(name, "rota", "hours", *PERIOD, "--by", "range", "--json").out)
        assert sorted(r["officer"] for r in rows) == TEAM  # one row each, nobody twice
        fairness = json.loads(run(name, "rota", "check", *PERIOD, "--json").out)["fairness"]
        assert sorted(r["officer"] for r in fairness) == TEAM
        conflicts = json.loads(run(name, "sync", "conflicts", "--json").out)
        assert conflicts == []
        status = json.loads(run(name, "sync", "status", "--json").out)
        assert status["conflicts"] == 0


def test_rename_retire_reactivate_and_json_ids(laptops):  # type: ignore[no-untyped-def]
    run, _share, _tmp = laptops
    before = {o["name"]: o["id"] for o in json.loads(run(TEAM[0], "rota", "officers", "--json").out)}
    run(TEAM[0], "rota", "officers", "--rename", "Dee Osei", "Dee Osei-Brown")
    run(TEAM[0], "rota", "officers", "--retire", "Cal Reid")
    run(TEAM[0], "rota", "officers", "--set", "Bea Khan", "--role", "Duty manager", "--hours", "37.5")
    run(TEAM[0], "sync")
    run(TEAM[1], "sync")
    listed = json.loads(run(TEAM[1], "rota", "officers", "--json").out)
    by_name = {o["name"]: o for o in listed}
    assert set(by_name) == {"Alex Morgan", "Bea Khan", "Dee Osei-Brown"}
    assert by_name["Dee Osei-Brown"]["id"] == before["Dee Osei"]  # same person, new name
    assert by_name["Bea Khan"]["role"] == "Duty manager" and by_name["Bea Khan"]["contracted_hours"] == 37.5
    everyone = {o["name"]: o for o in json.loads(run(TEAM[1], "rota", "officers", "--all", "--json").out)}
    assert everyone["Cal Reid"]["active"] is False and everyone["Cal Reid"]["id"] == before["Cal Reid"]
    # history keeps the retired officer's name on his shifts
    shifts = json.loads(run(TEAM[1], "rota", "show", *PERIOD, "--officer", "Cal Reid", "--json").out)
    assert shifts and {s["officer"] for s in shifts} == {"Cal Reid"}
    renamed = json.loads(run(TEAM[1], "rota", "show", *PERIOD, "--officer", "Dee Osei-Brown", "--json").out)
    assert renamed and {s["officer"] for s in renamed} == {"Dee Osei-Brown"}
    run(TEAM[1], "rota", "officers", "--activate", "Cal Reid")
    assert "Cal Reid" in run(TEAM[1], "rota", "officers").out


def test_bad_officer_input_changes_nothing(cli, tmp_path):  # type: ignore[no-untyped-def]
    data = tmp_path / "one"
    assert cli("setup", "--officer", "Alex Morgan", data=data).code == 0
    assert cli("rota", "officers", "--add", "Bea Khan", data=data).code == 0
    for args in (("--rename", "Nobody", "X"), ("--rename", "Bea Khan", "alex morgan"), ("--rename", "Bea Khan", "  "),
                 ("--retire", "Nobody"), ("--set", "Bea Khan", "--hours", "lots"), ("--set", "Bea Khan", "--hours", "-3")):
        result = cli("rota", "officers", *args, data=data)
        assert result.code == 2, args
        assert "Traceback" not in result.err and len(result.err.strip().splitlines()) == 1
    listed = json.loads(cli("rota", "officers", "--json", data=data).out)
    assert [(o["name"], o["contracted_hours"]) for o in listed] == [("Alex Morgan", None), ("Bea Khan", None)]


def test_two_laptops_add_the_same_officer_offline_then_sync_merges(laptops):  # type: ignore[no-untyped-def]
    run, _share, _tmp = laptops
    run(TEAM[0], "rota", "officers", "--add", "Eve Park")
    run(TEAM[1], "rota", "officers", "--add", "Eve Park")
    run(TEAM[0], "rota", "add", "--officer", "Eve Park", "--start", "2026-03-03T16:30", "--end", "2026-03-03T22:00",
        "--kind", "late")
    run(TEAM[1], "rota", "leave", "add", "Eve Park", "--from", "2026-03-02", "--to", "2026-03-06")
    run(TEAM[0], "sync")
    merged = run(TEAM[1], "sync")
    assert "Eve Park was recorded twice" in merged.out
    run(TEAM[0], "sync")
    for name in TEAM[:2]:
        eves = [o for o in json.loads(run(name, "rota", "officers", "--json").out) if o["name"] == "Eve Park"]
        assert len(eves) == 1
        run(name, "rota", "officers", "--add", "Eve Park")  # never MultipleResultsFound
        report = json.loads(run(name, "rota", "check", "--from", "2026-03-02", "--to", "2026-03-08", "--json").out)
        needs = [f for f in report["findings"] if f["rule"] == "needs-cover"]
        assert len(needs) == 1 and needs[0]["officers"] == ["Eve Park"] and "Eve Park" not in needs[0]["candidates"]
        assert json.loads(run(name, "rota", "officers", "--merges", "--json").out)


def test_a_newcomer_joining_is_told_who_is_already_on_the_team(laptops, cli):  # type: ignore[no-untyped-def]
    _run, share, tmp = laptops
    result = cli("setup", "--officer", "Eve Park", "--share", str(share), data=tmp / "laptop-5")
    assert result.code == 0
    assert "New to the team: added Eve Park. The team already has: " + ", ".join(TEAM) in result.out
