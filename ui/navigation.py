"""The sidebar: a list view over a small item model, headings not selectable."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from ui.views.registry import VIEWS

KEY_ROLE = Qt.ItemDataRole.UserRole + 1


class NavigationList(QListView):
    view_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigation")
        self.setAccessibleName("Navigation")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setFixedWidth(190)
        self.model_ = QStandardItemModel(self)
        group = ""
        for spec in VIEWS:
            if spec.group and spec.group != group:
                header = QStandardItem(spec.group.upper())
                header.setFlags(Qt.ItemFlag.NoItemFlags)
                self.model_.appendRow(header)
            group = spec.group
            item = QStandardItem(("    " if spec.group else "") + spec.title)
            item.setData(spec.key, KEY_ROLE)
            item.setToolTip(f"{spec.title} ({spec.shortcut})")
            item.setAccessibleText(spec.title)
            self.model_.appendRow(item)
        self.setModel(self.model_)
        self.selectionModel().currentChanged.connect(self._current_changed)

    def _current_changed(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        key = current.data(KEY_ROLE)
        if key:
            self.view_chosen.emit(key)

    def select_key(self, key: str) -> None:
        for row in range(self.model_.rowCount()):
            index = self.model_.index(row, 0)
            if index.data(KEY_ROLE) == key:
                if self.currentIndex() != index:
                    self.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
                return
