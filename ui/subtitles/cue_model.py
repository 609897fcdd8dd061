"""The cue list as a Qt table model, and the undo commands that are the only way to change it.

Every edit (typing in a cell, a key that sets a time from the playhead, dragging an edge
on the waveform, split, merge, shift...) is a ``QUndoCommand`` pushed on the view's
``QUndoStack``; the commands call the pure edit functions of ``app.subtitles.cues``.
Checks are computed per row when a row is shown and cached; an edit invalidates only the
row and its neighbour (gap and overlap depend on it), so a 2,000-cue list stays instant.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QPalette, QUndoCommand, QUndoStack

from app.errors import DutyDeskError
from app.subtitles import cues as C
from app.subtitles.checks import Finding, Profile, check_cue, rule_words
from app.subtitles.cues import Cue

COLUMNS = ("#", "Start", "End", "Duration", "CPS", "Text", "Checks")
COL_NUM, COL_START, COL_END, COL_DUR, COL_CPS, COL_TEXT, COL_CHECKS = range(len(COLUMNS))
FindingsRole = Qt.ItemDataRole.UserRole + 1
WARN_BG = QColor(255, 196, 0, 70)
LINE_BREAK = " ⏎ "
ERROR_FG = QColor(200, 40, 40)
ERROR_FG_DARK = QColor(255, 138, 128)  # on the dark theme's amber, a dark red cannot be read

AnyIndex = QModelIndex | QPersistentModelIndex

# roles as plain ints: data() runs for every visible cell on each repaint
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_EDIT = Qt.ItemDataRole.EditRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_BACKGROUND = Qt.ItemDataRole.BackgroundRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole.value
_ALIGN = Qt.ItemDataRole.TextAlignmentRole.value
_FINDINGS = FindingsRole.value if hasattr(FindingsRole, "value") else int(FindingsRole)
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
_WARN_BRUSH = QBrush(WARN_BG)
_ERROR_BRUSH = QBrush(ERROR_FG)
_ERROR_BRUSH_DARK = QBrush(ERROR_FG_DARK)


def error_brush() -> QBrush:
    """Red that reads on the current palette (light or dark theme)."""
    dark = QGuiApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128
    return _ERROR_BRUSH_DARK if dark else _ERROR_BRUSH


class CueModel(QAbstractTableModel):
    cues_changed = Signal()  # any change (autosave, waveform, overlay)
    edit_refused = Signal(str)  # a rejected edit's message

    def __init__(self, profile: Profile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cues: list[Cue] = []
        self.profile = profile
        self.spell = True
        self._findings: dict[int, list[Finding]] = {}
        self.undo_stack = QUndoStack(self)

    # -- reading --------------------------------------------------------------------

    @property
    def cues(self) -> list[Cue]:
        return list(self._cues)

    def cue(self, row: int) -> Cue:
        return self._cues[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cues)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (COL_START, COL_END, COL_TEXT):
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def findings(self, row: int) -> list[Finding]:
        if row not in self._findings:
            previous = self._previous_on_screen(row)
            number = row + 1
            found = check_cue(self._cues[row], number, self.profile,
                              previous[1] if previous else None, self.spell, previous[0] + 1 if previous else None)
            self._findings[row] = found
        return self._findings[row]

    def all_findings(self) -> list[Finding]:
        return [f for row in range(len(self._cues)) for f in self.findings(row)]

    def _previous_on_screen(self, row: int) -> tuple[int, Cue] | None:
        if row == 0:
            return None
        best = row - 1
        # a long earlier cue may still be on screen: look back a few rows
        for r in range(max(0, row - 5), row):
            if self._cues[r].end_ms >= self._cues[best].end_ms:
                best = r
        return best, self._cues[best]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        role = role.value if hasattr(role, "value") else role
        if role not in (_DISPLAY, _EDIT, _TOOLTIP, _BACKGROUND, _FOREGROUND, _ACCESSIBLE, _ALIGN, _FINDINGS):
            return None
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        cue = self._cues[row]
        if role == _DISPLAY or role == _EDIT:
            if col == COL_NUM:
                return row + 1
            if col == COL_START:
                return C.format_time(cue.start_ms)
            if col == COL_END:
                return C.format_time(cue.end_ms)
            if col == COL_DUR:
                return f"{cue.duration_ms / 1000:.2f}"
            if col == COL_CPS:
                return f"{cue.cps:.1f}"
            if col == COL_TEXT:
                return cue.text.replace("\n", LINE_BREAK)  # one-line cell editor: ⏎ marks the break
            found = self.findings(row)
            return "✓" if not found else "⚠ " + rule_words([f.rule for f in found])
        if role == _ALIGN:
            return None if col in (COL_TEXT, COL_CHECKS) else _RIGHT
        if role == _BACKGROUND:
            if col == COL_CPS or col == COL_CHECKS:
                found = self.findings(row)
                if found and (col == COL_CHECKS or any(f.rule == "cps" for f in found)):
                    return _WARN_BRUSH
            return None
        if role == _FOREGROUND:
            if col == COL_CPS and any(f.rule == "cps" for f in self.findings(row)):
                return error_brush()
            return None
        if role == _TOOLTIP and col in (COL_CPS, COL_CHECKS, COL_TEXT):
            found = self.findings(row)
            return "\n".join(f.message for f in found) if found else "No problems"
        if role == _ACCESSIBLE and col == COL_CHECKS:
            found = self.findings(row)
            return "no problems" if not found else "; ".join(f.message for f in found)
        if role == _FINDINGS:
            return self.findings(row)
        return None

    # -- editing: always through the undo stack ------------------------------------

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row, col = index.row(), index.column()
        old = self._cues[row]
        try:
            if col == COL_START:
                new = C.set_times(old, start_ms=C.parse_time(str(value)))
            elif col == COL_END:
                new = C.set_times(old, end_ms=C.parse_time(str(value)))
            elif col == COL_TEXT:
                new = C.set_text(old, str(value).replace("⏎", "\n"))
            else:
                return False
        except DutyDeskError as exc:
            self.edit_refused.emit(str(exc))
            return False
        if new != old:
            self.undo_stack.push(ReplaceCue(self, row, new, COLUMNS[col].lower()))
        return True

    def edit_cue(self, row: int, new: Cue, what: str = "cue", merge_key: int = -1) -> None:
        if 0 <= row < len(self._cues) and new != self._cues[row]:
            self.undo_stack.push(ReplaceCue(self, row, new, what, merge_key))

    def apply(self, description: str, fn: Callable[[list[Cue]], list[Cue]], select_row: int | None = None) -> bool:
        """A whole-list edit (split, merge, insert, delete, shift, import) as one undo step."""
        try:
            after = fn(list(self._cues))
        except DutyDeskError as exc:
            self.edit_refused.emit(str(exc))
            return False
        self.undo_stack.push(ReplaceAll(self, after, description, select_row))
        return True

    # -- used by the commands only ------------------------------------------------

    def _replace_row(self, row: int, cue: Cue) -> None:
        self._cues[row] = cue
        for r in (row, row + 1):
            self._findings.pop(r, None)
        last = min(row + 1, len(self._cues) - 1)
        self.dataChanged.emit(self.index(row, 0), self.index(last, len(COLUMNS) - 1))
        self.cues_changed.emit()

    def _replace_all(self, cues: Sequence[Cue]) -> None:
        self.beginResetModel()
        self._cues = list(cues)
        self._findings.clear()
        self.endResetModel()
        self.cues_changed.emit()

    def append_rows(self, cues: Sequence[Cue]) -> None:
        """Cues streamed in at the end by a running job (its own undo command records them)."""
        if not cues:
            return
        first = len(self._cues)
        self.beginInsertRows(QModelIndex(), first, first + len(cues) - 1)
        self._cues.extend(cues)
        self.endInsertRows()
        self._findings.pop(first - 1, None)
        self.cues_changed.emit()

    def load(self, cues: Sequence[Cue]) -> None:
        """New content without undo history (opening a project)."""
        self.undo_stack.clear()
        self._replace_all(cues)

    def set_profile(self, profile: Profile) -> None:
        self.profile = profile
        self._findings.clear()
        if self._cues:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._cues) - 1, len(COLUMNS) - 1))
        self.cues_changed.emit()


class ReplaceCue(QUndoCommand):
    """Change one cue. Consecutive typing in the same cue merges into one undo step."""

    def __init__(self, model: CueModel, row: int, new: Cue, what: str, merge_key: int = -1) -> None:
        super().__init__(f"Edit {what} of cue {row + 1}")
        self.model, self.row, self.new = model, row, new
        self.old = model.cue(row)
        self.merge_key = merge_key

    def redo(self) -> None:
        self.model._replace_row(self.row, self.new)

    def undo(self) -> None:
        self.model._replace_row(self.row, self.old)

    def id(self) -> int:
        return self.merge_key

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, ReplaceCue) or other.row != self.row:
            return False
        self.new = other.new
        return True


class ReplaceAll(QUndoCommand):
    def __init__(self, model: CueModel, after: Sequence[Cue], description: str, select_row: int | None) -> None:
        super().__init__(description)
        self.model = model
        self.before = model.cues
        self.after = list(after)
        self.select_row = select_row

    def redo(self) -> None:
        self.model._replace_all(self.after)

    def undo(self) -> None:
        self.model._replace_all(self.before)
