"""The log as a lazily loaded table: a page of entries at a time, off the GUI thread.

Long shifts (2,000+ entries) open instantly because only the first page is read;
more pages are fetched as the officer scrolls (``canFetchMore``/``fetchMore``).
Search results come through the same model. Each load carries a generation number so
an answer that arrives after a newer request is dropped (typing fast).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from app.cli.support import local_zone
from app.shiftlog import service
from app.shiftlog.reports import entry_flags, local
from app.shiftlog.search import search
from app.shiftlog.service import EntryFilter, EntryInfo
from app.shiftlog.vocab import CATEGORIES, CHANNELS
from ui.shell import Shell

if TYPE_CHECKING:
    from app.context import AppContext

Index = QModelIndex | QPersistentModelIndex
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("No.", "Time", "Category", "Channel", "Entry", "Officer", "Status")
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
DISPLAY, TOOLTIP, FOREGROUND, FONT, ALIGN = (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.FontRole, Qt.ItemDataRole.TextAlignmentRole,
)
OVERDUE = QColor("#c62828")


class EntryTableModel(QAbstractTableModel):
    PAGE = 100
    loaded = Signal()  # a load (first page or search) finished

    def __init__(self, shell: Shell, parent: Any = None) -> None:
        super().__init__(parent)
        self.shell = shell
        self._rows: list[EntryInfo] = []
        self._seq_of: dict[str, int] = {}
        self._total = 0
        self._where: EntryFilter | None = None
        self._generation = 0
        self._fetching = False
        self.loading = False
        self.error = ""

    # --- loading -------------------------------------------------------------------
    def show_entries(self, where: EntryFilter) -> None:
        """Entries matching ``where``, newest first, a page at a time."""
        def work(ctx: AppContext) -> tuple[int, list[EntryInfo]]:
            return service.count_entries(ctx, where), service.list_entries(ctx, where=where, limit=self.PAGE)

        self._start(where, work)

    def show_search(self, query: str, where: EntryFilter) -> None:
        def work(ctx: AppContext) -> tuple[int, list[EntryInfo]]:
            found = search(ctx, query, where, limit=500)
            return len(found), found

        self._start(None, work)

    def _start(self, where: EntryFilter | None, work: Callable[[AppContext], tuple[int, list[EntryInfo]]]) -> None:
        self._generation += 1
        generation = self._generation
        self.loading = True
        self._fetching = False
        self.shell.ops.query(parent=self, op=work).success(
            lambda result: self._loaded(generation, where, *result)).failure(
            lambda exc: self._failed(generation, exc)).run()

    def _loaded(self, generation: int, where: EntryFilter | None, total: int, rows: list[EntryInfo]) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self._where = where
        self._rows = list(rows)
        self._total = total
        self._seq_of = {e.id: e.seq for e in rows}
        self.endResetModel()
        self.loading = False
        self.error = ""
        self.loaded.emit()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.loading = False
            self.error = str(exc)
            self.loaded.emit()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008 - Qt API
        return not parent.isValid() and self._where is not None and len(self._rows) < self._total and not self._fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008 - Qt API
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        where, offset, generation = self._where, len(self._rows), self._generation
        self.shell.ops.query(parent=self, op=lambda ctx: service.list_entries(ctx, where=where, offset=offset, limit=self.PAGE)).success(
            lambda rows: self._more(generation, offset, rows)).failure(
            lambda exc: self._failed(generation, exc)).run()

    def _more(self, generation: int, offset: int, rows: list[EntryInfo]) -> None:
        if generation != self._generation or offset != len(self._rows):
            return
        self._fetching = False
        if not rows:
            self._total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
        self._rows.extend(rows)
        self._seq_of.update({e.id: e.seq for e in rows})
        self.endInsertRows()

    # --- reading -------------------------------------------------------------------
    def total_rows(self) -> int:
        return self._total

    def entry(self, row: int) -> EntryInfo | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.entry(index.row())
        if entry is None:
            return None
        column = index.column()
        if role == ENTRY_ROLE:
            return entry
        if role == DISPLAY:
            return self._display(entry, column)
        if role == TOOLTIP:
            return describe(entry)
        if role == FOREGROUND:
            if entry.amended:
                return QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            if column == 6 and entry.open and entry.due and entry.due <= _today():
                return OVERDUE
            return None
        if role == FONT and entry.amended and column == 4:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == ALIGN and column == 0:
            return RIGHT
        return None

    def _display(self, entry: EntryInfo, column: int) -> str:
        if column == 0:
            return str(entry.seq)
        if column == 1:
            same_day = entry.event_at.astimezone(local_zone()).date() == _today()
            return local(entry.event_at, "%H:%M" if same_day else "%d %b %H:%M")
        if column == 2:
            return CATEGORIES.get(entry.category, entry.category)
        if column == 3:
            return CHANNELS.get(entry.channel, entry.channel) if entry.channel else ""
        if column == 4:
            text = entry.text
            if entry.amends:
                target = self._seq_of.get(entry.amends)
                text = f"[amends #{target}] {text}" if target else f"[amendment] {text}"
            return text
        if column == 5:
            return entry.officer
        return "; ".join(entry_flags(entry, _today()))


def _today() -> dt.date:
    return dt.datetime.now(local_zone()).date()


def describe(entry: EntryInfo) -> str:
    """The full entry, for tooltips and the detail pane."""
    lines = [f"#{entry.seq} — {CATEGORIES.get(entry.category, entry.category)}"
             + (f" on {CHANNELS.get(entry.channel, entry.channel)}" if entry.channel else "")
             + f" — {entry.officer}", entry.text]
    if entry.rationale:
        lines.append(f"Rationale: {entry.rationale}")
    if entry.link:
        lines.append(f"Link: {entry.link}")
    if entry.amends:
        lines.append(f"Amendment — reason: {entry.amend_reason}")
    lines.append(f"Happened {local(entry.event_at)}; recorded {local(entry.recorded_at)}")
    flags = entry_flags(entry, _today())
    if flags:
        lines.append("; ".join(flags))
    return "\n".join(lines)
