"""Qt models for the Photo view: open photos, channel presets, recent exports."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap

from app.photo.library import LibraryEntry
from app.photo.presets import Preset
from ui.photo.document import PhotoDocument

Index = QModelIndex | QPersistentModelIndex
THUMB = QSize(56, 42)


class OpenPhotosModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self.docs: list[PhotoDocument] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.docs)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        doc = self.docs[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            size = doc.inspection.size
            warn = "  ⚠ GPS" if doc.inspection.has_gps else ""
            return f"{doc.name}\n{size[0]} × {size[1]}{warn}"
        if role == Qt.ItemDataRole.DecorationRole and doc.thumbnail is not None:
            return QIcon(QPixmap.fromImage(doc.thumbnail))
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return str(doc.path)
        return None

    def add(self, doc: PhotoDocument) -> int:
        row = len(self.docs)
        self.beginInsertRows(QModelIndex(), row, row)
        self.docs.append(doc)
        self.endInsertRows()
        return row

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.docs[row]
        self.endRemoveRows()

    def refresh(self, doc: PhotoDocument) -> None:
        row = self.docs.index(doc)
        self.dataChanged.emit(self.index(row), self.index(row))


class PresetListModel(QAbstractListModel):
    """The channels, each with a tick for "export to it"; the selected one owns the frame."""

    def __init__(self, presets: list[Preset]) -> None:
        super().__init__()
        self.presets = presets
        self.checked: set[str] = set()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.presets)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        preset = self.presets[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if preset.name == "custom":
                return "Custom crop (free shape)"
            return f"{preset.label}  ·  {preset.width}×{preset.height}"
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if preset.name in self.checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            limit = f", at most {preset.max_bytes / 1_000_000:g} MB" if preset.max_bytes else ""
            return f"{preset.name}: {preset.width}×{preset.height} pixels{limit}"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        name = self.presets[index.row()].name
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.checked.add(name)
        else:
            self.checked.discard(name)
        self.dataChanged.emit(index, index, [role])
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsUserCheckable if index.isValid() else base

    def chosen(self) -> list[Preset]:
        return [p for p in self.presets if p.name in self.checked]


class LibraryModel(QAbstractTableModel):
    HEADERS = ("Export", "Alt text", "When, by")

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[LibraryEntry] = []
        self._thumbs: dict[str, QIcon] = {}

    def set_entries(self, entries: list[LibraryEntry]) -> None:
        self.beginResetModel()
        self.entries = entries
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def _thumb(self, entry: LibraryEntry) -> QIcon:
        if entry.id not in self._thumbs:
            image = QImage.fromData(entry.thumbnail)
            self._thumbs[entry.id] = QIcon(QPixmap.fromImage(image)) if not image.isNull() else QIcon()
        return self._thumbs[entry.id]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            when = entry.exported_at.astimezone().strftime("%a %d %b %H:%M")
            values = (f"{entry.source_name}\n{entry.preset} · {entry.width}×{entry.height}",
                      entry.alt_text or "— no alt text —", f"{when}\n{entry.officer}")
            return values[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self._thumb(entry)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{entry.file_path}\n{entry.alt_text}" if entry.alt_text else entry.file_path
        return None
