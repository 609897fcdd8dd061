"""The Shift log view: the running shift's log, fast entry, search across all shifts,
amend and close items, end the shift with a handover, print the summary."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEventLoop, QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.cli.support import local_zone
from ui.date_inputs import limit_to_valid_dates
from app.settings import device
from app.shiftlog import service
from app.shiftlog.service import EntryFilter, EntryInfo, ShiftInfo
from app.shiftlog.vocab import CATEGORIES, CHANNELS
from app.team.service import list_officers
from ui.log.model import ENTRY_ROLE, EntryTableModel, describe
from ui.log.quick_entry import QuickEntry
from ui.log.shift_bar import ShiftBar, ShiftState
from ui.shell import Shell
from ui.views.base import View, heading

DRAFT_KEY = "shiftlog_draft"
SEARCH_DELAY_MS = 150


class LogView(View):
    title = "Shift log"

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Shift log"))
        self.bar = ShiftBar(shell)
        self.bar.state_changed.connect(self._state_changed)
        layout.addWidget(self.bar)
        self.entry = QuickEntry(shell)
        shell.ops.query(parent=self, op=lambda ctx: device.get(ctx, DRAFT_KEY)).success(self._restore_draft).run()
        layout.addWidget(self.entry)

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search all shifts (Ctrl+F)")
        self.search.setToolTip("Search every shift's entries: results as you type")
        self.search.setAccessibleName("Search the log")
        self.search.setClearButtonEnabled(True)
        self.category = QComboBox()
        self.category.setAccessibleName("Filter by category")
        self.category.addItem("All categories", None)
        for key, label in CATEGORIES.items():
            self.category.addItem(label, key)
        self.channel = QComboBox()
        self.channel.setAccessibleName("Filter by channel")
        self.channel.addItem("All channels", None)
        for key, label in CHANNELS.items():
            self.channel.addItem(label, key)
        self.officer = QComboBox()
        self.officer.setAccessibleName("Filter by officer")
        self.officer.addItem("All officers", None)
        self.use_dates = QCheckBox("Da&tes")
        self.use_dates.setAccessibleName("Filter by dates")
        self.date_from = QDateEdit(QDate.currentDate().addDays(-7))
        self.date_to = QDateEdit(QDate.currentDate())
        for edit in (self.date_from, self.date_to):
            limit_to_valid_dates(edit)
        for edit, name in ((self.date_from, "From date"), (self.date_to, "To date")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd MMM yyyy")
            edit.setAccessibleName(name)
            edit.setEnabled(False)
        self.use_dates.toggled.connect(self.date_from.setEnabled)
        self.use_dates.toggled.connect(self.date_to.setEnabled)
        for combo in (self.category, self.channel, self.officer):  # long labels elide; the search box keeps room
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
        self.search.setMinimumWidth(self.search.fontMetrics().horizontalAdvance(self.search.placeholderText()) + 44)
        filters.addWidget(self.search, 1)
        for widget in (self.category, self.channel, self.officer, self.use_dates, self.date_from, self.date_to):
            filters.addWidget(widget)
        layout.addLayout(filters)

        self.scope = QLabel()
        self.scope.setProperty("role", "muted")
        self.scope.setAccessibleName("What the table shows")
        layout.addWidget(self.scope)
        self.model = EntryTableModel(shell, self)
        self.model.loaded.connect(self._loaded)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Log entries")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        # the entry text stretches; the rest is sized to what it holds, so at 1024x640 the
        # entry is still the widest column
        for column, width in ((0, 44), (1, 60), (2, 165), (3, 85), (5, 110), (6, 165)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Selected entry")
        self.detail.setMinimumHeight(60)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([480, 90])
        layout.addWidget(splitter, 1)

        actions = QHBoxLayout()
        self.amend_button = QPushButton("&Amend…")
        self.amend_button.setAccessibleName("Amend the selected entry")
        self.amend_button.setToolTip("Correct the selected entry (Ctrl+E). The original stays visible.")
        self.amend_button.clicked.connect(self.amend_selected)
        self.close_button = QPushButton("Close &item…")
        self.close_button.setAccessibleName("Close the selected open item")
        self.close_button.clicked.connect(self.close_selected)
        self.count = QLabel()
        self.count.setProperty("role", "muted")
        actions.addWidget(self.amend_button)
        actions.addWidget(self.close_button)
        actions.addStretch(1)
        actions.addWidget(self.count)
        layout.addLayout(actions)

        self._amend_action = QAction("Amend entry", self)
        self._amend_action.setShortcut(QKeySequence("Ctrl+E"))
        self._amend_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._amend_action.triggered.connect(self.amend_selected)
        self._find_action = QAction("Search the log", self)
        self._find_action.setShortcut(QKeySequence.StandardKey.Find)
        self._find_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._find_action.triggered.connect(lambda: (self.search.setFocus(), self.search.selectAll()))
        self.addAction(self._amend_action)
        self.addAction(self._find_action)
        self.table.addAction(self._amend_action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        for combo in (self.category, self.channel, self.officer):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.use_dates.toggled.connect(lambda _on: self.reload())
        self.date_from.dateChanged.connect(lambda _d: self.use_dates.isChecked() and self.reload())
        self.date_to.dateChanged.connect(lambda _d: self.use_dates.isChecked() and self.reload())
        self.table.selectionModel().currentRowChanged.connect(lambda current, _prev: self._show_detail(current.row()))
        for first, second in ((self.entry.save_button, self.search), (self.search, self.category),
                              (self.officer, self.use_dates), (self.date_to, self.table),
                              (self.table, self.amend_button), (self.amend_button, self.close_button)):
            QWidget.setTabOrder(first, second)
        shell.bus.data_changed.connect(self._data_changed)
        self._shift_id: str | None = None
        self.model.loading = True  # the first load starts once the running shift is known
        shell.ops.query(parent=self, op=service.current_shift).success(self._first_load).run()
        QTimer.singleShot(0, self._fill_officers)  # after the first page is on its way

    # --- loading -------------------------------------------------------------------
    def _restore_draft(self, draft: dict | None) -> None:
        if not self.entry.text.text():  # never over what the officer typed meanwhile
            self.entry.restore(draft)

    def _first_load(self, running: ShiftInfo | None) -> None:
        self._shift_id = running.id if running else None
        self.reload()

    def _fill_officers(self) -> None:
        self.shell.ops.query(parent=self, op=lambda ctx: list_officers(ctx, include_inactive=True),
                             key="officers").success(self._show_officers).run()

    def _show_officers(self, officers: list) -> None:
        current = self.officer.currentData()
        self.officer.blockSignals(True)
        while self.officer.count() > 1:
            self.officer.removeItem(1)
        for officer in officers:
            self.officer.addItem(officer.name, officer.name)
        self.officer.setCurrentIndex(max(self.officer.findData(current), 0))
        self.officer.blockSignals(False)

    def _filter(self) -> EntryFilter:
        start = end = None
        if self.use_dates.isChecked():
            zone = local_zone()
            start = dt.datetime.combine(self.date_from.date().toPython(), dt.time(), zone)
            end = dt.datetime.combine(self.date_to.date().toPython() + dt.timedelta(days=1), dt.time(), zone)
        return EntryFilter(category=self.category.currentData(), channel=self.channel.currentData(),
                           officer=self.officer.currentData(), start=start, end=end, newest_first=True)

    def reload(self) -> None:
        where = self._filter()
        query = self.search.text().strip()
        if query:
            self.scope.setText(f"Search results for “{query}” across all shifts, newest first")
            self.model.show_search(query, where)
        elif self.use_dates.isChecked() or self._shift_id is None:
            self.scope.setText("All shifts in the chosen dates, newest first" if self.use_dates.isChecked()
                               else "No shift running: showing every entry, newest first")
            self.model.show_entries(where)
        else:
            self.scope.setText("This shift's log, newest first")
            self.model.show_entries(EntryFilter(shift_id=self._shift_id, category=where.category,
                                                channel=where.channel, officer=where.officer, newest_first=True))

    def _loaded(self) -> None:
        if self.model.error:
            self.count.setText(f"Could not load the log: {self.model.error}")
            return
        total = self.model.total_rows()
        self.count.setText(f"{total} entr{'y' if total == 1 else 'ies'}")
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectionModel().setCurrentIndex(
                self.model.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        elif not self.model.rowCount():
            self.detail.setPlainText("No entries yet. Type in the line above and press Enter.")

    def wait_loaded(self, timeout_ms: int = 10_000) -> bool:
        """For tests and the bench: let the current load finish (the event loop runs,
        without spinning, so the worker gets the CPU)."""
        if self.model.loading:
            loop = QEventLoop()
            self.model.loaded.connect(loop.quit)
            QTimer.singleShot(timeout_ms, loop.quit)
            loop.exec()
            self.model.loaded.disconnect(loop.quit)
        return not self.model.loading

    def _state_changed(self, state: ShiftState) -> None:
        shift_id = state.shift.id if state.shift else None
        if shift_id != self._shift_id:
            self._shift_id = shift_id
            self.reload()

    def _data_changed(self, topic: str) -> None:
        if topic == "log":
            self.reload()
        elif topic in ("settings", "sync"):
            self._fill_officers()
            self.reload()

    # --- entries -------------------------------------------------------------------
    def selected_entry(self) -> EntryInfo | None:
        index = self.table.currentIndex()
        return self.model.data(index, ENTRY_ROLE) if index.isValid() else None

    def _show_detail(self, row: int) -> None:
        entry = self.model.entry(row)
        self.detail.setPlainText(describe(entry) if entry else "")
        self.close_button.setEnabled(bool(entry and entry.open and not entry.amended))

    def select_entry(self, entry_id: str) -> bool:
        for row in range(self.model.rowCount()):
            entry = self.model.entry(row)
            if entry and entry.id == entry_id:
                self.table.selectRow(row)
                return True
        return False

    def amend_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            self.shell.notify("Select the entry to amend first.")
            return
        from ui.log.dialogs import AmendDialog  # first use only: keeps opening the view quick

        AmendDialog(self.shell, entry, self).exec()

    def close_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None or not entry.open:
            self.shell.notify("Select an open item to close.")
            return
        note, ok = QInputDialog.getText(self, f"Close item #{entry.seq}", "How was it closed?")
        if not ok:
            return
        entry_id = entry.id
        self.shell.ops.write(parent=self, op=lambda ctx: service.close_item(ctx, entry_id, note)).run()

    # --- View contract -------------------------------------------------------------
    def activated(self) -> None:
        self.bar.refresh()

    def first_focus(self) -> QWidget | None:
        return self.entry.text

    def handle_action(self, action_id: str) -> None:
        if action_id == "quick_log":
            self.entry.focus_text()

    def save_state(self) -> None:
        draft = self.entry.draft() or {}
        self.shell.ops.write(parent=None, op=lambda ctx: device.set_many(ctx, {DRAFT_KEY: draft})).run()


def create(shell: Shell) -> View:
    return LogView(shell)
