"""The command-line contract (names, options, --json keys) and the printed reports."""

from __future__ import annotations

import csv
import json
import sqlite3

from pypdf import PdfReader

from app.shiftlog import reports, service

ENTRY_KEYS = {"id", "shift_id", "seq", "officer", "text", "category", "channel", "event_at", "recorded_at",
              "open", "due", "amends"}


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_a_shift_from_the_command_line(cli, data_dir, tmp_path):
    assert cli("setup", "--officer", "Sam Night").code == 0
    assert cli("shift", "start").code == 0
    assert cli("shift", "start").code == 2  # already running: clear message
    added = cli("log", "add", "BBC asked about flooding", "--category", "enquiry", "--channel", "phone",
                "--open", "--due-working-days", "20", "--json")
    entry = json.loads(added.out)
    assert ENTRY_KEYS <= set(entry) and entry["open"] and entry["due"] and entry["amends"] is None
    decision = cli("log", "add", "Not replying to the troll", "--category", "decision")
    assert decision.code == 2 and "rationale" in decision.err
    assert cli("log", "add", "Not replying to the troll", "--category", "decision",
               "--rationale", "Policy: do not engage").code == 0
    assert cli("log", "add", "later", "--at", "2099-01-01T10:00").code == 2  # the future: refused
    amended = json.loads(cli("log", "amend", entry["id"], "Sky asked about flooding", "--reason", "Wrong outlet",
                             "--json").out)
    assert amended["amends"] == entry["id"]
    missing = cli("log", "amend", "0000000000", "x", "--reason", "y")
    assert missing.code == 2 and "No log entry" in missing.err
    listed = json.loads(cli("log", "list", "--json").out)
    assert [e["seq"] for e in listed] == [1, 2, 3] and all(ENTRY_KEYS <= set(e) for e in listed)
    found = json.loads(cli("log", "search", "flood", "--json").out)
    assert {e["id"] for e in found} == {entry["id"], amended["id"]}
    assert cli("shift", "end", "--handover", "Sky enquiry open; call back").code == 0
    assert cli("log", "verify").code == 0
    out = tmp_path / "shift.pdf"
    assert cli("summary", "--last", "-o", str(out)).code == 0
    text = pdf_text(out)
    for needle in ("BBC asked about flooding", "Sky asked about flooding", "Wrong outlet",
                   "Policy: do not engage", "Sky enquiry open; call back"):
        assert needle in text
    shift_id = listed[0]["shift_id"]
    assert cli("summary", "--shift", shift_id, "-o", str(tmp_path / "again.pdf")).code == 0
    by_date = json.loads(cli("log", "list", "--from", "2000-01-01", "--to", "2099-12-31", "--json").out)
    assert len(by_date) == 5  # three entries, the handover note, finished safely


def test_verify_exits_1_and_names_an_entry_altered_in_the_database(cli, data_dir):
    cli("setup", "--officer", "Sam Night")
    cli("shift", "start")
    first = json.loads(cli("log", "add", "Posted road closure", "--json").out)
    cli("log", "add", "Replied to resident")
    with sqlite3.connect(data_dir / "dutydesk.sqlite3") as conn:
        conn.execute("UPDATE log_entry SET text = 'Posted nothing' WHERE id = ?", (first["id"],))
    result = cli("log", "verify")
    assert result.code == 1 and first["id"] in result.err


def test_report_pdf_and_csv_for_a_period(ctx, tmp_path):
    service.start_shift(ctx)
    service.add_entry(ctx, "Gritting post", category="post", channel="x")
    service.add_entry(ctx, "Gritting post FB", category="post", channel="facebook")
    service.add_entry(ctx, "Council tax question", category="reply", channel="facebook", is_open=True)
    service.end_shift(ctx, handover="All quiet")
    today = service.last_shift(ctx).started_at.astimezone(reports.local_zone()).date()
    csv_path = reports.write_period_report(ctx, today, today, tmp_path / "r.csv")
    with open(csv_path, encoding="utf-8-sig") as handle:
        rows = {(r["section"], r["item"]): r["value"] for r in csv.DictReader(handle)}
    assert rows[("total", "entries")] == "5" and rows[("total", "shifts")] == "1"
    assert rows[("channel", "Facebook")] == "2" and rows[("category", "Post published")] == "2"
    assert rows[("total", "open items")] == "1"
    pdf_path = reports.write_period_report(ctx, today, today, tmp_path / "r.pdf")
    text = pdf_text(pdf_path)
    assert "Entries per channel" in text and "Busiest hours" in text and "Council tax question" in text
    assert "Test Officer" in text


def test_bad_report_requests_write_nothing(cli, data_dir, tmp_path):
    cli("setup", "--officer", "Sam Night")
    bad = cli("report", "--from", "2026-11-30", "--to", "2026-11-01", "-o", str(tmp_path / "r.pdf"))
    assert bad.code == 2 and "ends before" in bad.err
    assert cli("report", "--from", "2026-11-01", "--to", "2026-11-30", "-o", str(tmp_path / "r.txt")).code == 2
    assert cli("summary", "-o", str(tmp_path / "s.pdf")).code == 2  # no shift yet
    assert list(tmp_path.iterdir()) == [data_dir]


def test_checkins_open_items_and_status_from_the_command_line(cli, data_dir):
    cli("setup", "--officer", "Sam Night")
    assert cli("shift", "checkins", "--every", "45", "--contact", "Duty manager 07700 900123").code == 0
    started = json.loads(cli("shift", "start", "--json").out)
    status = json.loads(cli("shift", "status", "--json").out)
    assert status["shift"]["id"] == started["id"] and status["checkin"]["state"] == "ok"
    assert status["checkin"]["contact"] == "Duty manager 07700 900123"
    assert cli("shift", "checkin").code == 0
    item = json.loads(cli("log", "add", "Sky wants a statement", "--open", "--due", "2026-12-01", "--json").out)
    assert [e["id"] for e in json.loads(cli("log", "open", "--json").out)] == [item["id"]]
    assert cli("log", "close", item["id"], "--note", "Statement sent").code == 0
    assert json.loads(cli("log", "open", "--json").out) == []
    assert cli("log", "add", "x", "--due", "2026-12-01").code == 2  # a due date needs --open
