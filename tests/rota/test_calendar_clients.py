"""The exported calendar reads the same in three independent parsers, across both clock changes.

icalendar (Python), vobject (Python, PyPI) and ical.js (JavaScript, npm: the library
behind Thunderbird and many web calendars, run with the machine's node) each read the
exported file; every event's local wall-clock time and UTC instant must equal what
``zoneinfo`` says. ical.js is installed reproducibly from ``tests/rota/icaljs``
(package.json + package-lock.json, ``npm ci``) into a cache folder keyed by the lock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from app.rota import calendar_feed, ics, service
from app.rota.vtimezone import vtimezone

LONDON = ZoneInfo("Europe/London")
UTC = dt.timezone.utc
ICALJS = Path(__file__).parent / "icaljs"


@pytest.fixture(scope="session")
def icaljs_reader(tmp_path_factory) -> Path:
    """``read_ics.mjs`` beside a node_modules installed with ``npm ci`` from the lock file."""
    node, npm = shutil.which("node"), shutil.which("npm")
    assert node and npm, "node and npm are needed (Makefile SYSTEM_PACKAGES: nodejs)"
    lock = (ICALJS / "package-lock.json").read_bytes()
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "dutydesk-tests"
    folder = cache / f"icaljs-{hashlib.sha256(lock).hexdigest()[:16]}"
    if not (folder / "node_modules" / "ical.js").is_dir():
        staging = tmp_path_factory.mktemp("icaljs")
        for name in ("package.json", "package-lock.json"):
            shutil.copy(ICALJS / name, staging / name)
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=staging, check=True,
                       capture_output=True, timeout=300)
        folder.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(staging, folder)
    shutil.copy(ICALJS / "read_ics.mjs", folder / "read_ics.mjs")
    return folder / "read_ics.mjs"


def expected(shift) -> dict[str, str]:  # type: ignore[no-untyped-def]
    start, end = shift.start.astimezone(LONDON), shift.end.astimezone(LONDON)
    return {
        "start_local": start.strftime("%Y-%m-%dT%H:%M"), "end_local": end.strftime("%Y-%m-%dT%H:%M"),
        "start_utc": shift.start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M"),
        "end_utc": shift.end.astimezone(UTC).strftime("%Y-%m-%dT%H:%M"),
    }


def _row(uid: str, start: dt.datetime, end: dt.datetime) -> tuple[str, dict[str, str]]:
    return uid, {
        "start_local": start.strftime("%Y-%m-%dT%H:%M"), "end_local": end.strftime("%Y-%m-%dT%H:%M"),
        "start_utc": start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M"),
        "end_utc": end.astimezone(UTC).strftime("%Y-%m-%dT%H:%M"),
    }


def read_icalendar(path: Path) -> dict[str, dict[str, str]]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return dict(_row(str(e["uid"]), e.decoded("dtstart"), e.decoded("dtend")) for e in cal.walk("VEVENT"))


def read_vobject(path: Path) -> dict[str, dict[str, str]]:
    cal = vobject.readOne(path.read_text(encoding="utf-8"))
    return dict(_row(e.uid.value, e.dtstart.value, e.dtend.value) for e in cal.vevent_list)


def read_icaljs(path: Path, reader: Path) -> dict[str, dict[str, str]]:
    done = subprocess.run([shutil.which("node"), str(reader), str(path)], capture_output=True, text=True,
                          check=True, timeout=60)
    out = {}
    for event in json.loads(done.stdout):
        assert event["tzid"] == "Europe/London"
        out[event["uid"]] = {
            "start_local": event["start_local"], "end_local": event["end_local"],
            "start_utc": event["start_utc"][:16], "end_utc": event["end_utc"][:16],
        }
    return out


def _shift(ctx, who: str, start: str, end: str, kind: str):  # type: ignore[no-untyped-def]
    def at(text: str) -> dt.datetime:
        return dt.datetime.fromisoformat(text).replace(tzinfo=LONDON)

    return service.add_shift(ctx, officer=who, start=at(start), end=at(end), kind=kind)


@pytest.fixture
def seasons(ctx):  # type: ignore[no-untyped-def]
    """Shifts in winter, summer, and across both clock changes of 2026 and 2027."""
    from app.team.service import ensure_officer

    ensure_officer(ctx, "Alex Morgan")
    return [
        _shift(ctx, "Alex Morgan", "2026-01-15T07:00", "2026-01-15T15:00", "early"),  # GMT
        _shift(ctx, "Alex Morgan", "2026-03-28T22:00", "2026-03-29T07:00", "night"),  # clocks go forward inside
        _shift(ctx, "Alex Morgan", "2026-03-30T07:00", "2026-03-30T15:00", "early"),  # first BST Monday
        _shift(ctx, "Alex Morgan", "2026-07-01T14:00", "2026-07-01T22:00", "late"),  # BST
        _shift(ctx, "Alex Morgan", "2026-10-24T22:00", "2026-10-25T07:00", "night"),  # clocks go back inside
        _shift(ctx, "Alex Morgan", "2026-10-26T07:00", "2026-10-26T15:00", "early"),  # first GMT Monday
        _shift(ctx, "Alex Morgan", "2027-03-27T22:00", "2027-03-28T07:00", "night"),  # next year's change
        _shift(ctx, "Alex Morgan", "2027-12-24T14:00", "2027-12-24T22:00", "late"),
    ]


def test_three_parsers_agree_with_zoneinfo_across_both_clock_changes(ctx, seasons, tmp_path, icaljs_reader):
    path, count = calendar_feed.export_whole_rota(ctx, tmp_path / "alex.ics", officer="Alex Morgan")
    assert count == len(seasons)
    want = {ics.shift_uid(s.id): expected(s) for s in seasons}
    assert want[ics.shift_uid(seasons[1].id)]["end_utc"] == "2026-03-29T06:00"  # 07:00 BST
    assert want[ics.shift_uid(seasons[4].id)]["start_utc"] == "2026-10-24T21:00"  # 22:00 BST
    assert read_icalendar(path) == want
    assert read_vobject(path) == want
    assert read_icaljs(path, icaljs_reader) == want


def test_vtimezone_is_in_the_form_outlook_and_google_write(ctx, seasons, tmp_path):
    path, _ = ics.export_ics(ctx, tmp_path / "a.ics", dt.date(2026, 1, 1), dt.date(2027, 12, 31))
    tz = icalendar.Calendar.from_ical(path.read_bytes()).walk("VTIMEZONE")[0]
    parts = {p.name: p for p in tz.subcomponents}
    assert set(parts) == {"DAYLIGHT", "STANDARD"} and len(tz.subcomponents) == 2
    assert "RDATE" not in path.read_text()
    daylight, standard = parts["DAYLIGHT"], parts["STANDARD"]
    # RFC 5545: DTSTART is the local time before the change: 01:00 GMT, 02:00 BST
    assert daylight.decoded("dtstart").time() == dt.time(1, 0)
    assert standard.decoded("dtstart").time() == dt.time(2, 0)
    assert daylight["rrule"]["BYDAY"] == ["-1SU"] and daylight["rrule"]["BYMONTH"] == [3]
    assert standard["rrule"]["BYDAY"] == ["-1SU"] and standard["rrule"]["BYMONTH"] == [10]
    assert (daylight.decoded("tzoffsetfrom"), daylight.decoded("tzoffsetto")) == (dt.timedelta(0), dt.timedelta(hours=1))


@pytest.mark.parametrize("zone", ["America/New_York", "Australia/Sydney", "Europe/Dublin", "Asia/Tokyo"])
def test_vtimezone_rules_reproduce_zoneinfo_for_other_zones(zone, tmp_path, icaljs_reader):
    """Any zone: events on both sides of each change read back (ical.js) as zoneinfo says."""
    tzinfo = ZoneInfo(zone)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//test//EN")
    cal.add("version", "2.0")
    cal.add_component(vtimezone(tzinfo, 2026, 2027))
    want = {}
    instants = [dt.datetime(2026, m, d, h, tzinfo=UTC) for m in (1, 3, 4, 7, 10, 11) for d in (1, 8, 15, 28) for h in (0, 15)]
    for n, instant in enumerate(instants):
        local = instant.astimezone(tzinfo)
        event = icalendar.Event()
        event.add("uid", f"e{n}")
        event.add("dtstamp", instant)
        event.add("dtstart", local)
        event.add("dtend", (instant + dt.timedelta(hours=1)).astimezone(tzinfo))
        cal.add_component(event)
        want[f"e{n}"] = (local.strftime("%Y-%m-%dT%H:%M"), instant.strftime("%Y-%m-%dT%H:%M"))
    path = tmp_path / "z.ics"
    path.write_bytes(cal.to_ical())
    done = subprocess.run([shutil.which("node"), str(icaljs_reader), str(path)], capture_output=True, text=True,
                          check=True, timeout=60)
    got = {e["uid"]: (e["start_local"], e["start_utc"][:16]) for e in json.loads(done.stdout)}
    assert got == want
    from_vobject = {e.uid.value: (e.dtstart.value.strftime("%Y-%m-%dT%H:%M"),
                                  e.dtstart.value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M"))
                    for e in vobject.readOne(path.read_text(encoding="utf-8")).vevent_list}
    assert from_vobject == want


def test_a_cancelled_shift_is_titled_properly(ctx, seasons, tmp_path):
    service.remove_shift(ctx, seasons[0].id)
    path, _ = ics.export_ics(ctx, tmp_path / "a.ics", dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    events = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert [(str(e["summary"]), str(e["status"])) for e in events] == [("Cancelled: Early shift (Alex Morgan)", "CANCELLED")]
    assert "(unknown)" not in path.read_text()


def test_live_feeds_on_the_share_follow_the_rota(make_ctx, tmp_path):
    from app.sync import service as sync_service

    share = tmp_path / "share"
    share.mkdir()
    ctx = make_ctx("a", "Alex Morgan")
    sync_service.sync_now(ctx, share)
    today = dt.datetime.now(LONDON).date()
    soon = dt.datetime.combine(today + dt.timedelta(days=3), dt.time(7), LONDON)
    shift = service.add_shift(ctx, officer="Alex Morgan", start=soon, end=soon + dt.timedelta(hours=8), kind="early")
    sync_service.sync_now(ctx, share)
    feed = share / "calendars" / "alex-morgan.ics"
    team = share / "calendars" / "team.ics"
    assert feed.is_file() and team.is_file()
    events = icalendar.Calendar.from_ical(feed.read_bytes()).walk("VEVENT")
    assert [str(e["uid"]) for e in events] == [ics.shift_uid(shift.id)]
    assert "REFRESH-INTERVAL" in feed.read_text()
    service.update_shift(ctx, shift.id, start=soon + dt.timedelta(hours=1), end=soon + dt.timedelta(hours=9))
    sync_service.sync_now(ctx, share)
    moved = icalendar.Calendar.from_ical(feed.read_bytes()).walk("VEVENT")[0]
    assert moved.decoded("dtstart") == soon + dt.timedelta(hours=1)
    before = feed.stat().st_mtime_ns
    sync_service.sync_now(ctx, share)  # nothing changed: the file is left alone
    assert feed.stat().st_mtime_ns == before


def test_feeds_cancel_a_shift_reassigned_away_and_skip_officers_without_shifts(make_ctx, tmp_path):
    from app.sync import service as sync_service
    from app.team.service import ensure_officer

    share = tmp_path / "share"
    share.mkdir()
    ctx = make_ctx("a", "Alex Morgan")
    sync_service.sync_now(ctx, share)
    ensure_officer(ctx, "Sam Hill")
    ensure_officer(ctx, "Nobody Rostered")
    soon = dt.datetime.combine(dt.datetime.now(LONDON).date() + dt.timedelta(days=2), dt.time(16), LONDON)
    shift = service.add_shift(ctx, officer="Alex Morgan", start=soon, end=soon + dt.timedelta(hours=6), kind="late")
    calendar_feed.publish_feeds(ctx, share)
    service.update_shift(ctx, shift.id, officer="Sam Hill")
    calendar_feed.publish_feeds(ctx, share)
    folder = share / "calendars"
    alex = icalendar.Calendar.from_ical((folder / "alex-morgan.ics").read_bytes()).walk("VEVENT")
    sam = icalendar.Calendar.from_ical((folder / "sam-hill.ics").read_bytes()).walk("VEVENT")
    assert [(str(e["uid"]), str(e["status"])) for e in alex] == [(ics.shift_uid(shift.id), "CANCELLED")]
    assert [str(e["uid"]) for e in sam] == [ics.shift_uid(shift.id)] and str(sam[0].get("status", "")) != "CANCELLED"
    team = icalendar.Calendar.from_ical((folder / "team.ics").read_bytes()).walk("VEVENT")
    assert [str(e["summary"]) for e in team] == ["Late shift: Sam Hill"]
    assert not (folder / "nobody-rostered.ics").exists()


def test_cli_exports_the_whole_rota_and_refuses_half_a_period(cli, tmp_path):
    assert cli("setup", "--officer", "Alex Morgan").code == 0
    assert cli("rota", "add", "--officer", "Alex Morgan", "--start", "2026-01-05T07:00", "--end", "2026-01-05T15:00",
               "--kind", "early").code == 0
    assert cli("rota", "add", "--officer", "Alex Morgan", "--start", "2027-06-05T07:00", "--end", "2027-06-05T15:00",
               "--kind", "early").code == 0
    result = cli("rota", "export-ics", "--all", "-o", str(tmp_path / "all.ics"))
    assert result.code == 0 and "Wrote 2 shift(s)" in result.out
    refused = cli("rota", "export-ics", "--from", "2026-01-01", "-o", str(tmp_path / "x.ics"))
    assert refused.code == 2 and not (tmp_path / "x.ics").exists()
