"""Cue editing in the Subtitles view: the table's current cue, its text box, and every edit
made at the playhead (new, set start/end, split, merge, delete, shift, stretch, spelling).

A small controller handed what it drives (the cue model, the table showing it, the text
box and the playhead), so it is tested without a window; every edit goes through the
model's undo stack. Problems come back as one plain line on ``problem``.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, Signal
from PySide6.QtWidgets import QPlainTextEdit, QTableView

from app.errors import DutyDeskError
from app.subtitles import cues as C
from app.subtitles.checks import Finding, stretch_for_reading
from ui.subtitles.cue_model import COL_TEXT, CueModel

NO_CUE_SELECTED = "Select a cue first (Alt+Up / Alt+Down), or add one with Ctrl+Return."


class Playhead(Protocol):
    """Where the video is: the preview, or anything that knows a position and can seek."""

    @property
    def position_ms(self) -> int: ...

    def seek(self, ms: int) -> None: ...


class CueEditor(QObject):
    problem = Signal(str)  # a refused edit, in one plain line ("" clears it)
    note = Signal(str)  # a passing notice for the status bar
    current_changed = Signal(object)  # the current row (int) or None

    def __init__(self, model: CueModel, table: QTableView, editor: QPlainTextEdit, playhead: Playhead,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model, self.table, self.editor, self.playhead = model, table, editor, playhead
        self._loading_text = False  # the text box is being filled from the model, not typed in
        self._typing = False  # an edit from the text box is on its way into the model
        table.selectionModel().currentRowChanged.connect(self._current_row_changed)
        editor.textChanged.connect(self._text_typed)
        model.cues_changed.connect(self._cues_changed)

    # -- the current cue -------------------------------------------------------------

    def current_row(self) -> int | None:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else None

    def selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.table.selectionModel().selectedRows()})

    def select_row(self, row: int, seek: bool = True) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        index = self.model.index(row, COL_TEXT)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        if seek:
            self.playhead.seek(self.model.cue(row).start_ms)

    def follow_playhead(self, ms: int) -> None:
        """While playing, the cue under the playhead becomes current (not while the officer types)."""
        row = C.cue_at(self.model.cues, ms)
        if row is not None and row != self.current_row() and not self.editor.hasFocus():
            self.select_row(row, seek=False)

    def previous_cue(self) -> None:
        row = self.current_row()
        self.select_row(row - 1 if row is not None else 0)

    def next_cue(self) -> None:
        row = self.current_row()
        self.select_row((row if row is not None else -1) + 1)

    def _current_row_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._load_text()
        self.current_changed.emit(self.current_row())

    def _load_text(self) -> None:
        row = self.current_row()
        text = self.model.cue(row).text if row is not None else ""
        if C.normalise_text(self.editor.toPlainText()) != text:
            self._loading_text = True
            try:
                self.editor.setPlainText(text)
            finally:
                self._loading_text = False

    def _text_typed(self) -> None:
        row = self.current_row()
        if self._loading_text or row is None:
            return
        self._typing = True
        try:  # one undo step for a run of typing in one cue (merge_key)
            self.model.edit_cue(row, C.set_text(self.model.cue(row), self.editor.toPlainText()), "text", merge_key=1)
        finally:
            self._typing = False

    def _cues_changed(self) -> None:
        if self.current_row() is not None and not self._typing:
            self._load_text()  # undo, redo or another edit changed the cue under the text box

    # -- edits, all through the undo stack ----------------------------------------------

    def insert_at_playhead(self) -> None:
        at = self.playhead.position_ms
        holder: dict[str, int] = {}

        def insert(cues: list[C.Cue]) -> list[C.Cue]:
            out, holder["row"] = C.insert_at(cues, at)
            return out

        if self.model.apply("New cue", insert):
            self.select_row(holder["row"], seek=False)
            self.editor.setFocus()

    def set_time_from_playhead(self, which: str) -> None:
        row = self.current_row()
        if row is None:
            self.problem.emit(NO_CUE_SELECTED)
            return
        self.move_edge(row, which, self.playhead.position_ms)

    def move_edge(self, row: int, which: str, ms: int) -> None:
        """Set a cue's ``which`` ("start" or "end") to ``ms``; a refused time says why."""
        if not 0 <= row < self.model.rowCount():
            return
        try:
            new = C.set_times(self.model.cue(row), **{f"{which}_ms": ms})
        except DutyDeskError as exc:
            self.problem.emit(str(exc))
            return
        self.model.edit_cue(row, new, which)

    def split_at_playhead(self) -> None:
        row = self.current_row()
        if row is not None:
            at = self.playhead.position_ms
            cue = self.model.cue(row)
            self.model.apply("Split cue", lambda cues: C.split(cues, row, at if cue.start_ms < at < cue.end_ms else None))

    def merge_current(self) -> None:
        row = self.current_row()
        if row is not None:
            self.model.apply("Merge cues", lambda cues: C.merge(cues, row))
            self.select_row(row, seek=False)

    def delete_selected(self) -> None:
        rows = self.selected_rows()
        if rows:
            self.model.apply(f"Delete {len(rows)} cue(s)", lambda cues: C.delete(cues, rows))
            self.select_row(min(rows[0], self.model.rowCount() - 1), seek=False)

    def shift_scope(self) -> tuple[str, list[int] | None]:
        """What "Shift cues by…" moves: the selected cues when several are, else all of them."""
        rows = self.selected_rows()
        return (f"the {len(rows)} selected cues", rows) if len(rows) > 1 else ("all cues", None)

    def shift_cues(self, seconds_text: str, rows: list[int] | None = None) -> None:
        try:
            offset = C.parse_offset(seconds_text)
        except DutyDeskError as exc:
            self.problem.emit(str(exc))
            return
        self.model.apply(f"Shift cues by {offset / 1000:+.3f} s", lambda cues: C.shift(cues, offset, rows))

    def stretch_current(self) -> None:
        row = self.current_row()
        if row is not None:
            self.model.edit_cue(row, stretch_for_reading(self.model.cues, row, self.model.profile), "end")

    def next_problem(self) -> None:
        """The next cue (wrapping round) with a finding: select it, seek there and say what is wrong."""
        current = self.current_row()
        start = (current if current is not None else -1) + 1
        total = self.model.rowCount()
        for step in range(total):
            row = (start + step) % total
            if self.model.findings(row):
                self.select_row(row)
                self.problem.emit(" ".join(f.message for f in self.model.findings(row)))
                return
        self.problem.emit("")
        self.note.emit("No problems left.")

    def go_to_finding(self, finding: Finding) -> None:
        self.select_row(finding.cue - 1)

    def apply_suggestion(self, finding: Finding, word: str) -> None:
        from app.subtitles.spelling import replace_word

        row = finding.cue - 1
        if 0 <= row < self.model.rowCount():
            cue = self.model.cue(row)
            self.model.edit_cue(row, C.set_text(cue, replace_word(cue.text, str(finding.value), word)), "spelling")
