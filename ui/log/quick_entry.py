"""The fast entry line: type, press Enter, it is in the log.

Category, channel and link sit beside the line; "More" opens the time of the event
(for late entries), open/due (with FOI working days) and the rationale, which a
decision requires. A half-typed entry can be saved as a draft and restored.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.cli.support import local_zone
from ui.date_inputs import limit_to_valid_dates
from app.shiftlog import service
from app.shiftlog.service import EntryInfo
from app.shiftlog.vocab import CATEGORIES, CHANNELS
from app.shiftlog.workdays import FOI_WORKING_DAYS, add_working_days
from ui.ops.failures import plain_message
from ui.shell import Shell

USER_CATEGORIES = ("note", "post", "reply", "enquiry", "escalation", "decision", "incident")


class QuickEntry(QWidget):
    saved = Signal(object)  # EntryInfo

    def __init__(self, shell: Shell, parent: QWidget | None = None, *, compact: bool = False) -> None:
        super().__init__(parent)
        self.shell = shell
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.text = QLineEdit()
        self.text.setPlaceholderText("What happened? Type and press Enter to log it")
        self.text.setAccessibleName("Log entry text")
        self.text.setClearButtonEnabled(True)
        self.text.returnPressed.connect(self.submit)
        self.category = QComboBox()
        self.category.setAccessibleName("Category")
        for key in USER_CATEGORIES:
            self.category.addItem(CATEGORIES[key], key)
        self.channel = QComboBox()
        self.channel.setAccessibleName("Channel")
        self.channel.addItem("No channel", None)
        for key, label in CHANNELS.items():
            self.channel.addItem(label, key)
        self.more = QToolButton()
        self.more.setText("More")
        self.more.setCheckable(True)
        self.more.setAccessibleName("More entry options")
        self.save_button = QPushButton("&Log it")
        self.save_button.setProperty("role", "primary")
        self.save_button.setAccessibleName("Save log entry")
        self.save_button.clicked.connect(self.submit)
        row.addWidget(self.text, 1)
        row.addWidget(self.category)
        row.addWidget(self.channel)
        row.addWidget(self.more)
        row.addWidget(self.save_button)
        outer.addLayout(row)

        self.details = QWidget()
        grid = QGridLayout(self.details)
        grid.setContentsMargins(0, 0, 0, 0)
        self.link = QLineEdit()
        self.link.setAccessibleName("Link")
        self.link.setPlaceholderText("Link to the post or message (optional)")
        self.earlier = QCheckBox("It happened &earlier, at")
        self.earlier.setAccessibleName("The event happened earlier")
        self.event_at = QDateTimeEdit()
        self.event_at.setAccessibleName("Time of the event")
        self.event_at.setDisplayFormat("dd MMM yyyy HH:mm")
        limit_to_valid_dates(self.event_at)
        self.event_at.setCalendarPopup(True)
        self.event_at.setDateTime(QDateTime.currentDateTime())
        self.event_at.setEnabled(False)
        self.earlier.toggled.connect(self._earlier_toggled)
        self.is_open = QCheckBox("&Open item (needs follow-up)")
        self.is_open.setAccessibleName("Open item")
        self.has_due = QCheckBox("Due")
        self.has_due.setAccessibleName("Has a due date")
        self.due = QDateEdit()
        self.due.setAccessibleName("Due date")
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("ddd dd MMM yyyy")
        limit_to_valid_dates(self.due)
        self.due.setDate(QDate.currentDate())
        self.foi = QPushButton(f"{FOI_WORKING_DAYS} &working days (FOI)")
        self.foi.setAccessibleName(f"Set the due date {FOI_WORKING_DAYS} working days from today")
        self.foi.clicked.connect(self._foi_due)
        self.rationale = QLineEdit()
        self.rationale.setAccessibleName("Rationale")
        self.rationale.setPlaceholderText("Why? (required for a decision)")
        grid.addWidget(QLabel("Link:"), 0, 0)
        grid.addWidget(self.link, 0, 1, 1, 4)
        grid.addWidget(self.earlier, 1, 0)
        grid.addWidget(self.event_at, 1, 1)
        grid.addWidget(self.is_open, 1, 2)
        due_row = QHBoxLayout()
        due_row.addWidget(self.has_due)
        due_row.addWidget(self.due)
        due_row.addWidget(self.foi)
        grid.addLayout(due_row, 1, 3, 1, 2)
        self.rationale_label = QLabel("&Rationale:")
        self.rationale_label.setBuddy(self.rationale)
        grid.addWidget(self.rationale_label, 2, 0)
        grid.addWidget(self.rationale, 2, 1, 1, 4)
        outer.addWidget(self.details)
        self.details.setVisible(False)
        self.more.toggled.connect(self.details.setVisible)
        self.category.currentIndexChanged.connect(self._category_changed)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Entry message")
        self.message.setProperty("role", "muted")
        outer.addWidget(self.message)
        # Tab walks the line, then (when "More" is open) the fields it shows, then "Log it".
        chain = (self.text, self.category, self.channel, self.more, self.link, self.earlier, self.event_at,
                 self.is_open, self.has_due, self.due, self.foi, self.rationale, self.save_button)
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)
        self.busy = False

    # --- helpers -------------------------------------------------------------------
    def _earlier_toggled(self, on: bool) -> None:
        self.event_at.setEnabled(on)
        if on:
            self.event_at.setDateTime(QDateTime.currentDateTime())

    def _foi_due(self) -> None:
        due = add_working_days(dt.date.today(), FOI_WORKING_DAYS)
        self.is_open.setChecked(True)
        self.has_due.setChecked(True)
        self.due.setDate(QDate(due.year, due.month, due.day))

    def _category_changed(self) -> None:
        if self.category.currentData() == "decision":
            self.more.setChecked(True)
            self.message.setText("A decision needs its rationale: say why in the Rationale box.")

    def focus_text(self) -> None:
        self.text.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.text.selectAll()

    # --- draft ---------------------------------------------------------------------
    def draft(self) -> dict[str, Any] | None:
        if not (self.text.text().strip() or self.rationale.text().strip()):
            return None
        return {"text": self.text.text(), "category": self.category.currentData(),
                "channel": self.channel.currentData(), "link": self.link.text(), "rationale": self.rationale.text()}

    def restore(self, draft: dict[str, Any] | None) -> None:
        if not draft:
            return
        self.text.setText(str(draft.get("text", "")))
        self.category.setCurrentIndex(max(self.category.findData(draft.get("category")), 0))
        self.channel.setCurrentIndex(max(self.channel.findData(draft.get("channel")), 0))
        self.link.setText(str(draft.get("link") or ""))
        self.rationale.setText(str(draft.get("rationale") or ""))
        if self.link.text() or self.rationale.text():
            self.more.setChecked(True)

    # --- saving --------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        event_at = None
        if self.earlier.isChecked():
            event_at = self.event_at.dateTime().toPython().replace(tzinfo=local_zone())
        due = self.due.date().toPython() if self.has_due.isChecked() and self.is_open.isChecked() else None
        return {
            "category": self.category.currentData(), "channel": self.channel.currentData(),
            "link": self.link.text().strip() or None, "event_at": event_at, "is_open": self.is_open.isChecked(),
            "due": due, "rationale": self.rationale.text().strip() or None,
        }

    def submit(self) -> None:
        if self.busy:
            return
        text = self.text.text()
        try:
            values = self.values()
        except (ValueError, OverflowError) as exc:
            self.message.setText(str(exc))
            return
        self.busy = True
        self.shell.ops.write(parent=self, op=lambda ctx: service.add_entry(ctx, text, **values)).success(
            self._saved).failure(self._failed).run()

    def _saved(self, entry: EntryInfo) -> None:
        self.busy = False
        self.text.clear()
        self.link.clear()
        self.rationale.clear()
        self.earlier.setChecked(False)
        self.is_open.setChecked(False)
        self.has_due.setChecked(False)
        self.category.setCurrentIndex(0)
        note = " (outside a shift: start your shift to number it in the shift log)" if entry.outside_shift else ""
        self.message.setText(f"Logged #{entry.seq} at {entry.recorded_at.astimezone():%H:%M}{note}.")
        self.saved.emit(entry)

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.message.setText(plain_message(exc, "logging the entry"))  # the typed text stays
