"""Create or edit a team pattern: a table of shifts (week, days, type, start, end, unpaid
break). Validation and saving are ``app.rota.service.save_pattern``'s job; the dialog only
hands its definition to ``save`` (a write op, off the GUI thread) and waits for the answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import DutyDeskError
from app.rota.patterns import DAY_NAMES, PatternSpec
from ui.dialog_focus import settle_focus

Saver = Callable[[dict[str, Any], Callable[[PatternSpec], None], Callable[[BaseException], None]], None]
COLUMNS = ("Week", "Days", "Type", "Start", "End", "Unpaid break (min)")


class PatternEditor(QDialog):
    def __init__(self, parent: QWidget | None, patterns: list[PatternSpec], save: Saver) -> None:
        """``save(definition, saved, refused)`` starts the write and answers with one of the two."""
        super().__init__(parent)
        self.setWindowTitle("Shift patterns")
        self.resize(720, 460)
        self._patterns = {p.name: p for p in patterns}
        self._save = save
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.choose = QComboBox()
        self.choose.setAccessibleName("Pattern to start from")
        self.choose.addItem("(new pattern)", None)
        for spec in patterns:
            self.choose.addItem(spec.name + (" (built in: saved as a copy)" if spec.builtin else ""), spec.name)
        self.choose.currentIndexChanged.connect(lambda _i: self._load(self.choose.currentData()))
        self.name = QLineEdit()
        self.name.setAccessibleName("Pattern name")
        self.weeks = QSpinBox()
        self.weeks.setRange(1, 52)
        self.weeks.setAccessibleName("Weeks in the cycle")
        form.addRow("Start &from:", self.choose)
        form.addRow("&Name:", self.name)
        form.addRow("&Weeks in the cycle:", self.weeks)
        layout.addLayout(form)
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Shifts of the pattern")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        hint = QLabel("Days: mon tue wed thu fri sat sun, separated by spaces. An end at or before the start "
                      "is the next day (overnight); 24:00 is midnight.")
        hint.setWordWrap(True)
        hint.setProperty("role", "muted")
        layout.addWidget(hint)
        row = QHBoxLayout()
        add = QPushButton("&Add shift row")
        add.clicked.connect(lambda: self._append(["1", "mon", "early", "07:00", "12:30", "0"]))
        remove = QPushButton("&Remove row")
        remove.clicked.connect(self._remove_row)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Problem with the pattern")
        self.message.setStyleSheet("color: #c0392b")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.saved: PatternSpec | None = None
        self._load(None)
        settle_focus(self)

    def _append(self, values: list[str]) -> None:
        self.model.appendRow([QStandardItem(v) for v in values])

    def _remove_row(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.model.removeRow(index.row())

    def _load(self, name: str | None) -> None:
        self.model.removeRows(0, self.model.rowCount())
        spec = self._patterns.get(name or "")
        if spec is None:
            self.name.setText("")
            self.weeks.setValue(1)
            return
        self.name.setText(spec.name + ("-copy" if spec.builtin else ""))
        self.weeks.setValue(spec.weeks)
        for slot in spec.slots:
            self._append([str(slot.week), DAY_NAMES[slot.weekday], slot.kind, slot.start, slot.end,
                          str(slot.unpaid_break_minutes)])

    def definition(self) -> dict[str, Any]:
        shifts = []
        for r in range(self.model.rowCount()):
            cell = [(self.model.item(r, c).text() if self.model.item(r, c) else "").strip() for c in range(len(COLUMNS))]
            shifts.append({
                "week": cell[0], "days": cell[1].replace(",", " ").split(), "kind": cell[2],
                "start": cell[3], "end": cell[4], "unpaid_break_minutes": cell[5] or 0,
            })
        return {"name": self.name.text(), "weeks": self.weeks.value(), "shifts": shifts}

    @property
    def saving(self) -> bool:
        return not self.save_button.isEnabled()

    def save(self) -> None:
        if self.saving:
            return  # one save at a time: Enter pressed twice saves once
        self.save_button.setEnabled(False)
        self.message.setText("Saving…")
        self._save(self.definition(), self._saved, self._refused)

    def _saved(self, spec: PatternSpec) -> None:
        self.saved = spec
        self.save_button.setEnabled(True)
        self.message.setText("")
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.message.setText(str(exc) if isinstance(exc, DutyDeskError) else f"Could not save the pattern: {exc}")
