"""Table models of the golden-hour panel: the facts board and the channel clocks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.incidents.channels import ChannelClock
from app.incidents.facts import FactInfo
from app.incidents.golden_common import local_hhmm
from ui.table_rows import Index, RowsTableModel

STATE_COLOURS = {"confirmed": QColor("#2e7d32"), "withdrawn": QColor("#888888"), "unconfirmed": QColor("#b35900")}


class FactsModel(RowsTableModel):
    HEADERS = ("No", "Claim", "Source", "Heard", "State")

    @property
    def facts(self) -> list[FactInfo]:
        return self.rows

    def set_facts(self, facts: list[FactInfo]) -> None:
        self.set_rows(facts)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        fact = self.facts[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (str(fact.no), fact.claim, fact.source, local_hhmm(fact.heard_at), fact.state.upper())[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 4:
            return STATE_COLOURS.get(fact.state)
        return None


class ChannelsModel(RowsTableModel):
    HEADERS = ("Channel", "Next", "Due", "Time left", "Sent")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.now: dt.datetime = dt.datetime.now(dt.timezone.utc)

    @property
    def clocks(self) -> list[ChannelClock]:
        return self.rows

    def set_clocks(self, clocks: list[ChannelClock], now: dt.datetime) -> None:
        self.now = now
        self.set_rows(clocks)

    def set_now(self, now: dt.datetime) -> None:
        self.now = now
        if self.clocks:
            self.dataChanged.emit(self.index(0, 3), self.index(len(self.clocks) - 1, 3))

    def overdue(self) -> list[str]:
        return [c.channel for c in self.clocks if c.overdue(self.now)]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        clock = self.clocks[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            left = clock.seconds_left(self.now)
            left_text = f"OVERDUE {(-left) // 60} min" if left <= 0 else f"{left // 60}:{left % 60:02d}"
            return (clock.label, clock.stage, local_hhmm(clock.due), left_text, str(clock.posts))[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and clock.overdue(self.now):
            return QColor("#f4c7c3")
        return None
