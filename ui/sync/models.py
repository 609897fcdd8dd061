"""Read-only table models for the Sync view (devices, conflicts, quarantined files)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt

from ui.table_rows import Index, RowsTableModel


class RowsModel(RowsTableModel):
    """Rows of any objects, shown through one text function per column."""

    def __init__(self, headers: Sequence[str], columns: Sequence[Callable[[Any], str]], parent: Any = None) -> None:
        super().__init__(parent)
        self.HEADERS = tuple(headers)
        self.columns = list(columns)

    @property
    def items(self) -> list[Any]:
        return self.rows

    def set_items(self, items: Sequence[Any]) -> None:
        self.set_rows(items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.columns[index.column()](self.items[index.row()])
        return None
