"""Which shifts a calendar export covers: the period on screen, any dates, the whole
rota, or a live calendar on the share that calendar apps subscribe to."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

SHOWN, CUSTOM, WHOLE, FEED = "shown", "custom", "whole", "feed"


class CalendarExportDialog(QDialog):
    def __init__(self, parent: QWidget, *, shown: tuple[dt.date, dt.date], whose: str, has_share: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Export {whose} calendar")
        self.choices = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Which shifts go into the {whose} calendar?"))
        grid = QGridLayout()
        texts = {
            SHOWN: f"The period on screen ({shown[0]:%d %b} to {shown[1]:%d %b %Y})",
            CUSTOM: "From … to …",
            WHOLE: "The whole rota (first shift to last)",
            FEED: "A live calendar on the share (subscribe to it; sync keeps it up to date)",
        }
        for row, (key, text) in enumerate(texts.items()):
            button = QRadioButton(text)
            button.setObjectName(f"calendar-{key}")
            self.buttons[key] = button
            self.choices.addButton(button)
            grid.addWidget(button, row * 2 if key != CUSTOM else 2, 0, 1, 2)
        self.first = QDateEdit(QDate(shown[0].year, shown[0].month, shown[0].day))
        self.last = QDateEdit(QDate(shown[1].year, shown[1].month, shown[1].day))
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd MMM yyyy")
        grid.addWidget(self.first, 3, 0)
        grid.addWidget(self.last, 3, 1)
        layout.addLayout(grid)
        self.buttons[FEED].setEnabled(has_share)
        if not has_share:
            self.buttons[FEED].setToolTip("Set the team's shared folder in Settings first.")
        self.buttons[SHOWN].setChecked(True)
        self.choices.buttonToggled.connect(lambda *_: self._sync_dates())
        self._sync_dates()
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)

    def _sync_dates(self) -> None:
        custom = self.buttons[CUSTOM].isChecked()
        self.first.setEnabled(custom)
        self.last.setEnabled(custom)

    def choice(self) -> str:
        return next(key for key, button in self.buttons.items() if button.isChecked())

    def dates(self) -> tuple[dt.date, dt.date]:
        return self.first.date().toPython(), self.last.date().toPython()  # type: ignore[return-value]
