"""The Incidents view: running incidents (the screen an officer works from under
pressure), the template editor, and the team's contact directory."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication, QFileDialog, QHBoxLayout, QLabel, QListView, QPushButton, QSplitter, QTabWidget, QVBoxLayout,
    QWidget,
)

from app.db.base import utcnow
from app.errors import DutyDeskError
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
from ui.shell import Shell
from ui.views.base import View, heading


DRAFT_KEY = "incidents_draft"


class IncidentsView(View):
    title = "Incidents"
    reminder = Signal(str, int)  # incident id, step number: an update is due now (relayed from the hub)
    report_written = Signal(str)

    def __init__(self, shell: Shell, *, tick_ms: int = 1000, clock: Callable[[], dt.datetime] = utcnow) -> None:
        super().__init__(shell)
        self.clock = clock
        self.start_dialog: StartIncidentDialog | None = None
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
        caption = QLabel("Incidents (running first)")
        caption.setProperty("role", "subheading")
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
        running_tab.setSizes([220, 1040])
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
        shown = self.running.incident.id if self.running.incident else None
        incidents = service.list_incidents(self.shell.ctx)
        self.list_model.set_incidents(incidents)
        wanted = shown or (incidents[0].id if incidents else None)
        if wanted:
            self.show_incident(wanted)
        else:
            self.running.set_incident(None)

    def show_incident(self, incident_id: str) -> None:
        row = self.list_model.row_of(incident_id)
        if row < 0:
            self.list_model.set_incidents(service.list_incidents(self.shell.ctx))
            row = self.list_model.row_of(incident_id)
        if row < 0:
            return
        self.tabs.setCurrentIndex(0)
        self.list_view.selectionModel().blockSignals(True)
        self.list_view.setCurrentIndex(self.list_model.index(row))
        self.list_view.selectionModel().blockSignals(False)
        self.running.set_incident(service.get_incident(self.shell.ctx, self.list_model.incidents[row].id))
        self.golden.set_incident(self.list_model.incidents[row].id)

    def _list_chosen(self, row: int) -> None:
        if 0 <= row < len(self.list_model.incidents):
            self.running.set_incident(service.get_incident(self.shell.ctx, self.list_model.incidents[row].id))
            self.golden.set_incident(self.list_model.incidents[row].id)

    def _after_change(self, incident_id: str) -> None:
        self.list_model.set_incidents(service.list_incidents(self.shell.ctx))
        row = self.list_model.row_of(incident_id)
        self.list_view.selectionModel().blockSignals(True)
        self.list_view.setCurrentIndex(self.list_model.index(row))
        self.list_view.selectionModel().blockSignals(False)
        self.shell.changed("incidents")
        self.shell.changed("log")

    def _data_changed(self, topic: str) -> None:
        focus = QApplication.focusWidget()
        if topic in ("incidents", "contacts", "sync") and not (focus is not None and self.running.isAncestorOf(focus)):
            self.list_model.set_incidents(service.list_incidents(self.shell.ctx))
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

    def open_start_dialog(self) -> StartIncidentDialog:
        self.start_dialog = StartIncidentDialog(list_templates(self.shell.ctx), self)
        self.start_dialog.submitted.connect(self._start)
        self.start_dialog.open()
        self.start_dialog.title_edit.setFocus()
        return self.start_dialog

    def _start(self) -> None:
        dialog = self.start_dialog
        if dialog is None:
            return
        try:
            incident = service.start_incident(self.shell.ctx, dialog.template_key(), dialog.title(), at=self.clock())
        except DutyDeskError as exc:
            dialog.show_error(str(exc))
            return
        dialog.accept()
        # the first step goes on screen at once; the lists elsewhere catch up just after
        self.tabs.setCurrentIndex(0)
        self.running.set_incident(incident)
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
        try:
            incident = service.close_incident(
                self.shell.ctx, incident_id, dialog.summary_edit.toPlainText(), lessons=dialog.lessons_edit.toPlainText()
            )
        except DutyDeskError as exc:
            dialog.show_error(str(exc))
            return
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
        ctx = self.shell.ctx
        self.shell.notify("Writing the incident report…")
        self.shell.tasks.run(
            lambda: write_report(ctx, incident_id, path),
            on_done=lambda out: (self.shell.notify(f"Report saved: {out}"), self.report_written.emit(str(out))),
            on_error=lambda exc: self.shell.notify(f"Report not written: {exc}", 10_000),
        )

    def print_report(self, incident_id: str) -> None:
        ctx = self.shell.ctx
        target = Path(tempfile.mkdtemp(prefix="dutydesk-report-")) / "incident-report.pdf"
        self.shell.tasks.run(
            lambda: write_report(ctx, incident_id, target),
            on_done=lambda out: self._print_pdf(Path(out)),
            on_error=lambda exc: self.shell.notify(f"Report not written: {exc}", 10_000),
        )

    def _print_pdf(self, pdf: Path) -> None:
        from ui.printing import print_pdf

        print_pdf(self, pdf, "Print incident report")

    # --- view ------------------------------------------------------------------------------
    def save_state(self) -> None:
        """Keep what was typed on the step card (a rationale, statement blanks) for next start."""
        device.set_many(self.shell.ctx, {DRAFT_KEY: self.running.draft_state() or {}})

    def _restore_draft(self) -> None:
        draft = device.get(self.shell.ctx, DRAFT_KEY)
        if isinstance(draft, dict) and draft.get("incident"):
            self.show_incident(str(draft["incident"]))
            self.running.restore_draft(draft)
            device.set_many(self.shell.ctx, {DRAFT_KEY: {}})

    def activated(self) -> None:
        self.refresh()
        self.contacts.refresh()

    def first_focus(self) -> QWidget | None:
        if self.running.incident is not None and self.running.incident.running:
            return self.running.first_focus()
        return self.start_button


def create(shell: Shell) -> View:
    return IncidentsView(shell)
