"""Shift patterns: a cycle of N weeks, each with shifts on given weekdays.

A pattern is plain data (JSON), validated here and expanded into dated shifts. The
built-in ``four-week-out-of-hours`` ships in ``resources/rota``; teams save their own
patterns (any length, any times, overnight shifts) as shared rows.

Rotation: officer ``i`` of the list works pattern week ``(w + i) mod N`` in calendar
week ``w``, so officers start one week apart and each week every block is covered once.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from app.errors import ValidationError
from app.resources import resource_path
from app.validation import names as name_check

BUILTIN_NAME = "four-week-out-of-hours"
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
KINDS = ("early", "late", "day", "night", "on-call")
DAY_MINUTES = 24 * 60


@dataclass(frozen=True)
class SlotSpec:
    """One shift of the cycle: pattern week (1-based), weekday (0 = Monday), local times."""

    week: int
    weekday: int
    kind: str
    start: str  # "HH:MM"
    end: str  # "HH:MM"; at or before start means the next day; "24:00" is midnight
    unpaid_break_minutes: int = 0

    @property
    def start_minute(self) -> int:
        return parse_clock(self.start)

    @property
    def length_minutes(self) -> int:
        """Nominal (wall-clock) length; real elapsed time also depends on clock changes."""
        start, end = parse_clock(self.start), parse_clock(self.end)
        return end - start if end > start else end + DAY_MINUTES - start

    @property
    def nominal_paid_hours(self) -> float:
        return (self.length_minutes - self.unpaid_break_minutes) / 60


@dataclass(frozen=True)
class PatternSpec:
    name: str
    weeks: int
    slots: tuple[SlotSpec, ...]
    title: str = ""
    description: str = ""
    builtin: bool = False
    service_windows: dict[str, list[list[str]]] = field(default_factory=dict)

    def weekly_paid_hours(self) -> list[float]:
        totals = [0.0] * self.weeks
        for slot in self.slots:
            totals[slot.week - 1] += slot.nominal_paid_hours
        return [round(t, 2) for t in totals]

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "weeks": self.weeks,
            "builtin": self.builtin,
            "shifts": [
                {
                    "week": s.week, "days": [DAY_NAMES[s.weekday]], "kind": s.kind, "start": s.start,
                    "end": s.end, "unpaid_break_minutes": s.unpaid_break_minutes,
                }
                for s in self.slots
            ],
            "weekly_paid_hours": self.weekly_paid_hours(),
            "service_windows": self.service_windows,
        }


def parse_clock(text: str) -> int:
    """Minutes after midnight of "HH:MM" ("24:00" allowed as an end)."""
    try:
        hours, minutes = (int(part) for part in str(text).strip().split(":"))
    except ValueError:
        raise ValidationError(f"{text!r} is not a time of day; write it as HH:MM, e.g. 07:00.") from None
    if not (0 <= minutes < 60 and (0 <= hours < 24 or (hours == 24 and minutes == 0))):
        raise ValidationError(f"{text!r} is not a time of day between 00:00 and 24:00.")
    return hours * 60 + minutes


def format_clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _clean_name(name: Any) -> str:
    text = name_check.name(str(name or ""), what="The pattern name", max_length=100) if str(name or "").strip() else ""
    if not text:
        raise ValidationError("A pattern needs a name.")
    if len(text) > 100:
        raise ValidationError("A pattern name must be at most 100 characters.")
    return text


def pattern_from_json(data: dict[str, Any], *, builtin: bool = False) -> PatternSpec:
    """Validate a pattern definition; a clear ``ValidationError`` names what is wrong."""
    if not isinstance(data, dict):
        raise ValidationError("A pattern must be a JSON object with name, weeks and shifts.")
    name = _clean_name(data.get("name"))
    try:
        weeks = int(data.get("weeks", 0))
    except (TypeError, ValueError):
        raise ValidationError(f"Pattern {name!r}: weeks must be a whole number.") from None
    if not 1 <= weeks <= 52:
        raise ValidationError(f"Pattern {name!r}: weeks must be between 1 and 52, not {weeks}.")
    raw_shifts = data.get("shifts")
    if not isinstance(raw_shifts, list) or not raw_shifts:
        raise ValidationError(f"Pattern {name!r} has no shifts.")
    slots: list[SlotSpec] = []
    for number, raw in enumerate(raw_shifts, start=1):
        where = f"Pattern {name!r}, shift {number}"
        if not isinstance(raw, dict):
            raise ValidationError(f"{where}: must be an object with week, days, start and end.")
        try:
            week = int(raw.get("week", 0))
        except (TypeError, ValueError):
            raise ValidationError(f"{where}: week must be a number.") from None
        if not 1 <= week <= weeks:
            raise ValidationError(f"{where}: week {week} is outside the pattern's 1-{weeks}.")
        days = raw.get("days") or ([raw["day"]] if raw.get("day") else [])
        if not days:
            raise ValidationError(f"{where}: say which days (mon..sun).")
        raw_kind = str(raw.get("kind", "day"))
        kind = name_check.name(raw_kind, what=f"{where}: the shift type").lower() if raw_kind.strip() else "day"
        if len(kind) > 30:
            raise ValidationError(f"{where}: the shift type name is too long.")
        start, end = str(raw.get("start", "")), str(raw.get("end", ""))
        start_m, end_m = parse_clock(start), parse_clock(end)
        if start_m == DAY_MINUTES:
            raise ValidationError(f"{where}: a shift cannot start at 24:00; use 00:00.")
        if start_m == end_m % DAY_MINUTES and end_m != DAY_MINUTES:
            raise ValidationError(f"{where}: starts and ends at {start}: a shift cannot be zero-length.")
        try:
            unpaid = int(raw.get("unpaid_break_minutes", 0) or 0)
        except (TypeError, ValueError):
            raise ValidationError(f"{where}: unpaid_break_minutes must be a number.") from None
        for day in days:
            key = str(day).strip().lower()[:3]
            if key not in DAY_NAMES:
                raise ValidationError(f"{where}: {day!r} is not a day; use mon, tue, wed, thu, fri, sat or sun.")
            slot = SlotSpec(week, DAY_NAMES.index(key), kind, format_clock(start_m), format_clock(end_m), unpaid)
            if not 0 <= unpaid < slot.length_minutes:
                raise ValidationError(f"{where}: the unpaid break must be shorter than the shift.")
            slots.append(slot)
    slots.sort(key=lambda s: (s.week, s.weekday, s.start_minute))
    _refuse_overlaps(name, weeks, slots)
    windows = data.get("service_windows") or {}
    if windows:
        validate_windows(windows)
    return PatternSpec(
        name=name, weeks=weeks, slots=tuple(slots), title=str(data.get("title", "") or ""),
        description=str(data.get("description", "") or ""), builtin=builtin, service_windows=windows,
    )


def _refuse_overlaps(name: str, weeks: int, slots: list[SlotSpec]) -> None:
    """Within one line of the cycle, shifts are worked by the same officer: they cannot overlap."""
    cycle = weeks * 7 * DAY_MINUTES
    spans = []
    for slot in slots:
        begin = ((slot.week - 1) * 7 + slot.weekday) * DAY_MINUTES + slot.start_minute
        spans.append((begin, begin + slot.length_minutes, slot))
    spans.sort(key=lambda item: item[0])
    for (a_start, a_end, a), (b_start, _b_end, b) in zip(spans, spans[1:] + spans[:1]):
        if b_start < a_start:  # wrap around into the next cycle
            b_start += cycle
        if b is not a and b_start < a_end:
            raise ValidationError(
                f"Pattern {name!r}: week {a.week} {DAY_NAMES[a.weekday]} {a.start}-{a.end} overlaps "
                f"week {b.week} {DAY_NAMES[b.weekday]} {b.start}-{b.end} (one officer works both)."
            )


def validate_windows(windows: Any) -> dict[str, list[list[str]]]:
    if not isinstance(windows, dict):
        raise ValidationError("Service windows must map weekday/weekend/bank_holiday to [start, end] pairs.")
    cleaned: dict[str, list[list[str]]] = {}
    for key in ("weekday", "weekend", "bank_holiday"):
        pairs = windows.get(key, [])
        out = []
        for pair in pairs:
            if not isinstance(pair, (list, tuple)) or len(pair) != 2:
                raise ValidationError(f"Service window {pair!r} must be [start, end], e.g. [\"07:00\", \"22:00\"].")
            start, end = parse_clock(pair[0]), parse_clock(pair[1])
            if end <= start:
                raise ValidationError(f"Service window {pair[0]}-{pair[1]} must end after it starts (use 24:00).")
            out.append([format_clock(start), format_clock(end)])
        cleaned[key] = sorted(out)
    return cleaned


def builtin_patterns() -> list[PatternSpec]:
    folder = resource_path("rota")
    found = []
    for path in sorted(folder.glob("*.json")):
        found.append(pattern_from_json(json.loads(path.read_text(encoding="utf-8")), builtin=True))
    return found


# --- dates and clocks --------------------------------------------------------------
def local_to_utc(day: dt.date, minute: int, zone: ZoneInfo | dt.tzinfo, *, what: str = "A shift") -> dt.datetime:
    """The UTC instant of a local wall-clock time, refusing times a clock change skips or repeats."""
    naive = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minute)
    return naive_local_to_utc(naive, zone, what=what)


def naive_local_to_utc(naive: dt.datetime, zone: dt.tzinfo, *, what: str = "A shift") -> dt.datetime:
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        back = first.astimezone(dt.timezone.utc).astimezone(zone).replace(tzinfo=None)
        if back != naive:
            raise ValidationError(
                f"{what} at {naive:%a %d %b %Y %H:%M} falls in the hour the clocks go forward: "
                "that local time does not exist. Move it out of 01:00-02:00."
            )
        raise ValidationError(
            f"{what} at {naive:%a %d %b %Y %H:%M} falls in the hour the clocks go back, which happens "
            "twice. Move it out of 01:00-02:00 or give the UTC offset."
        )
    return first.astimezone(dt.timezone.utc)


@functools.lru_cache(maxsize=65536)
def _cached_instant(day: dt.date, minute: int, zone: dt.tzinfo, what: str) -> dt.datetime:
    return local_to_utc(day, minute, zone, what=what)


@dataclass(frozen=True)
class ShiftDraft:
    line: int
    officer_id: str | None
    kind: str
    start: dt.datetime  # aware UTC
    end: dt.datetime
    unpaid_break_minutes: int
    pattern_week: int


def expand(
    pattern: PatternSpec, start: dt.date, weeks: int, lines: list[str | None], zone: dt.tzinfo
) -> list[ShiftDraft]:
    """Dated shifts for ``weeks`` calendar weeks from ``start`` (a Monday).

    ``lines[i]`` is the officer id working line ``i`` (None: an open shift to fill).
    """
    if start.weekday() != 0:
        monday = start - dt.timedelta(days=start.weekday())
        raise ValidationError(
            f"Patterns run Monday to Sunday: start on a Monday (e.g. {monday.isoformat()}), not a "
            f"{start:%A}."
        )
    if not 1 <= weeks <= 260:
        raise ValidationError("--weeks must be between 1 and 260 (five years).")
    by_week: dict[int, list[SlotSpec]] = {}
    for slot in pattern.slots:
        by_week.setdefault(slot.week, []).append(slot)
    drafts: list[ShiftDraft] = []

    def instant(day: dt.date, minute: int, what: str) -> dt.datetime:
        return _cached_instant(day, minute, zone, what)

    for w in range(weeks):
        monday = start + dt.timedelta(weeks=w)
        for i, officer_id in enumerate(lines):
            pattern_week = (w + i) % pattern.weeks + 1
            for slot in by_week.get(pattern_week, []):
                day = monday + dt.timedelta(days=slot.weekday)
                begin = instant(day, slot.start_minute, "A shift")
                finish = instant(day, slot.start_minute + slot.length_minutes, "A shift end")
                drafts.append(
                    ShiftDraft(i, officer_id, slot.kind, begin, finish, slot.unpaid_break_minutes, pattern_week)
                )
    drafts.sort(key=lambda d: (d.start, d.line))
    return drafts
