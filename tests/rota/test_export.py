"""Calendar export and printing, read back with real parsers."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from pypdf import PdfReader

from app.errors import ValidationError
from app.rota import ics, pdf, service
from tests.rota.conftest import START, TEAM

LONDON = ZoneInfo("Europe/London")


def _events(path):  # type: ignore[no-untyped-def]
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return cal, [c for c in cal.walk("VEVENT")]


def test_ics_imports_with_london_times_across_a_clock_change(ctx, team, tmp_path):
    monday = dt.date(2026, 3, 23)  # clocks go forward on Sun 29 Mar
    service.apply_pattern(ctx, "four-week-out-of-hours", start=monday, weeks=2, officers=team)
    path, count = ics.export_ics(ctx, tmp_path / "alex.ics", monday, monday + dt.timedelta(days=13), officer="Alex Morgan")
    cal, events = _events(path)
    assert count == len(events) == 7  # week 1: four earlies; week 2: late Fri, Sat and Sun
    assert "BEGIN:VTIMEZONE" in path.read_text() and "TZID:Europe/London" in path.read_text()
    starts = sorted(e.decoded("dtstart") for e in events)
    assert all(str(s.tzinfo) == "Europe/London" for s in starts)
    assert [s.strftime("%H:%M") for s in starts[:4]] == ["07:00"] * 4
    assert starts[0].utcoffset() == dt.timedelta(0)  # GMT in March
    after_change = [s for s in starts if s.date() > dt.date(2026, 3, 29)]
    assert after_change and all(s.utcoffset() == dt.timedelta(hours=1) for s in after_change)  # BST
    assert all(e["summary"].endswith("Alex Morgan") for e in events)


def test_ics_uids_are_stable_so_reimport_updates(seeded, tmp_path):
    end = START + dt.timedelta(days=6)
    first = ics.export_ics(seeded, tmp_path / "a.ics", START, end)[0]
    _, before = _events(first)
    shift = service.list_shifts(seeded, START, START)[0]
    service.update_shift(seeded, shift.id, start=shift.start + dt.timedelta(minutes=30))
    second = ics.export_ics(seeded, tmp_path / "b.ics", START, end)[0]
    _, after = _events(second)
    assert {str(e["uid"]) for e in before} == {str(e["uid"]) for e in after}
    uid = ics.shift_uid(shift.id)
    old = next(e for e in before if str(e["uid"]) == uid)
    new = next(e for e in after if str(e["uid"]) == uid)
    assert int(new["sequence"]) > int(old["sequence"])
    assert new.decoded("dtstart") - old.decoded("dtstart") == dt.timedelta(minutes=30)


def test_ics_cancels_a_shift_reassigned_away(seeded, tmp_path):
    shift = next(s for s in service.list_shifts(seeded, START, START) if s.officer == "Alex Morgan")
    service.update_shift(seeded, shift.id, officer="Bea Khan")
    _, events = _events(ics.export_ics(seeded, tmp_path / "alex.ics", START, START, officer="Alex Morgan")[0])
    assert [(str(e["uid"]), str(e["status"])) for e in events] == [(ics.shift_uid(shift.id), "CANCELLED")]


def test_ics_bad_name_writes_nothing(seeded, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ValidationError):
        ics.export_ics(seeded, out / "rota.txt", START, START)
    with pytest.raises(ValidationError):
        pdf.render_pdf(seeded, out / "rota.pdf", START, START - dt.timedelta(days=1))
    assert list(out.iterdir()) == []


def test_pdf_is_one_landscape_a4_page_per_week(seeded, tmp_path):
    service.add_leave(seeded, "Bea Khan", START + dt.timedelta(days=4), START + dt.timedelta(days=6))
    path, pages = pdf.render_pdf(seeded, tmp_path / "rota.pdf", START, START + dt.timedelta(days=27))
    reader = PdfReader(str(path))
    assert pages == len(reader.pages) == 4
    box = reader.pages[0].mediabox
    assert round(float(box.width)) == 842 and round(float(box.height)) == 595
    first = reader.pages[0].extract_text()
    assert "Mon 05 Jan" in first and "Sun 11 Jan 2026" in first
    for name in TEAM:
        assert name in first
    assert "07:00–12:30" in first and "Needs cover" in first
    assert "Paid h" in first and "22" in first


def test_pdf_thirty_officers_still_one_page_per_week(ctx, tmp_path):
    from app.team.service import ensure_officer

    names = [f"Officer {i:02d}" for i in range(30)]
    for n in names:
        ensure_officer(ctx, n)
    for group in range(0, 28, 4):
        service.apply_pattern(ctx, "four-week-out-of-hours", start=START, weeks=1, officers=names[group:group + 4])
    _, pages = pdf.render_pdf(ctx, tmp_path / "big.pdf", START, START + dt.timedelta(days=6))
    reader = PdfReader(str(tmp_path / "big.pdf"))
    assert pages == len(reader.pages) == 1
    assert "Officer 27" in reader.pages[0].extract_text()
