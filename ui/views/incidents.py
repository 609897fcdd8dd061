"""The Incidents view: running incidents (the screen an officer works from under
pressure), the template editor, and the team's contact directory."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication, QFileDialog, QHBoxLayout, QLabel, QListView, QPushButton, QSplitter, QTabWidget, QVBoxLayout,
    QWidget,
)

from app.db.base import utcnow
from app.incidents import service
from app.incidents.report import write_report
from app.incidents.templates import list_templates
from app.settings import device
from ui.incidents import focus_hub
from ui.incidents.contacts import ContactsWidget
from ui.incidents.dialogs import CloseIncidentDialog, StartIncidentDialog
from ui.incidents.models import IncidentListModel
from ui.incidents.golden_hour import GoldenHourPanel
from ui.incidents.running import RunningIncidentWidget
from ui.incidents.template_editor import TemplateEditor
from ui.ops.failures import plain_message
from ui.shell import Shell
from ui.views.base import View, heading

if TYPE_CHECKING:
    from app.context import AppContext


DRAFT_KEY = "incidents_draft"


class IncidentsView(View):
    title = "Incidents"
    reminder = Signal(str, int)  # incident id, step number: an update is due now (relayed from the hub)
    report_written = Signal(str)

    def __init__(self, shell: Shell, *, tick_ms: int = 1000, clock: Callable[[], dt.datetime] = utcnow) -> None:
        super().__init__(shell)
        self.clock = clock
        self.start_dialog: StartIncidentDialog | None = None
        self._after_list: list[Callable[[], None]] = []
        self.close_dialog: CloseIncidentDialog | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(heading("Incidents"))
        top.addStretch(1)
        self.start_button = QPushButton("▶  Start incident   (Ctrl+Shift+I)")
        self.start_button.setAccessibleName("Start incident")
        self.start_button.setProperty("role", "danger")
        self.start_button.setStyleSheet("font-size: 13pt;")
        self.start_button.clicked.connect(self.open_start_dialog)
        top.addWidget(self.start_button)
        layout.addLayout(top)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Incidents sections")
        running_tab = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left.setMinimumWidth(160)  # titles readable in two or three lines, not six
        caption = QLabel("Incidents (running first)")
        caption.setProperty("role", "subheading")
        caption.setWordWrap(True)
        left_layout.addWidget(caption)
        self.list_model = IncidentListModel(self)
        self.list_view = QListView()
        self.list_view.setAccessibleName("Incidents")
        self.list_view.setModel(self.list_model)
        self.list_view.setWordWrap(True)
        self.list_view.setSpacing(2)
        self.list_view.selectionModel().currentChanged.connect(lambda cur, _prev: self._list_chosen(cur.row()))
        left_layout.addWidget(self.list_view, 1)
        self.running = RunningIncidentWidget(shell, clock_fn=lambda: self.clock())
        self.running.changed.connect(self._after_change)
        self.running.close_requested.connect(self.open_close_dialog)
        self.running.report_requested.connect(self.choose_report_file)
        self.running.print_requested.connect(self.print_report)
        running_tab.addWidget(left)
        self.golden = GoldenHourPanel(shell, clock_fn=lambda: self.clock())
        self.golden.problem.connect(shell.notify)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.running)
        right.addWidget(self.golden)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        right.setChildrenCollapsible(False)
        running_tab.addWidget(right)
        running_tab.setStretchFactor(0, 1)
        running_tab.setStretchFactor(1, 4)
        running_tab.setSizes([180, 1080])  # the step card needs the room more than the list
        self.tabs.addTab(running_tab, "&Running incidents")
        self.editor = TemplateEditor(shell)
        self.tabs.addTab(self.editor, "&Templates")
        self.contacts = ContactsWidget(shell)
        self.tabs.addTab(self.contacts, "C&ontacts")
        layout.addWidget(self.tabs, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        shell.bus.data_changed.connect(self._data_changed)
        hub = self.hub = focus_hub(shell, self)
        hub.reminder.connect(self.reminder.emit)
        hub.requested.connect(self.show_incident)
        hub.start_requested.connect(self.open_start_dialog)
        self.refresh()
        if hub.pending:
            self.show_incident(hub.pending)
        self._restore_draft()
        self.tick()

    # --- list ----------------------------------------------------------------------
    def refresh(self) -> None:
        self._load_list(then=self._show_wanted)

    def _load_list(self, then: Callable[[], None] | None = None) -> None:
        """The list, read off the GUI thread; ``then`` runs once it is shown. Only the newest
        read is shown, but every ``then`` asked for meanwhile still runs (none is lost)."""
        if then is not None:
            self._after_list.append(then)

        def loaded(incidents: list[service.IncidentInfo]) -> None:
            self._set_list(incidents)
            waiting, self._after_list = self._after_list, []
            for step in waiting:
                step()

        self.shell.ops.query(parent=self, op=service.list_incidents, key="list").success(loaded).run()

    def _set_list(self, incidents: list[service.IncidentInfo]) -> None:
        self.list_model.set_incidents(incidents)
        shown = self.running.incident.id if self.running.incident else None
        row = self.list_model.row_of(shown) if shown else -1
        if row >= 0:
            self.list_view.selectionModel().blockSignals(True)
            self.list_view.setCurrentIndex(self.list_model.index(row))
            self.list_view.selectionModel().blockSignals(False)

    def _show_wanted(self) -> None:
        incidents = self.list_model.incidents
        shown = self.running.incident.id if self.running.incident else None
        wanted = shown or (incidents[0].id if incidents else None)
        if wanted:
            self.show_incident(wanted)
        else:
            self.running.set_incident(None)
        self.golden.setVisible(wanted is not None)  # no intake form to fill without an incident

    def show_incident(self, incident_id: str) -> None:
        if self.list_model.row_of(incident_id) < 0:
            self._load_list(then=lambda: self.list_model.row_of(incident_id) >= 0 and self.show_incident(incident_id))
            return
        row = self.list_model.row_of(incident_id)
        self.tabs.setCurrentIndex(0)
        self.list_view.selectionModel().blockSignals(True)
        self.list_view.setCurrentIndex(self.list_model.index(row))
        self.list_view.selectionModel().blockSignals(False)
        self._open(incident_id)

    def _open(self, incident_id: str) -> None:
        self.shell.ops.query(parent=self, op=lambda ctx: service.get_incident(ctx, incident_id), key="open").success(
            self.running.set_incident).run()
        self.golden.set_incident(incident_id)
        self.golden.show()

    def _list_chosen(self, row: int) -> None:
        if 0 <= row < len(self.list_model.incidents):
            self._open(self.list_model.incidents[row].id)

    def _after_change(self, incident_id: str) -> None:
        self._load_list()  # the write op already told every other view what changed

    def _data_changed(self, topic: str) -> None:
        focus = QApplication.focusWidget()
        if topic in ("incidents", "contacts", "sync") and not (focus is not None and self.running.isAncestorOf(focus)):
            self._load_list()
            if topic != "incidents":
                self.running.reload()

    # --- timers ------------------------------------------------------------------------
    def tick(self) -> None:
        """Every tick: the elapsed time and the timer banner; reminders come from the hub."""
        self.running.tick()
        self.golden.tick()
        self.list_model.set_overdue(self.hub.overdue)

    # --- start / close -----------------------------------------------------------------
    def handle_action(self, action_id: str) -> None:
        if action_id == "start_incident":
            self.open_start_dialog()

    def open_start_dialog(self) -> None:
        """The templates are read off the GUI thread; the dialog opens when they are in."""
        self.start_dialog = None
        self.shell.ops.query(parent=self, op=list_templates, key="templates").success(self._open_start_dialog).run()

    def _open_start_dialog(self, templates: list) -> None:
        self.start_dialog = StartIncidentDialog(templates, self)
        self.start_dialog.submitted.connect(self._start)
        self.start_dialog.open()
        self.start_dialog.title_edit.setFocus()

    def _start(self) -> None:
        dialog = self.start_dialog
        if dialog is None:
            return
        key, title, at = dialog.template_key(), dialog.title(), self.clock()
        self.shell.ops.write(parent=dialog, op=lambda ctx: service.start_incident(ctx, key, title, at=at)).success(
            lambda incident: self._started(dialog, incident)).failure(
            lambda exc: dialog.show_error(plain_message(exc))).run()

    def _started(self, dialog: StartIncidentDialog, incident: service.IncidentInfo) -> None:
        dialog.accept()
        # the first step goes on screen at once; the lists elsewhere catch up just after
        self.tabs.setCurrentIndex(0)
        self.running.set_incident(incident)
        self.golden.show()
        self.golden.begin(incident.id)  # the intake form opens the incident
        QTimer.singleShot(0, lambda: self._after_start(incident))

    def _after_start(self, incident: service.IncidentInfo) -> None:
        self._after_change(incident.id)
        self.shell.notify(f"Incident started: {incident.title}. The clock is running.")

    def open_close_dialog(self, incident_id: str) -> CloseIncidentDialog | None:
        incident = self.running.incident
        if incident is None or incident.id != incident_id:
            return None
        self.close_dialog = CloseIncidentDialog(incident.title, len(incident.open_steps), self)
        self.close_dialog.submitted.connect(lambda: self._close(incident_id))
        self.close_dialog.open()
        return self.close_dialog

    def _close(self, incident_id: str) -> None:
        dialog = self.close_dialog
        if dialog is None:
            return
        summary, lessons = dialog.summary_edit.toPlainText(), dialog.lessons_edit.toPlainText()
        self.shell.ops.write(parent=dialog, op=lambda ctx: service.close_incident(ctx, incident_id, summary, lessons=lessons)
                             ).success(lambda incident: self._closed(dialog, incident)).failure(
            lambda exc: dialog.show_error(plain_message(exc))).run()

    def _closed(self, dialog: CloseIncidentDialog, incident: service.IncidentInfo) -> None:
        dialog.accept()
        self._after_change(incident.id)
        self.running.set_incident(incident)
        self.shell.notify(f"Incident closed: {incident.title}. The report is ready (Report PDF…).")

    # --- report --------------------------------------------------------------------------
    def choose_report_file(self, incident_id: str) -> None:
        dialog = QFileDialog(self, "Save incident report", str(Path.home() / "incident-report.pdf"), "PDF (*.pdf)")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.fileSelected.connect(lambda path: self.save_report(incident_id, path))
        dialog.open()

    def save_report(self, incident_id: str, path: str) -> None:
        self.shell.notify("Writing the incident report…")
        self.shell.ops.query(parent=self, op=lambda ctx: write_report(ctx, incident_id, path)).success(
            lambda out: (self.shell.notify(f"Report saved: {out}"), self.report_written.emit(str(out)))).failure(
            lambda exc: self.shell.notify(f"Report not written: {plain_message(exc)}", 10_000)).run()

    def print_report(self, incident_id: str) -> None:
        target = Path(tempfile.mkdtemp(prefix="dutydesk-report-")) / "incident-report.pdf"
        self.shell.ops.query(parent=self, op=lambda ctx: write_report(ctx, incident_id, target)).success(
            lambda out: self._print_pdf(Path(out))).failure(
            lambda exc: self.shell.notify(f"Report not written: {plain_message(exc)}", 10_000)).run()

    def _print_pdf(self, pdf: Path) -> None:
        from ui.printing import print_pdf

        print_pdf(self, pdf, "Print incident report")

    # --- view ------------------------------------------------------------------------------
    def save_state(self) -> None:
        """Keep what was typed on the step card (a rationale, statement blanks) for next start."""
        draft = self.running.draft_state() or {}
        self.shell.ops.write(parent=None, op=lambda ctx: device.set_many(ctx, {DRAFT_KEY: draft})).run()

    def _restore_draft(self) -> None:
        def take(ctx: AppContext) -> dict | None:
            """Read the draft and clear it in one unit: it is restored once."""
            draft = device.get(ctx, DRAFT_KEY)
            if isinstance(draft, dict) and draft.get("incident"):
                device.set_many(ctx, {DRAFT_KEY: {}})
                return draft
            return None

        self.shell.ops.write(parent=self, op=take).success(self._restore).run()

    def _restore(self, draft: dict | None) -> None:
        if draft is None:
            return
        incident_id = str(draft["incident"])

        def shown(incident: service.IncidentInfo) -> None:
            self.running.set_incident(incident)
            self.running.restore_draft(draft)

        # its own key: the draft was taken from the database, so a later "open" must not drop it as stale
        self.shell.ops.query(parent=self, op=lambda ctx: service.get_incident(ctx, incident_id), key="draft").success(
            shown).run()

    def activated(self) -> None:
        self.refresh()
        self.contacts.refresh()

    def first_focus(self) -> QWidget | None:
        if self.running.incident is not None and self.running.incident.running:
            return self.running.first_focus()
        return self.start_button


def create(shell: Shell) -> View:
    return IncidentsView(shell)
