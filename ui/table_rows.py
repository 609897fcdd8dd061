"""Read-only item models of plain rows: a table under fixed column headers, or a list.

Many lists in the window (the team, shifts, check findings, incidents, templates, facts,
channel clocks, caption findings) are rows handed over whole from the core; only how a
cell reads differs, so subclasses write ``data()`` (and a table sets ``HEADERS``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


class _Rows:
    """The rows and their count; comes before the Qt model class in the bases."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)  # type: ignore[call-arg]
        self.rows: list[Any] = []

    def set_rows(self, rows: Iterable[Any]) -> None:
        self.beginResetModel()  # type: ignore[attr-defined]
        self.rows = list(rows)
        self.endResetModel()  # type: ignore[attr-defined]

    def item(self, row: int) -> Any:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)


class RowsListModel(_Rows, QAbstractListModel):
    """Rows for a list view."""


class RowsTableModel(_Rows, QAbstractTableModel):
    HEADERS: tuple[str, ...] = ()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None
