"""Small dialogs of the rota view. They collect input; the view calls the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.rota.patterns import KINDS, PatternSpec, naive_local_to_utc
from app.rota.records import LEAVE_KINDS, ShiftInfo
from ui.date_inputs import limit_to_valid_dates
from ui.dialog_focus import settle_focus, tab_in_layout_order

OPEN = "(open shift)"
OPEN_LINE = "(open line)"


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def _date_edit(day: dt.date, name: str) -> QDateEdit:
    edit = QDateEdit(qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd dd MMM yyyy")
    edit.setAccessibleName(name)
    return limit_to_valid_dates(edit)


class ShiftDialog(QDialog):
    """Add or edit one shift: officer, day, start and end (an end at or before the start is
    the next day), type and unpaid break."""

    def __init__(self, parent: QWidget | None, officers: list[str], zone: dt.tzinfo, *,
                 shift: ShiftInfo | None = None, day: dt.date | None = None, officer: str | None = None) -> None:
        super().__init__(parent)
        self.zone = zone
        self.setWindowTitle("Edit shift" if shift else "Add shift")
        form = QFormLayout()
        self.officer = QComboBox()
        self.officer.addItems([OPEN, *officers])
        self.officer.setAccessibleName("Officer")
        start = shift.local_start(zone) if shift else None
        end = shift.local_end(zone) if shift else None
        self.day = _date_edit(start.date() if start else (day or dt.date.today()), "Day")
        self.start = QTimeEdit(QTime(start.hour, start.minute) if start else QTime(7, 0))
        self.start.setDisplayFormat("HH:mm")
        self.start.setAccessibleName("Start time")
        self.end = QTimeEdit(QTime(end.hour, end.minute) if end else QTime(12, 30))
        self.end.setDisplayFormat("HH:mm")
        self.end.setAccessibleName("End time (at or before the start means the next day)")
        self.kind = QComboBox()
        self.kind.setEditable(True)
        self.kind.addItems(list(KINDS))
        self.kind.setAccessibleName("Shift type")
        self.unpaid = QSpinBox()
        self.unpaid.setRange(0, 180)
        self.unpaid.setSuffix(" min")
        self.unpaid.setAccessibleName("Unpaid break in minutes")
        who = (shift.officer if shift else officer) or OPEN
        if self.officer.findText(who) < 0:  # a retired officer's shift keeps its officer
            self.officer.addItem(who)
        self.officer.setCurrentText(who)
        if shift:
            self.kind.setCurrentText(shift.kind)
            self.unpaid.setValue(shift.unpaid_break_minutes)
        form.addRow("&Officer:", self.officer)
        form.addRow("&Day:", self.day)
        form.addRow("&Start:", self.start)
        form.addRow("&End:", self.end)
        form.addRow("&Type:", self.kind)
        form.addRow("Unpaid &break:", self.unpaid)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "Save" if shift else "Add"))
        settle_focus(self)

    def values(self) -> dict[str, Any]:
        day = pydate(self.day.date())
        start_t, end_t = self.start.time(), self.end.time()
        start = dt.datetime.combine(day, dt.time(start_t.hour(), start_t.minute()))
        end = dt.datetime.combine(day, dt.time(end_t.hour(), end_t.minute()))
        if end <= start:
            end += dt.timedelta(days=1)
        officer = self.officer.currentText()
        return {
            "officer": None if officer == OPEN else officer,
            "start": naive_local_to_utc(start, self.zone, what="The shift start"),
            "end": naive_local_to_utc(end, self.zone, what="The shift end"),
            "kind": self.kind.currentText(),
            "unpaid_break_minutes": self.unpaid.value(),
        }


class ApplyPatternDialog(QDialog):
    """Pattern, first Monday, weeks, and who is on each line, picked from the team list
    (nothing typed to be refused; someone missing is added in Settings > Team)."""

    def __init__(self, parent: QWidget | None, patterns: list[PatternSpec], officers: list[str], start: dt.date) -> None:
        super().__init__(parent)
        self.setWindowTitle("Apply a pattern")
        self.team = list(officers)
        self.patterns = {spec.name: spec for spec in patterns}
        form = QFormLayout()
        self.pattern = QComboBox()
        self.pattern.setAccessibleName("Pattern")
        for spec in patterns:
            totals = "/".join(f"{h:g}" for h in spec.weekly_paid_hours())
            self.pattern.addItem(f"{spec.name} ({spec.weeks} weeks, {totals} h)", spec.name)
        monday = start - dt.timedelta(days=start.weekday())
        self.start = _date_edit(monday, "First Monday")
        self.weeks = QSpinBox()
        self.weeks.setRange(1, 260)
        self.weeks.setValue(8)
        self.weeks.setAccessibleName("Number of weeks")
        form.addRow("&Pattern:", self.pattern)
        form.addRow("&Start (a Monday):", self.start)
        form.addRow("&Weeks:", self.weeks)
        self.lines_box = QWidget()
        self.lines_form = QFormLayout(self.lines_box)
        self.lines_form.setContentsMargins(0, 0, 0, 0)
        self.lines: list[QComboBox] = []
        note = QLabel("Line 1 starts on week 1 of the pattern, line 2 on week 2, and so on. "
                      "Someone missing? Add them in Settings > Team.")
        note.setWordWrap(True)
        note.setProperty("role", "muted")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.lines_box)
        layout.addWidget(note)
        layout.addWidget(_buttons(self, "Apply"))
        self.pattern.currentIndexChanged.connect(self._make_lines)
        self._make_lines()
        settle_focus(self)

    def _make_lines(self) -> None:
        chosen = [c.currentText() for c in self.lines]
        while self.lines_form.rowCount():
            self.lines_form.removeRow(0)
        spec = self.patterns.get(self.pattern.currentData())
        count = max(1, spec.weeks if spec else 4)
        self.lines = []
        for n in range(count):
            combo = QComboBox()
            combo.addItems([OPEN_LINE, *self.team])
            combo.setAccessibleName(f"Officer on line {n + 1}")
            pick = chosen[n] if n < len(chosen) else (self.team[n] if n < len(self.team) else OPEN_LINE)
            combo.setCurrentText(pick)
            self.lines.append(combo)
            self.lines_form.addRow(f"Line &{n + 1}:" if n < 9 else f"Line {n + 1}:", combo)
        tab_in_layout_order(self)  # the new line boxes join the Tab order where they are shown

    def values(self) -> dict[str, Any]:
        return {
            "name": self.pattern.currentData(),
            "start": pydate(self.start.date()),
            "weeks": self.weeks.value(),
            "officers": ["-" if c.currentText() == OPEN_LINE else c.currentText() for c in self.lines],
        }


class LeaveDialog(QDialog):
    def __init__(self, parent: QWidget | None, officers: list[str], *, officer: str | None, day: dt.date) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record leave or absence")
        form = QFormLayout()
        self.officer = QComboBox()
        self.officer.addItems(officers)
        self.officer.setAccessibleName("Officer")
        if officer:
            self.officer.setCurrentText(officer)
        self.first = _date_edit(day, "First day")
        self.last = _date_edit(day, "Last day (included)")
        self.kind = QComboBox()
        self.kind.addItems(list(LEAVE_KINDS))
        self.kind.setAccessibleName("Kind of leave")
        self.note = QLineEdit()
        self.note.setAccessibleName("Note")
        form.addRow("&Officer:", self.officer)
        form.addRow("&From:", self.first)
        form.addRow("&To:", self.last)
        form.addRow("&Kind:", self.kind)
        form.addRow("&Note:", self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "Record"))
        settle_focus(self)

    def values(self) -> dict[str, Any]:
        return {
            "officer": self.officer.currentText(), "start": pydate(self.first.date()),
            "end": pydate(self.last.date()), "kind": self.kind.currentText(), "note": self.note.text(),
        }


class SwapDialog(QDialog):
    """Pick the other shift; the effect (rest, hours, weekends) is shown before accepting."""

    def __init__(self, parent: QWidget | None, shift: ShiftInfo, others: list[ShiftInfo], zone: dt.tzinfo) -> None:
        super().__init__(parent)
        self.setWindowTitle("Swap shifts")
        self.shift = shift
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Swap {shift.officer}'s {shift.label(zone)} with:"))
        self.other = QComboBox()
        self.other.setAccessibleName("The other shift")
        for s in others:
            self.other.addItem(f"{s.officer}: {s.label(zone)}", s.id)
        layout.addWidget(self.other)
        self.effect = QLabel("Choose a shift to see the effect.")
        self.effect.setWordWrap(True)
        self.effect.setAccessibleName("Effect of the swap")
        self.effect_area = QScrollArea()  # the dialog grows with the effect; a long one scrolls
        self.effect_area.setWidgetResizable(True)
        self.effect_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.effect_area.setWidget(self.effect)
        self.effect_area.setMinimumWidth(520)
        layout.addWidget(self.effect_area, 1)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.buttons = _buttons(self, "Accept swap")
        layout.addWidget(self.buttons)
        settle_focus(self)
        self._fit_effect()

    def other_id(self) -> str | None:
        return self.other.currentData()

    def show_effect(self, text: str, ok: bool = True) -> None:
        self.effect.setText(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        self._fit_effect()

    MAX_EFFECT_HEIGHT = 360

    def _fit_effect(self) -> None:
        """Show the whole effect (it was cut to the first line's height), up to a scrolling cap."""
        width = max(self.effect_area.viewport().width(), self.effect_area.minimumWidth())
        needed = self.effect.heightForWidth(width) + 2
        self.effect_area.setMinimumHeight(min(needed, self.MAX_EFFECT_HEIGHT))
