"""The team as a table: name, role, contracted hours, active or retired."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.team.service import OfficerInfo

Index = QModelIndex | QPersistentModelIndex


class TeamModel(QAbstractTableModel):
    HEADERS = ("Name", "Role", "Hours a week", "Status")

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[OfficerInfo] = []

    def set_officers(self, officers: list[OfficerInfo]) -> None:
        self.beginResetModel()
        self._rows = list(officers)
        self.endResetModel()

    def officer(self, row: int) -> OfficerInfo | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, officer_id: str) -> int:
        return next((i for i, o in enumerate(self._rows) if o.id == officer_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

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
