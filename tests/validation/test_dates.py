"""Dates at the edge: a typo such as 0226 for 2026 is refused on every input path and
nothing is stored; what is stored is always four-digit, fixed-width UTC text."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import ValidationError
from app.rota import service as rota
from app.shiftlog import service as shiftlog
from app.shiftlog.models import Shift
from app.shiftlog.verify import verify
from app.validation import dates

UTC = dt.timezone.utc
LONDON = dt.timezone(dt.timedelta(hours=0))


@given(st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30), timezones=st.just(UTC)))
def test_stored_text_is_fixed_width_and_reads_back(value):
    text = dates.to_utc_text(value)
    assert len(text) == len("2026-11-23T20:05:00.000000+00:00")
    assert dates.from_utc_text(text) == value


@given(st.lists(st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30), timezones=st.just(UTC)),
                min_size=2, max_size=5))
def test_stored_text_sorts_as_time_sorts(values):
    assert sorted(values) == sorted(values, key=dates.to_utc_text)


@pytest.mark.parametrize("typed", ["0226-11-23T20:05", "226-11-23T20:05", "2201-01-01T00:00", "1899-12-31T23:59",
                                   "20026-11-23T20:05", "2026-13-01T00:00", "yesterday"])
def test_typos_are_refused_with_one_plain_line(typed):
    with pytest.raises(ValidationError) as caught:
        dates.parse_datetime(typed, LONDON)
    assert "\n" not in str(caught.value)


@given(st.datetimes(min_value=dt.datetime(1900, 1, 2), max_value=dt.datetime(2200, 12, 30)))
def test_every_plausible_time_is_accepted(value):
    parsed = dates.parse_datetime(value.isoformat(), UTC)
    assert parsed == value.replace(tzinfo=UTC)


def test_the_column_type_refuses_an_out_of_range_time(ctx):
    with pytest.raises(ValidationError, match="out of range"):
        with ctx.write() as session:
            session.add(Shift(officer="Ann", started_at=dt.datetime(226, 11, 23, 20, 5, tzinfo=UTC)))
    with ctx.read() as session:
        assert session.query(Shift).count() == 0


def test_services_refuse_out_of_range_dates(make_ctx):
    ctx = make_ctx("a", "Ann Able")
    with pytest.raises(ValidationError, match="out of range"):
        shiftlog.add_entry(ctx, "x", event_at=dt.datetime(226, 11, 23, 20, 5, tzinfo=UTC))
    with pytest.raises(ValidationError, match="out of range"):
        shiftlog.add_entry(ctx, "x", is_open=True, due=dt.date(2260, 1, 1))
    with pytest.raises(ValidationError, match="out of range"):
        rota.add_leave(ctx, "Ann Able", dt.date(226, 1, 1), dt.date(226, 1, 2))
    assert shiftlog.list_entries(ctx, where=shiftlog.EntryFilter()) == []


def test_cli_refuses_the_poison_date_and_stores_nothing(cli):
    assert cli("setup", "--officer", "Ann Able").code == 0
    result = cli("log", "add", "x", "--at", "0226-11-23T20:05")
    assert result.code == 2
    assert result.err.strip().count("\n") == 0 and "out of range" in result.err and "Traceback" not in result.err
    assert cli("rota", "leave", "add", "Ann Able", "--from", "0226-01-01", "--to", "0226-01-02").code == 2
    assert json.loads(cli("log", "list", "--json").out) == []
    assert cli("log", "verify").code == 0


def test_a_poison_date_stored_by_an_older_version_no_longer_breaks_the_log(ctx):
    entry = shiftlog.add_entry(ctx, "typo", event_at=dt.datetime(2026, 11, 23, 20, 5, tzinfo=UTC))
    with sqlite3.connect(ctx.db_path) as conn:  # what the old strftime('%Y') wrote
        conn.execute("UPDATE log_entry SET event_at = '226-11-23T20:05:00.000000+00:00' WHERE id = ?", (entry.id,))
    listed = shiftlog.list_entries(ctx, where=shiftlog.EntryFilter())
    assert listed[0].event_at.year == 226
    shiftlog.add_entry(ctx, "the log still takes entries")
    result = verify(ctx)  # reads fine; the changed time is a changed fact, reported, not a crash
    assert not result.ok and result.problems[0].entry_id == entry.id


POISON_PATHS = [
    ("shift", "start", "--at", "0226-11-23T18:00"),
    ("log", "add", "x", "--at", "0226-11-23T20:05"),
    ("log", "add", "x", "--open", "--due", "0226-11-30"),
    ("rota", "add", "--start", "0226-11-23T18:00", "--end", "0226-11-23T23:00"),
    ("rota", "add", "--start", "2026-11-23T18:00", "--end", "2260-11-23T23:00"),
    ("rota", "now", "--at", "0226-11-23T18:00"),
    ("rota", "apply", "early-late", "--start", "0226-11-23", "--weeks", "1", "--officers", "Ann Able"),
    ("rota", "leave", "add", "Ann Able", "--from", "0226-01-01", "--to", "0226-01-02"),
    ("rota", "show", "--from", "0226-01-01", "--to", "0226-01-02"),
    ("report", "--from", "0226-01-01", "--to", "0226-01-02", "--output", "r.csv"),
]


@pytest.mark.parametrize("args", POISON_PATHS, ids=lambda a: " ".join(a[:2]))
def test_every_command_line_date_refuses_the_poison_year(cli, args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli("setup", "--officer", "Ann Able").code == 0
    result = cli(*args)
    assert result.code == 2, result.out + result.err
    assert "out of range" in result.err and result.err.strip().count("\n") == 0
    assert json.loads(cli("log", "list", "--json").out) == []
    assert cli("log", "verify").code == 0


def test_window_date_inputs_stop_at_the_valid_years(qtbot):
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QDateEdit

    from ui.date_inputs import limit_to_valid_dates

    edit = limit_to_valid_dates(QDateEdit(QDate(2026, 11, 23)))
    qtbot.addWidget(edit)
    edit.setDate(QDate(226, 11, 23))
    assert edit.date().year() == dates.MIN_YEAR
    edit.setDate(QDate(2600, 1, 1))
    assert edit.date().year() == dates.MAX_YEAR


def test_a_poison_entry_written_by_an_older_version_still_verifies(make_ctx, monkeypatch):
    """What the old version did: one chain per shift, no range check, strftime('%Y') years."""
    from app.db import types, values
    from app.shiftlog import chain

    ctx = make_ctx("a", "Ann Able")
    old_text = lambda v: v.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")  # noqa: E731
    monkeypatch.setattr(chain, "chain_key", lambda shift_id, officer, device: shift_id or f"outside:{officer}:{device}")
    monkeypatch.setattr(chain, "genesis", lambda key, shift: chain.GENESIS)
    monkeypatch.setattr(dates, "in_range", lambda value: True)
    monkeypatch.setattr(dates, "check_datetime", lambda value, what="": value)
    monkeypatch.setattr(types, "to_utc_text", old_text)
    monkeypatch.setattr(values, "to_utc_text", old_text)
    poison = shiftlog.add_entry(ctx, "x", event_at=dt.datetime(226, 11, 23, 20, 5, tzinfo=UTC))
    monkeypatch.undo()
    with sqlite3.connect(ctx.db_path) as conn:
        stored = conn.execute("SELECT event_at FROM log_entry WHERE id = ?", (poison.id,)).fetchone()[0]
    assert stored.startswith("226-11-23T")  # the poison as the issue found it
    shiftlog.add_entry(ctx, "log add works again")
    assert [e.text for e in shiftlog.list_entries(ctx, where=shiftlog.EntryFilter())][-1] == "log add works again"
    result = verify(ctx)
    assert result.ok, [p.describe() for p in result.problems]
