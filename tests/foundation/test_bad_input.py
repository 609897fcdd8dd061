"""Junk on the command line: one plain line on stderr, exit 2, no traceback, nothing changed.

Each case runs through the real ``dutydesk`` entry point on a set-up data folder whose
database is dumped before and after: the dump must be identical.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import ValidationError
from app.validation import durations, names, numbers, periods, text
from tests.conftest import run_dutydesk


def database_dump(data: Path) -> str:
    conn = sqlite3.connect(data / "dutydesk.sqlite3")
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def ready(cli, data_dir):
    assert cli("setup", "--officer", "Ann Bee").code == 0
    assert cli("log", "add", "first entry").code == 0
    return cli


def _pattern_file(tmp_path: Path, name: str) -> str:
    path = tmp_path / "pattern.json"
    spec = {"name": name, "weeks": 1, "shifts": [{"week": 1, "days": ["mon"], "start": "07:00", "end": "15:00"}]}
    path.write_text(json.dumps(spec), encoding="utf-8")
    return str(path)


FAR = ["--from", "2026-01-01", "--to", "9999-12-31"]
CASES = {
    "log list to 9999-12-31": (["log", "list", *FAR], "9999-12-31"),
    "report to 9999-12-31": (["report", *FAR, "-o", "{tmp}/r.pdf"], "9999-12-31"),
    "rota show to 9999-12-31": (["rota", "show", *FAR], "9999-12-31"),
    "rota check to 9999-12-31": (["rota", "check", *FAR], "9999-12-31"),
    "rota export-ics to 9999-12-31": (["rota", "export-ics", *FAR, "-o", "{tmp}/r.ics"], "9999-12-31"),
    "rota hours to 9999-12-31": (["rota", "hours", *FAR], "9999-12-31"),
    "rota print to 9999-12-31": (["rota", "print", *FAR, "-o", "{tmp}/r.pdf"], "9999-12-31"),
    "rota hours to year 9000": (["rota", "hours", "--from", "2026-01-01", "--to", "9000-01-01"], "9000-01-01"),
    "non-UTF-8 bytes in log text": (["log", "add", "caller said \udcff\udcfe"], "not UTF-8"),
    "ANSI escape in log text": (["log", "add", "\x1b[31mred alert\x1b[0m"], "escape code"),
    "NUL in log text": (["log", "add", "a\x00b"], "NUL"),
    "escape in amend reason": (["log", "amend", "1", "fixed", "--reason", "x\x1b[2J"], "escape code"),
    "rest rule of 1e400": (["rota", "settings", "--rule", "min_daily_rest_hours=1e400"], "ordinary number"),
    "rest rule nan": (["rota", "settings", "--rule", "min_daily_rest_hours=nan"], "ordinary number"),
    "negative rest rule": (["rota", "settings", "--rule", "weekly_rest_hours=-5"], "at least 0"),
    "days per week 2.5": (["rota", "settings", "--rule", "max_days_per_week=2.5"], "whole number"),
    "fill with a negative time limit": (["rota", "fill", "--from", "2026-01-05", "--to", "2026-01-11",
                                         "--time-limit", "-1"], "time limit"),
    "fill with an infinite time limit": (["rota", "fill", "--from", "2026-01-05", "--to", "2026-01-11",
                                          "--time-limit", "1e400"], "time limit"),
    "shift kind with a newline": (["rota", "add", "--officer", "-", "--start", "2026-01-05T07:00",
                                   "--end", "2026-01-05T15:00", "--kind", "early\nlate"], "line break"),
    "NUL in a pattern name": (["rota", "pattern-save", "{pattern:Night\x00shift}"], "NUL"),
    "newline in a pattern name": (["rota", "pattern-save", "{pattern:Night\nshift}"], "line break"),
    "escape code in an officer's name": (["rota", "officers", "--add", "Bea\x1b[31m Khan"], "escape code"),
    "newline in an officer's name": (["rota", "officers", "--add", "Bea\nKhan"], "line break"),
    "rota hours --csv into a folder": (["rota", "hours", "--from", "2026-01-05", "--to", "2026-01-11",
                                        "--csv", "{tmp}"], "is a folder"),
}


@pytest.mark.parametrize("args,words", list(CASES.values()), ids=list(CASES))
def test_junk_gets_one_plain_line_and_changes_nothing(ready, data_dir, tmp_path, args, words):
    def fill(arg: str) -> str:
        if arg.startswith("{pattern:"):
            return _pattern_file(tmp_path, arg[len("{pattern:"):-1])
        return arg.replace("{tmp}", str(tmp_path))

    argv = [fill(a) for a in args]
    before = database_dump(data_dir)
    files_before = sorted(p.name for p in tmp_path.iterdir())
    result = ready(*argv)
    assert result.code == 2, result
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dutydesk: "), result.err
    assert words in lines[0]
    assert "Traceback" not in result.err and "sqlalche" not in result.err
    assert database_dump(data_dir) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == files_before  # no .part or half file


def test_raw_bytes_in_argv_of_a_real_process_are_refused(tmp_path):
    """The real process gets bytes from the OS: log text and a photo's file name."""
    import os
    import subprocess
    import sys

    from PIL import Image

    from tests.conftest import REPO_ROOT

    data = tmp_path / "data"
    assert run_dutydesk("--data-dir", str(data), "setup", "--officer", "Ann").code == 0
    before = database_dump(data)
    photo = os.fsencode(tmp_path) + b"/scene\xff\xfe.jpg"
    Image.new("RGB", (64, 48), "red").save(os.fsdecode(photo))
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    for argv in (
        [b"log", b"add", b"caller said \xff\xfe"],
        [b"photo", b"export", photo, b"--preset", b"instagram-square", b"-o", os.fsencode(out)],
    ):
        done = subprocess.run([sys.executable.encode(), b"-m", b"ui", b"--data-dir", os.fsencode(data), *argv],
                              capture_output=True, env=env, cwd=REPO_ROOT, timeout=120, check=False)
        err = done.stderr.decode("utf-8", "replace")
        assert done.returncode == 2 and len(err.strip().splitlines()) == 1, err
        assert "not UTF-8" in err and "Traceback" not in err
    assert list(out.iterdir()) == []  # no JPEG left behind without a library record
    assert database_dump(data) == before


def test_log_list_shows_escape_codes_from_elsewhere_as_visible_text(ready, data_dir):
    """A record synced from an older laptop may hold ESC: it is shown, not obeyed."""
    conn = sqlite3.connect(data_dir / "dutydesk.sqlite3")
    conn.execute("UPDATE log_entry SET text = ?", ("\x1b[2Jwiped\x07",))
    conn.commit()
    conn.close()
    result = ready("log", "list", "--from", "2000-01-01", "--to", "2100-01-01")
    assert result.code == 0
    assert "\x1b" not in result.out and "\x07" not in result.out
    assert "\\x1b[2Jwiped\\x07" in result.out


# --- the validators themselves ----------------------------------------------------------
@settings(max_examples=200)
@given(st.text(), st.sampled_from(["\x00", "\x1b", "\x07", "\x7f", "\x9b", "\r"]))
def test_free_text_refuses_any_control_character(prefix, control):
    with pytest.raises(ValidationError):
        text.free_text(prefix + "a" + control + "x", what="The text", multiline=False)


@settings(max_examples=200)
@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=200))
def test_free_text_keeps_any_printable_text(value):
    assert text.free_text(value, what="The text") == value.strip()


@given(st.text(max_size=50))
def test_printable_never_lets_a_control_character_through(value):
    shown = text.printable(value)
    assert all(c in "\n\t" or not (ord(c) < 32 or 0x7F <= ord(c) < 0xA0) for c in shown)
    shown.encode("utf-8")  # no lone surrogates either


@pytest.mark.parametrize("value", ["1e400", "-1e400", "nan", "inf", "", "twelve", None])
def test_numbers_refuse_what_is_not_an_ordinary_number(value):
    with pytest.raises(ValidationError):
        numbers.number(value, what="The limit", minimum=0)


def test_durations_and_names_and_periods():
    import datetime as dt

    assert durations.positive_seconds("2.5", what="The time limit") == 2.5
    for junk in ("0", "-1", "1e400", "90000"):
        with pytest.raises(ValidationError):
            durations.positive_seconds(junk, what="The time limit")
    assert names.name("  Early   shift ", what="The shift type") == "Early shift"
    for junk in ("early\nlate", "a\x00b", "\x1b[1m", "   ", "x" * 201, "bad\udcff"):
        with pytest.raises(ValidationError):
            names.name(junk, what="The shift type")
    with pytest.raises(ValidationError, match="past the last date"):
        periods.day_after(dt.date.max)
    with pytest.raises(ValidationError, match="before it starts"):
        periods.period(dt.date(2026, 2, 1), dt.date(2026, 1, 1))
    assert periods.period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))[1] == dt.date(2026, 12, 31)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
