"""Table models for the rota view: shifts of one officer, and check findings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from app.rota.records import Finding, ShiftInfo
from ui.table_rows import Index, RowsTableModel

SEVERITY_COLOURS = {"error": "#c0392b", "warning": "#b9770e", "info": "#2f6fb3"}


class _RowsModel(RowsTableModel):
    """Rows whose times are shown in the rota's zone."""

    def __init__(self) -> None:
        super().__init__()
        self.zone: dt.tzinfo = dt.timezone.utc

    def _reset(self, rows: list[Any], zone: dt.tzinfo) -> None:
        self.zone = zone
        self.set_rows(rows)


class ShiftTableModel(_RowsModel):
    HEADERS = ("Day", "Start", "End", "Type", "Officer", "Paid h", "Note")

    def __init__(self) -> None:
        super().__init__()
        self.holidays: dict[dt.date, str] = {}

    def set_shifts(self, shifts: list[ShiftInfo], zone: dt.tzinfo, holidays: dict[dt.date, str]) -> None:
        self.holidays = holidays
        self._reset(shifts, zone)

    def shift(self, row: int) -> ShiftInfo | None:
        return self.item(row)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        s = self.rows[index.row()]
        start, end = s.local_start(self.zone), s.local_end(self.zone)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            day = start.date()
            holiday = f" ({self.holidays[day]})" if day in self.holidays else ""
            return (
                f"{start:%a %d %b %Y}{holiday}", f"{start:%H:%M}", f"{end:%H:%M}", s.kind,
                s.officer or "open", f"{s.paid_hours:g}", s.note,
            )[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 5:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def rule_words(rule: str) -> str:
    """A check's key as words for the table ("coverage-gap" reads "Coverage gap")."""
    return rule.replace("-", " ").replace("_", " ").capitalize()


class FindingTableModel(_RowsModel):
    HEADERS = ("", "When", "Check", "Officers", "What")

    def set_findings(self, findings: list[Finding], zone: dt.tzinfo) -> None:
        self._reset(findings, zone)

    def finding(self, row: int) -> Finding | None:
        return self.item(row)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        f = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (
                f.severity, f"{f.start.astimezone(self.zone):%a %d %b %H:%M}", rule_words(f.rule),
                ", ".join(f.officers), f.message,
            )[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 0:
            return QBrush(QColor(SEVERITY_COLOURS.get(f.severity, "#555555")))
        if role == Qt.ItemDataRole.ToolTipRole:
            return f.message
        return None
