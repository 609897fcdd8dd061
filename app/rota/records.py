"""Plain values the rota services return (never ORM rows)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

LATE_KINDS = frozenset({"late", "night"})
LEAVE_KINDS = ("annual", "sick", "training")


@dataclass(frozen=True)
class ShiftInfo:
    id: str
    officer_id: str | None
    officer: str | None  # name; None = open shift
    kind: str
    start: dt.datetime  # aware UTC
    end: dt.datetime
    unpaid_break_minutes: int = 0
    pattern: str | None = None
    note: str = ""

    @property
    def elapsed_minutes(self) -> float:
        """Real elapsed time between the two instants (a clock change counts)."""
        return (self.end - self.start).total_seconds() / 60

    @property
    def elapsed_hours(self) -> float:
        return round(self.elapsed_minutes / 60, 2)

    @property
    def paid_hours(self) -> float:
        return round((self.elapsed_minutes - self.unpaid_break_minutes) / 60, 2)

    def local_start(self, zone: dt.tzinfo) -> dt.datetime:
        return self.start.astimezone(zone)

    def local_end(self, zone: dt.tzinfo) -> dt.datetime:
        return self.end.astimezone(zone)

    def local_day(self, zone: dt.tzinfo) -> dt.date:
        return self.start.astimezone(zone).date()

    def is_weekend(self, zone: dt.tzinfo) -> bool:
        return self.local_day(zone).weekday() >= 5

    def is_late(self) -> bool:
        return self.kind in LATE_KINDS

    def label(self, zone: dt.tzinfo) -> str:
        start, end = self.local_start(zone), self.local_end(zone)
        return f"{self.kind} {start:%a %d %b %H:%M}-{end:%H:%M}"

    def human_label(self, zone: dt.tzinfo) -> str:
        """How a person says it: "Late, Tue 1 Dec 16:30-22:00"."""
        start, end = self.local_start(zone), self.local_end(zone)
        kind = self.kind[:1].upper() + self.kind[1:]
        return f"{kind}, {start:%a} {start.day} {start:%b %H:%M}-{end:%H:%M}"

    def as_json(self, zone: dt.tzinfo, *, bank_holiday: str | None = None) -> dict[str, Any]:
        return {
            "id": self.id,
            "officer": self.officer,
            "kind": self.kind,
            "start": self.local_start(zone).isoformat(),
            "end": self.local_end(zone).isoformat(),
            "elapsed_hours": self.elapsed_hours,
            "paid_hours": self.paid_hours,
            "unpaid_break_minutes": self.unpaid_break_minutes,
            "pattern": self.pattern,
            "weekend": self.is_weekend(zone),
            "bank_holiday": bank_holiday,
            "note": self.note,
        }


@dataclass(frozen=True)
class LeaveInfo:
    id: str
    officer_id: str
    officer: str
    start_date: dt.date
    end_date: dt.date  # included
    kind: str
    note: str = ""

    def covers(self, day: dt.date) -> bool:
        return self.start_date <= day <= self.end_date

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "officer": self.officer, "from": self.start_date.isoformat(),
            "to": self.end_date.isoformat(), "kind": self.kind, "note": self.note,
        }


@dataclass(frozen=True)
class Finding:
    rule: str  # coverage-gap, coverage-overlap, needs-cover, rest, double-booked, weekly-rest, break,
    #            average-hours, fairness
    severity: str  # error | warning | info
    start: dt.datetime
    officers: tuple[str, ...]
    message: str
    end: dt.datetime | None = None
    shift_ids: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()

    def as_json(self, zone: dt.tzinfo) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "start": self.start.astimezone(zone).isoformat(),
            "end": self.end.astimezone(zone).isoformat() if self.end else None,
            "officers": list(self.officers),
            "message": self.message,
            "shift_ids": list(self.shift_ids),
            "candidates": list(self.candidates),
        }


@dataclass(frozen=True)
class FairnessRow:
    officer: str
    shifts: int
    hours: float
    weekends: int
    lates: int
    bank_holidays: int

    def as_json(self) -> dict[str, Any]:
        return {
            "officer": self.officer, "shifts": self.shifts, "hours": self.hours,
            "weekends": self.weekends, "lates": self.lates, "bank_holidays": self.bank_holidays,
        }


@dataclass(frozen=True)
class CheckReport:
    start_date: dt.date
    end_date: dt.date
    findings: tuple[Finding, ...]
    fairness: tuple[FairnessRow, ...] = ()
    bank_holidays: dict[dt.date, str] = field(default_factory=dict)

    def by_rule(self, rule: str) -> list[Finding]:
        return [f for f in self.findings if f.rule == rule]

    def as_json(self, zone: dt.tzinfo) -> dict[str, Any]:
        return {
            "from": self.start_date.isoformat(),
            "to": self.end_date.isoformat(),
            "findings": [f.as_json(zone) for f in self.findings],
            "fairness": [row.as_json() for row in self.fairness],
            "bank_holidays": {d.isoformat(): name for d, name in sorted(self.bank_holidays.items())},
        }
