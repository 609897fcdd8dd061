"""The team as a table: name, role, contracted hours, active or retired."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from app.team.service import OfficerInfo
from ui.table_rows import Index, RowsTableModel


class TeamModel(RowsTableModel):
    HEADERS = ("Name", "Role", "Hours a week", "Status")

    def set_officers(self, officers: list[OfficerInfo]) -> None:
        self.set_rows(officers)

    def officer(self, row: int) -> OfficerInfo | None:
        return self.item(row)

    def row_of(self, officer_id: str) -> int:
        return next((i for i, o in enumerate(self.rows) if o.id == officer_id), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        o = self.officer(index.row())
        if o is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            hours = "" if o.contracted_hours is None else f"{o.contracted_hours:g}"
            return (o.name, o.role, hours, "active" if o.active else "retired")[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and not o.active:
            return QBrush(QColor("#7a7a7a"))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
