"""A VTIMEZONE in the form Outlook and Google write: one STANDARD and one DAYLIGHT
observance, each with a yearly RRULE.

``icalendar``'s ``add_missing_timezones()`` lists every transition as RDATE values on
one line; ical.js (Thunderbird) and vobject read only the first, stay on summer time
and show winter shifts an hour early. Here the transitions of each year come from
``zoneinfo`` and become rules ("last Sunday of March"): consecutive years that follow the
same rule share one observance, ended with UNTIL when the rule changes. Under RFC 5545
an observance's DTSTART is the local time *before* the change (TZOFFSETFROM), so
Europe/London's summer time starts at 01:00 and ends at 02:00.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import icalendar

UTC = dt.timezone.utc
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Transition:
    at_utc: dt.datetime
    offset_from: dt.timedelta
    offset_to: dt.timedelta
    name: str
    daylight: bool

    @property
    def local_start(self) -> dt.datetime:
        """Wall-clock time of the change, read on the clock before it."""
        return (self.at_utc + self.offset_from).replace(tzinfo=None)

    def rule(self) -> tuple[int, int, int, dt.time, dt.timedelta, dt.timedelta, str]:
        """(month, nth weekday (-1 = last), weekday, time, from, to, name): equal in years
        that follow the same law."""
        local = self.local_start
        days = calendar.monthrange(local.year, local.month)[1]
        nth = -1 if local.day + 7 > days else (local.day - 1) // 7 + 1
        return (local.month, nth, local.weekday(), local.time(), self.offset_from, self.offset_to, self.name)


def transitions(zone: ZoneInfo, year: int) -> list[Transition]:
    """Every change of UTC offset in ``year``, found by bisecting hour steps."""
    found: list[Transition] = []
    start = dt.datetime(year, 1, 1, tzinfo=UTC)
    end = dt.datetime(year + 1, 1, 1, tzinfo=UTC)
    step = dt.timedelta(hours=6)
    here = start
    before = here.astimezone(zone).utcoffset()
    while here < end:
        nxt = min(here + step, end)
        after = nxt.astimezone(zone).utcoffset()
        if after != before:
            low, high = here, nxt
            while high - low > dt.timedelta(minutes=1):
                middle = low + (high - low) / 2
                if middle.astimezone(zone).utcoffset() == before:
                    low = middle
                else:
                    high = middle
            local = high.astimezone(zone)
            # the observance with the larger offset is DAYLIGHT (tzdata calls Irish winter time
            # "negative DST"; clients only need the offsets, and Outlook labels it this way)
            found.append(Transition(high.replace(second=0, microsecond=0), before, after,  # type: ignore[arg-type]
                                    local.tzname() or "", after > before))  # type: ignore[operator]
            before = after
        here = nxt
    return found


def vtimezone(zone: ZoneInfo, first_year: int, last_year: int) -> icalendar.Timezone:
    """The VTIMEZONE covering ``first_year``..``last_year`` (with a year's margin)."""
    tz = icalendar.Timezone()
    tz.add("tzid", zone.key)
    by_kind: dict[bool, list[Transition]] = {True: [], False: []}
    for year in range(first_year - 1, last_year + 2):
        for item in transitions(zone, year):
            by_kind[item.daylight].append(item)
    if not by_kind[True] and not by_kind[False]:
        tz.add_component(_fixed(zone, first_year))
        return tz
    for daylight, items in by_kind.items():
        runs = _runs(items)
        for index, group in enumerate(runs):
            tz.add_component(_observance(group, daylight, last=index == len(runs) - 1))
    return tz


def _runs(items: list[Transition]) -> list[list[Transition]]:
    """Consecutive years that follow one rule."""
    runs: list[list[Transition]] = []
    for item in items:
        if runs and runs[-1][-1].rule() == item.rule() and item.at_utc.year == runs[-1][-1].at_utc.year + 1:
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def _observance(group: list[Transition], daylight: bool, *, last: bool) -> icalendar.cal.Component:
    """One observance; a rule that stops before the span ends gets UNTIL (RFC 5545: in UTC)."""
    part = icalendar.TimezoneDaylight() if daylight else icalendar.TimezoneStandard()
    first = group[0]
    part.add("dtstart", first.local_start)
    part.add("tzoffsetfrom", first.offset_from)
    part.add("tzoffsetto", first.offset_to)
    if first.name:
        part.add("tzname", first.name)
    month, nth, weekday, *_ = first.rule()
    rule: dict[str, object] = {"freq": "yearly", "bymonth": month, "byday": f"{nth}{DAY_CODES[weekday]}"}
    if not last:
        rule["until"] = group[-1].at_utc
    part.add("rrule", rule)
    return part


def _fixed(zone: ZoneInfo, year: int) -> icalendar.cal.Component:
    moment = dt.datetime(year, 1, 1, tzinfo=UTC).astimezone(zone)
    part = icalendar.TimezoneStandard()
    part.add("dtstart", dt.datetime(1970, 1, 1))
    part.add("tzoffsetfrom", moment.utcoffset())
    part.add("tzoffsetto", moment.utcoffset())
    part.add("tzname", moment.tzname() or zone.key)
    return part
