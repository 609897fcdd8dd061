"""The command line, exactly as the issue spells it."""

from __future__ import annotations

import json

from pypdf import PdfReader

STEP_KEYS = {"no", "kind", "text", "status", "done_at", "officer", "note"}


def test_incident_commands_end_to_end(cli, tmp_path, template_dir) -> None:
    assert cli("setup", "--officer", "Sam Patel").code == 0
    assert cli("contacts", "add", "--name", "Jo Lead", "--role", "Duty lead", "--phone", "07700 900123").code == 0
    listed = json.loads(cli("incident", "templates", "--json").out)
    broken = {t["key"]: t for t in listed if t["broken"]}
    assert broken["zz-unknown-kind"]["line"] == 8 and "dance" in broken["zz-unknown-kind"]["reason"]
    assert "BROKEN: line 5" in cli("incident", "templates").out

    started = cli("incident", "start", "serious-crime-body-found", "--title", "Body found in Elm Park, media at scene")
    assert started.code == 0
    incident_id = started.out.strip()
    assert cli("incident", "step", incident_id, "1", "done", "--note", "PC Ahmed 4411 rang 21:02").code == 0
    again = cli("incident", "step", incident_id, "1", "done")
    assert again.code == 2 and "already done" in again.err
    assert cli("incident", "step", incident_id, "3", "skip", "--reason", "SIO not yet appointed").code == 0
    assert cli("incident", "step", incident_id, "4", "done", "--note", "Confirm attendance only", "--reason", "Family not told").code == 0
    shown = json.loads(cli("incident", "show", incident_id, "--json").out)
    assert {"id", "template", "title", "started_at", "closed_at", "steps"} <= set(shown)
    assert shown["template"] == "serious-crime-body-found" and shown["closed_at"] is None
    assert all(STEP_KEYS <= set(step) for step in shown["steps"])
    first, third = shown["steps"][0], shown["steps"][2]
    assert first["status"] == "done" and first["officer"] == "Sam Patel" and first["note"] == "PC Ahmed 4411 rang 21:02"
    assert third["status"] == "skipped" and shown["steps"][5]["status"] == "open"
    text = cli("incident", "show", incident_id).out
    assert "07700 900123" in text and "No contact with the role 'Senior investigating officer'" in text

    closed = cli("incident", "close", incident_id, "--summary", "Death not suspicious")
    assert closed.code == 0 and "Steps not done" in closed.out
    assert json.loads(cli("incident", "show", incident_id, "--json").out)["closed_at"]
    pdf = tmp_path / "elm.pdf"
    assert cli("incident", "report", incident_id, "-o", str(pdf)).code == 0
    assert "Death not suspicious" in " ".join(p.extract_text() for p in PdfReader(pdf).pages)

    found = json.loads(cli("contacts", "search", "duty", "--json").out)
    assert [c["name"] for c in found] == ["Jo Lead"] and found[0]["phones"] == ["07700 900123"]
    assert "Jo Lead" in cli("contacts", "list").out
    bad = cli("incident", "start", "no-such-template", "--title", "x")
    assert bad.code == 2 and "major-incident" in bad.err

