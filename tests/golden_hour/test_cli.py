"""The golden-hour CLI contract: guard exit codes and JSON keys, plan add/import/list,
incident facts/channels/clearance/review."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader

HOOTSUITE = "Date,Message,Link\n01/12/2026 21:30,Winter gritting tonight,\n01/12/2026 22:15,Library late opening,https://example.gov.uk/lib\n"
BUFFER = "Profile,Text,Scheduled At\nFacebook Page,Bin day reminder,2026-12-01 21:45\nTwitter,Road works on the A38,2026-12-01 23:00\n"


def _setup(cli: Callable[..., object]) -> None:
    assert cli("setup", "--officer", "Ann Officer").code == 0


def test_guard_exits_1_with_rule_span_reason(cli: Callable[..., object]) -> None:
    result = cli("guard", "--json", "--platform", "x", "A man has been arrested. Call 07700 900123.")
    assert result.code == 1
    data = json.loads(result.out)
    rules = {f["rule"] for f in data["flags"]}
    assert {"proceedings", "phone"} <= rules
    for flag in data["flags"]:
        assert set(flag) >= {"rule", "span", "reason"} and len(flag["span"]) == 2
    clean = cli("guard", "Roads around the park are closed tonight.")
    assert clean.code == 0 and "Nothing flagged" in clean.out


def test_guard_reads_a_file_and_refuses_a_missing_one(cli: Callable[..., object], tmp_path: Path) -> None:
    text = tmp_path / "statement.txt"
    text.write_text("Email j.smith@example.com for details.", encoding="utf-8")
    assert cli("guard", "--file", str(text)).code == 1
    missing = cli("guard", "--file", str(tmp_path / "nope.txt"))
    assert missing.code == 2 and missing.err.startswith("dutydesk: Cannot read") and "Traceback" not in missing.err


def test_plan_add_import_list(cli: Callable[..., object], tmp_path: Path) -> None:
    _setup(cli)
    assert cli("plan", "add", "--at", "2026-12-01T21:00", "--channel", "x", "Evening weather").code == 0
    hoot = tmp_path / "hootsuite.csv"
    hoot.write_text(HOOTSUITE, encoding="utf-8")
    assert cli("plan", "import", str(hoot), "--channel", "facebook").code == 0
    buf = tmp_path / "buffer.csv"
    buf.write_text(BUFFER, encoding="utf-8")
    assert cli("plan", "import", str(buf)).code == 0
    posts = json.loads(cli("plan", "list", "--json").out)
    assert [p["text"] for p in posts] == ["Evening weather", "Winter gritting tonight", "Bin day reminder",
                                          "Library late opening", "Road works on the A38"]
    assert [p["channel"] for p in posts] == ["x", "facebook", "facebook", "facebook", "x"]
    assert posts[1]["at"].startswith("2026-12-01T21:30")
    bad = tmp_path / "bad.csv"
    bad.write_text("Date,Message\nsoon,Hello\n", encoding="utf-8")
    refused = cli("plan", "import", str(bad))
    assert refused.code == 2 and "Line 2" in refused.err
    assert len(json.loads(cli("plan", "list", "--json").out)) == 5  # nothing imported


def test_incident_facts_channels_clearance_review(cli: Callable[..., object], tmp_path: Path) -> None:
    _setup(cli)
    assert cli("contacts", "add", "--name", "Dana Lead", "--role", "Duty lead", "--phone", "07700 900111").code == 0
    started = cli("incident", "start", "major-incident", "--title", "Fire at Elm Street")
    incident = json.loads(cli("incident", "list", "--json").out)[0]
    assert started.code == 0
    iid = incident["id"]
    step = next(s["no"] for s in incident["steps"] if s["kind"] == "statement")
    assert cli("incident", "facts", iid, "add", "Two people hurt", "--source", "Witness").code == 0
    board = json.loads(cli("incident", "facts", iid, "--json").out)
    assert board[0]["state"] == "unconfirmed" and board[0]["source"] == "Witness"
    refused = cli("incident", "draft", iid, str(step), "Two people hurt. Avoid the area.")
    assert refused.code == 2 and "fact 1 is unconfirmed" in refused.err
    assert cli("incident", "facts", iid, "confirm", "1").code == 0
    assert cli("incident", "draft", iid, str(step), "Two people hurt. Avoid the area.").code == 0
    ladder = json.loads(cli("incident", "clearance", iid, str(step), "--json").out)
    assert ladder["current_rung"] == 1 and "Dana Lead" in ladder["call_now"]
    cleared = json.loads(cli("incident", "clearance", iid, str(step), "--answer", "cleared", "--json").out)
    assert cleared["cleared_by"] == "Dana Lead" and cleared["attempts"][0]["outcome"] == "cleared"
    assert cli("incident", "channels", iid, "posted", "x", "--text", "First update").code == 0
    clocks = {c["channel"]: c for c in json.loads(cli("incident", "channels", iid, "--json").out)}
    assert clocks["x"]["posts"] == 1 and clocks["x"]["stage"] == "next update"
    assert clocks["instagram"]["posts"] == 0 and clocks["instagram"]["stage"] == "first message"
    out = tmp_path / "review.pdf"
    review = json.loads(cli("incident", "review", iid, "-o", str(out), "--to-improve", "Brief the team sooner", "--json").out)
    assert review["output"] == str(out) and review["clearance"][0]["cleared_by"] == "Dana Lead"
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Brief the team sooner" in text and "Two people hurt" in text


def test_major_incident_lists_due_posts_and_each_is_paused_or_kept(cli: Callable[..., object]) -> None:
    import datetime as dt

    _setup(cli)
    soon = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=40)).isoformat(timespec="minutes")
    later = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=6)).isoformat(timespec="minutes")
    fun = json.loads(cli("plan", "add", "--at", soon, "--channel", "instagram", "Caption contest!", "--json").out)[0]
    cli("plan", "add", "--at", later, "--channel", "x", "Tomorrow's bin collections")
    started = cli("incident", "start", "major-incident", "--title", "Explosion at the station")
    assert started.code == 0 and len(started.out.split()) == 1  # stdout stays the id alone
    assert "1 planned posts are due" in started.err and "Caption contest!" in started.err
    iid = started.out.strip()
    refused = cli("plan", "mark", fun["id"], "paused", "--reason", " ")
    assert refused.code == 2
    paused = json.loads(cli("plan", "mark", fun["id"], "paused", "--reason", "Tone: major incident",
                            "--incident", iid, "--json").out)[0]
    assert paused["status"] == "paused" and paused["reason"] == "Tone: major incident"
    assert cli("plan", "post", fun["id"]).code == 2  # a paused post does not go out
    assert json.loads(cli("plan", "due", "--json").out) == []
    cli("plan", "mark", fun["id"], "kept", "--reason", "Cleared by the duty lead")
    assert cli("plan", "post", fun["id"]).code == 0
    today = dt.date.today()
    log = cli("log", "list", "--from", str(today - dt.timedelta(days=1)), "--to", str(today + dt.timedelta(days=1)), "--json")
    assert "Posted from the plan: Caption contest!" in log.out and "Tone: major incident" in log.out
