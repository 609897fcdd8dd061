"""The command line contract: commands, options and --json keys as the issue spells them."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader

TEAM = "Alex Morgan,Bea Khan,Cal Reid,Dee Osei"


@pytest.fixture
def rota_cli(cli):  # type: ignore[no-untyped-def]
    assert cli("setup", "--officer", "Alex Morgan").code == 0
    assert cli("rota", "officers", "--add", TEAM).code == 0
    result = cli("rota", "apply", "four-week-out-of-hours", "--start", "2026-01-05", "--weeks", "4", "--officers", TEAM)
    assert result.code == 0, result.err
    return cli


def test_show_json_shift_keys(rota_cli):
    result = rota_cli("rota", "show", "--from", "2026-01-05", "--to", "2026-01-11", "--officer", "Bea Khan", "--json")
    shifts = json.loads(result.out)
    assert len(shifts) == 3
    for key in ("id", "officer", "kind", "start", "end", "paid_hours"):
        assert key in shifts[0]
    assert shifts[0]["start"] == "2026-01-09T16:30:00+00:00"
    assert [s["paid_hours"] for s in shifts] == [5.5, 7.25, 7.25]


def test_now_json(rota_cli):
    result = rota_cli("rota", "now", "--at", "2026-01-05T17:00", "--json")
    data = json.loads(result.out)
    assert [s["officer"] for s in data["on_now"]] == ["Dee Osei"]
    assert [s["officer"] for s in data["next_on"]] == ["Alex Morgan"]


def test_swap_dry_run_then_check_finds_the_9h_changeover(rota_cli):
    shifts = json.loads(rota_cli("rota", "show", "--from", "2026-01-06", "--to", "2026-01-06", "--json").out)
    early = next(s for s in shifts if s["kind"] == "early")
    late = next(s for s in shifts if s["kind"] == "late")
    dry = json.loads(rota_cli("rota", "swap", early["id"], late["id"], "--dry-run", "--json").out)
    assert dry["applied"] is False and any(f["rule"] == "rest" for f in dry["new_findings"])
    assert rota_cli("rota", "swap", early["id"], late["id"]).code == 0
    report = json.loads(rota_cli("rota", "check", "--from", "2026-01-05", "--to", "2026-01-11", "--json").out)
    rest = [f for f in report["findings"] if f["rule"] == "rest"]
    assert rest
    for key in ("rule", "severity", "start", "officers", "message"):
        assert key in rest[0]
    assert rest[0]["start"].endswith("+00:00")


def test_leave_check_fill_cycle(rota_cli):
    r = rota_cli("rota", "leave", "add", "Bea Khan", "--from", "2026-01-16", "--to", "2026-01-18", "--kind", "training")
    assert r.code == 0, r.err
    report = json.loads(rota_cli("rota", "check", "--from", "2026-01-12", "--to", "2026-01-18", "--json").out)
    assert any(f["rule"] == "coverage-gap" and f["officers"] == ["Bea Khan"] for f in report["findings"])
    fill = json.loads(rota_cli("rota", "fill", "--from", "2026-01-12", "--to", "2026-01-18", "--json").out)
    assert fill["applied"] and fill["unfilled"] == [] and "gap" in fill
    report = json.loads(rota_cli("rota", "check", "--from", "2026-01-12", "--to", "2026-01-18", "--json").out)
    assert [f for f in report["findings"] if f["severity"] == "error"] == []


def test_export_and_print(rota_cli, tmp_path):
    ics = tmp_path / "bea.ics"
    r = rota_cli("rota", "export-ics", "--officer", "Bea Khan", "--from", "2026-01-05", "--to", "2026-02-01", "-o", str(ics))
    assert r.code == 0 and ics.read_text().count("BEGIN:VEVENT") == 14
    pdf = tmp_path / "rota.pdf"
    r = rota_cli("rota", "print", "--from", "2026-01-05", "--to", "2026-01-18", "-o", str(pdf))
    assert r.code == 0 and len(PdfReader(str(pdf)).pages) == 2
    csv_path = tmp_path / "hours.csv"
    r = rota_cli("rota", "hours", "--from", "2026-01-05", "--to", "2026-02-01", "--by", "month", "--csv", str(csv_path))
    assert r.code == 0 and "Bea Khan" in csv_path.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("rota", "apply", "four-week-out-of-hours", "--start", "2026-02-02", "--weeks", "1", "--officers", "Alex Morgan,Nobody"), "No officer"),
        (("rota", "show", "--from", "2026-01-10", "--to", "2026-01-05"), "before"),
        (("rota", "leave", "add", "Bea Khan", "--from", "2026-01-10", "--to", "2026-01-05"), "before"),
        (("rota", "apply", "nope", "--start", "2026-02-02", "--weeks", "1", "--officers", "Alex Morgan"), "No pattern"),
        (("rota", "add", "--officer", "Bea Khan", "--start", "2026-03-29T01:30", "--end", "2026-03-29T05:00"), "clocks go forward"),
    ],
)
def test_bad_input_exits_2_with_a_message(rota_cli, args, message):
    before = rota_cli("rota", "show", "--from", "2026-01-01", "--to", "2026-04-30", "--json").out
    result = rota_cli(*args)
    assert result.code == 2
    assert message in result.err and "Traceback" not in result.err
    assert rota_cli("rota", "show", "--from", "2026-01-01", "--to", "2026-04-30", "--json").out == before
