"""The Rota view: month and week grids and a per-officer list, who is on now and next,
checks inline and in a list, and the rota's actions (apply a pattern, edit with undo,
leave, swaps, fill, export, print). All rules and files live in ``app.rota``."""

from __future__ import annotations

import calendar
import datetime as dt
import html
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import DutyDeskError
from app.rota import service, swaps
from app.rota.records import CheckReport, ShiftInfo
from app.rota.wording import describe_now
from app.settings import device
from app.team.service import list_officers
from ui.action_registry import ActionRegistry
from ui.rota.dialogs import ApplyPatternDialog, LeaveDialog, ShiftDialog, SwapDialog
from ui.rota.editing import RotaEditing
from ui.rota.exports import RotaExports
from ui.rota.grid import RotaGrid
from ui.rota.models import FindingTableModel, ShiftTableModel
from ui.ops.failures import plain_message
from ui.shell import Shell
from ui.undo import core_undo_stack, undo_redo_actions
from ui.views.base import View, heading

if TYPE_CHECKING:
    from app.context import AppContext

LAYOUTS = (("Month", "month"), ("Week", "week"), ("Officer list", "list"))
LAYOUT_SETTING = "rota.layout"


class RotaView(View):
    title = "Rota"

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.zone = service.zone()
        self.anchor = self._today()
        self.layout_key = "month"
        self.undo_stack = core_undo_stack(shell)  # shared with Settings > Team
        self.editing = RotaEditing(shell, self, self.undo_stack, on_error=self._error, on_notice=self._notice)
        self.exports = RotaExports(shell.ops, self.period, self)  # Export menu and printing
        self.exports.note.connect(self.shell.notify)
        self.exports.failed.connect(self._error)
        self._generation = 0
        self.snapshot: service.RotaSnapshot | None = None
        self.report: CheckReport | None = None
        self._officers: list[str] = []

        # Two rows, so the window fits a 1024x640 laptop: where you are (period, layout,
        # export) on top, what you can do (and who is on) below.
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(heading("Rota"))
        self.period_label = QLabel()
        self.period_label.setProperty("role", "subheading")
        self.period_label.setAccessibleName("Period shown")
        top.addSpacing(12)
        top.addWidget(self.period_label)
        top.addSpacing(12)
        self.registry = ActionRegistry(self)
        self._build_actions()
        self.prev_button = self.registry.tool_button("previous", "Previous period")
        self.today_button = self.registry.tool_button("today", "Go to today")
        self.next_button = self.registry.tool_button("next", "Next period")
        for b in (self.prev_button, self.today_button, self.next_button):
            top.addWidget(b)
        self.layout_combo = QComboBox()
        self.layout_combo.setAccessibleName("Layout")
        for label, key in LAYOUTS:
            self.layout_combo.addItem(label, key)
        self.layout_combo.currentIndexChanged.connect(lambda _i: self.set_layout(self.layout_combo.currentData()))
        self.officer_combo = QComboBox()
        self.officer_combo.setAccessibleName("Officer for the list")
        self.officer_combo.currentIndexChanged.connect(lambda _i: self._fill_list())
        top.addSpacing(8)
        layout_label = QLabel("&Layout:")
        layout_label.setBuddy(self.layout_combo)
        top.addWidget(layout_label)
        top.addWidget(self.layout_combo)
        top.addWidget(self.officer_combo)
        top.addStretch(1)
        more = QToolButton()
        more.setText("Export ▾")
        more.setAccessibleName("Export and print")
        more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        more.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")  # the ▾ says it once
        menu = QMenu(more)
        for action in (self.ics_action, self.ics_mine_action, self.pdf_action, self.printer_action, self.csv_action):
            menu.addAction(action)
        more.setMenu(menu)
        top.addWidget(more)
        outer.addLayout(top)

        bar = QHBoxLayout()
        for action_id in ("patterns", "apply_pattern", "add_shift", "leave", "swap", "fill"):
            button = self.registry.button(action_id)
            button.setMinimumWidth(button.sizeHint().width())  # never squeezed into "ply pattern"
            if action_id == "fill":
                button.setProperty("role", "primary")
            bar.addWidget(button)
        bar.addStretch(1)
        outer.addLayout(bar)
        # who is on: beside the checks' heading, where a laptop's width has room for one line
        self.now_label = QLabel()
        self.now_label.setAccessibleName("Who is on now and next")
        self.now_label.setTextFormat(Qt.TextFormat.RichText)
        self.now_label.setWordWrap(True)
        self.now_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.grid = RotaGrid()
        self.grid.activated.connect(lambda _s: self.edit_action.trigger())
        self.grid.current_changed.connect(self._update_actions)
        self.grid_scroll = QScrollArea()
        self.grid_scroll.setWidgetResizable(True)
        self.grid_scroll.setWidget(self.grid)
        self.grid_scroll.setFocusProxy(self.grid)
        self.list_model = ShiftTableModel()
        self.list_view = QTableView()
        self.list_view.setModel(self.list_model)
        self.list_view.setAccessibleName("Shifts of the chosen officer")
        self.list_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.horizontalHeader().setStretchLastSection(True)
        self.list_view.verticalHeader().hide()
        self.list_view.doubleClicked.connect(lambda _i: self.edit_action.trigger())
        self.stack = QStackedWidget()
        self.stack.addWidget(self.grid_scroll)
        self.stack.addWidget(self.list_view)

        checks = QWidget()
        checks_layout = QVBoxLayout(checks)
        checks_layout.setContentsMargins(0, 4, 0, 0)
        checks_top = QHBoxLayout()
        self.checks_label = QLabel("Checks")
        self.checks_label.setProperty("role", "subheading")
        checks_top.addWidget(self.checks_label)
        checks_top.addWidget(self.now_label, 1)
        legend = QLabel(
            "<span style='background:#f7d98b'>&nbsp;E&nbsp;</span> early &nbsp; "
            "<span style='background:#9cc3ee'>&nbsp;L&nbsp;</span> late &nbsp; "
            "<span style='background:#c0aee8'>&nbsp;N&nbsp;</span> night &nbsp; "
            "<span style='background:#e8796b;color:white'>&nbsp;open&nbsp;</span> needs cover &nbsp; "
            "hatched: leave (AL annual, S sick, T training) &nbsp; red outline: breaks a rule &nbsp; "
            "blue frame: today &nbsp; pink column: bank holiday"
        )
        legend.setProperty("role", "muted")
        legend.setAccessibleName("Legend of the rota colours")
        legend.setWordWrap(True)
        checks_layout.addLayout(checks_top)
        checks_layout.addWidget(legend)
        self.findings_model = FindingTableModel()
        self.findings_view = QTableView()
        self.findings_view.setModel(self.findings_model)
        self.findings_view.setAccessibleName("Check findings: coverage, working time, fairness")
        self.findings_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.findings_view.verticalHeader().hide()
        header = self.findings_view.horizontalHeader()
        header.setStretchLastSection(True)
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.findings_view.setWordWrap(False)
        self.findings_view.activated.connect(self._finding_activated)
        self.findings_view.clicked.connect(self._finding_activated)
        checks_layout.addWidget(self.findings_view)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.stack)
        splitter.addWidget(checks)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        outer.addWidget(splitter, 1)

        self.setTabOrder(self.layout_combo, self.officer_combo)
        self.setTabOrder(self.officer_combo, self.grid)
        self.setTabOrder(self.grid, self.findings_view)
        shell.bus.data_changed.connect(self._on_data_changed)
        self.set_layout("month", remember=False)
        shell.ops.query(parent=self, op=lambda ctx: device.get(ctx, LAYOUT_SETTING, "month")).success(
            lambda saved: saved in {k for _l, k in LAYOUTS} and saved != self.layout_key
            and self.set_layout(saved, remember=False)).run()

    # --- actions ---------------------------------------------------------------------
    def _build_actions(self) -> None:
        """The rota's registry: ids, standard keys first, labels and tooltips from one place."""
        self.undo_action, self.redo_action = undo_redo_actions(self, self.undo_stack)
        add = self.registry.add
        self.apply_action = add("apply_pattern", "Apply &pattern…", "Ctrl+Shift+P", self.apply_pattern_dialog,
                                tip="Put officers on a pattern for some weeks")
        self.patterns_action = add("patterns", "Patter&ns…", "Ctrl+Shift+T", self.patterns_dialog,
                                   tip="Create or edit your team's shift patterns")
        self.add_action = add("add_shift", "&Add shift…", QKeySequence.StandardKey.New, self.add_shift_dialog,
                              tip="Add a single shift")
        self.edit_action = add("edit_shift", "&Edit shift…", "F2", self.edit_shift_dialog,
                               tip="Move, reassign or retype the shift")
        self.remove_action = add("remove_shift", "&Remove shift", QKeySequence.StandardKey.Delete, self.remove_current,
                                 tip="Remove the selected shift (undo brings it back)")
        self.leave_action = add("leave", "&Leave…", "Ctrl+Shift+L", self.leave_dialog,
                                tip="Record leave, sickness or training")
        self.swap_action = add("swap", "S&wap…", "Ctrl+Shift+W", self.swap_dialog,
                               tip="Swap the selected shift with another")
        self.fill_action = add("fill", "&Fill period…", "Ctrl+Shift+F", self.fill_period,
                               tip="Assign officers to open shifts with the solver")
        self.ics_action = add("export_ics", "Export team calendar (.ics)…", "Ctrl+E", lambda: self.exports.export_ics(None),
                              tip="Calendar file for the whole team")
        self.ics_mine_action = add("export_my_ics", "Export my calendar (.ics)…", "Ctrl+Shift+E",
                                   lambda: self.exports.export_ics(self.shell.ctx.officer), tip="Your own shifts")
        self.pdf_action = add("print_pdf", "&Print to PDF…", "Ctrl+Alt+P", self.exports.print_pdf,
                              tip="A4 landscape, one page per week")
        self.printer_action = add("print", "P&rint…", QKeySequence.StandardKey.Print, self.exports.print_on_paper,
                                  tip="Send the shown period to a printer (A4 landscape)")
        self.csv_action = add("hours_csv", "Hours totals (CSV)…", "Ctrl+Shift+H", self.exports.export_csv,
                              tip="Paid hours per officer per week")
        add("previous", "◀", "Ctrl+PgUp", lambda: self.step(-1), tip="Previous period")
        add("today", "Today", "Ctrl+T", self.go_today, tip="Go to today")
        add("next", "▶", "Ctrl+PgDown", lambda: self.step(1), tip="Next period")

    def handle_action(self, action_id: str) -> bool:
        return False

    def _update_actions(self, shift: ShiftInfo | None = None) -> None:
        shift = self.selected_shift()
        for action in (self.edit_action, self.remove_action):
            action.setEnabled(shift is not None)
        self.swap_action.setEnabled(shift is not None and shift.officer is not None)

    # --- period and layout -----------------------------------------------------------
    def period(self) -> tuple[dt.date, dt.date]:
        if self.layout_key == "week":
            monday = self.anchor - dt.timedelta(days=self.anchor.weekday())
            return monday, monday + dt.timedelta(days=6)
        first = self.anchor.replace(day=1)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        return first, last

    def set_layout(self, key: str, remember: bool = True) -> None:
        if key != self.layout_key and remember:  # remembered on this laptop
            self.shell.ops.write(parent=None, op=lambda ctx: device.set_many(ctx, {LAYOUT_SETTING: key})).run()
        self.layout_key = key
        index = self.layout_combo.findData(key)
        if index != self.layout_combo.currentIndex():
            self.layout_combo.setCurrentIndex(index)
        self.stack.setCurrentWidget(self.list_view if key == "list" else self.grid_scroll)
        self.officer_combo.setVisible(key == "list")
        self.refresh()

    def step(self, direction: int) -> None:
        if self.layout_key == "week":
            self.anchor += dt.timedelta(weeks=direction)
        else:
            month = self.anchor.month - 1 + direction
            self.anchor = dt.date(self.anchor.year + month // 12, month % 12 + 1, 1)
        self.refresh()

    def _today(self) -> dt.date:
        return dt.datetime.now(self.zone).date()

    def go_today(self) -> None:
        self.anchor = self._today()
        self.refresh()

    def go_to(self, day: dt.date, layout: str | None = None) -> None:
        self.anchor = day
        if layout:
            self.set_layout(layout)
        else:
            self.refresh()

    # --- loading ---------------------------------------------------------------------
    def activated(self) -> None:
        self.refresh()

    def _on_data_changed(self, topic: str) -> None:
        if topic in ("rota", "sync", "settings", "team"):
            self.refresh()

    def refresh(self) -> None:
        start, end = self.period()
        if self.layout_key == "week":
            self.period_label.setText(f"Week of {start:%a %d %b %Y}")
        else:
            self.period_label.setText(f"{start:%B %Y}")
        self._generation += 1
        generation = self._generation

        def load(ctx: AppContext) -> tuple[Any, ...]:
            snap = service.snapshot(ctx, start, end)
            return snap, snap.check(), service.who_is_on(ctx), [o.name for o in list_officers(ctx)]

        self.shell.ops.query(parent=self, op=load, key="period").success(
            lambda result: self._loaded(generation, start, end, *result)).failure(self._error).run()

    def _loaded(self, generation: int, start: dt.date, end: dt.date, snap: service.RotaSnapshot,
                report: CheckReport, now: service.NowInfo, officers: list[str]) -> None:
        if generation != self._generation or not shiboken6.isValid(self.grid):
            return
        self.snapshot, self.report, self._officers = snap, report, officers
        self.grid.today = self._today()
        self.grid.set_data(snap, start, end, report=report)
        order = {"error": 0, "warning": 1, "info": 2}
        findings = sorted(report.findings, key=lambda f: (order.get(f.severity, 3), f.start))
        self.findings_model.set_findings(findings, self.zone)
        errors = sum(f.severity == "error" for f in findings)
        warnings = sum(f.severity == "warning" for f in findings)
        self.checks_label.setText(
            f"Checks: {errors} problem(s), {warnings} warning(s)" if findings else "Checks: covered, rested and fair"
        )
        on, nxt = describe_now(now, self.zone)
        on, nxt = (html.escape(part).replace(" ", "&nbsp;") for part in (on, nxt))  # breaks only between the two
        self.now_label.setText(f"<b>On&nbsp;now:</b>&nbsp;{on} &nbsp;· <b>Next&nbsp;on:</b>&nbsp;{nxt}")
        current = self.officer_combo.currentText() or self.shell.ctx.officer
        self.officer_combo.blockSignals(True)
        self.officer_combo.clear()
        self.officer_combo.addItems(officers)
        self.officer_combo.setCurrentText(current)
        self.officer_combo.blockSignals(False)
        self._fill_list()
        self._update_actions()

    def _fill_list(self) -> None:
        if self.snapshot is None:
            return
        start, end = self.period()
        name = self.officer_combo.currentText()
        ctx = self.snapshot.context
        shifts = [s for s in self.snapshot.shifts if s.officer == name and start <= ctx.day(s) <= end]
        self.list_model.set_shifts(shifts, self.zone, ctx.bank_holidays)

    def _error(self, exc: BaseException) -> None:
        message = str(exc) if isinstance(exc, DutyDeskError) else f"Something went wrong: {exc}"
        self.shell.notify(message, 8000)
        QMessageBox.warning(self, "Rota", message)

    # --- selection -------------------------------------------------------------------
    def selected_shift(self) -> ShiftInfo | None:
        if self.layout_key == "list":
            index = self.list_view.currentIndex()
            return self.list_model.shift(index.row()) if index.isValid() else None
        return self.grid.current_shift()

    def _finding_activated(self, index: Any) -> None:
        finding = self.findings_model.finding(index.row())
        if finding and finding.shift_ids and self.layout_key != "list":
            self.grid.select_shift(finding.shift_ids[0])

    # --- edits (each is one service call; the undo stack records it) ------------------
    def _attempt(self, fn: Any) -> Any:
        try:
            return fn()
        except DutyDeskError as exc:
            self._error(exc)
            return None

    def _notice(self, text: str) -> None:
        self._error(DutyDeskError(text))

    def add_shift(self, values: dict[str, Any]) -> None:
        self.editing.add_shift(values)

    def edit_shift(self, before: ShiftInfo, values: dict[str, Any]) -> None:
        """Writes only the fields that differ from ``before``."""
        self.editing.edit_shift(before.id, values)

    def remove_shift(self, shift: ShiftInfo) -> None:
        self.editing.remove_shifts([shift.id], lambda _s: self.shell.notify("Shift removed (Ctrl+Z to undo)."))

    def apply_pattern(self, values: dict[str, Any]) -> None:
        def done(shifts: list[ShiftInfo]) -> None:
            self.shell.notify(f"Added {len(shifts)} shifts (Ctrl+Z to undo).")
            self.go_to(values["start"])

        self.editing.apply_pattern(values["name"], values["start"], values["weeks"], values["officers"], done)

    # --- dialogs -------------------------------------------------------------------------
    def apply_pattern_dialog(self) -> None:
        self.shell.ops.query(parent=self, key="patterns", op=service.list_patterns).success(
            self._open_apply_pattern).run()

    def _open_apply_pattern(self, patterns: list[Any]) -> None:
        dialog = ApplyPatternDialog(self, patterns, self._officers, self.grid.current_day() or self.anchor)
        if dialog.exec():
            self.apply_pattern(dialog.values())

    def patterns_dialog(self) -> None:
        self.shell.ops.query(parent=self, key="pattern-editor", op=service.list_patterns).success(
            self._open_pattern_editor).failure(self._error).run()

    def _open_pattern_editor(self, patterns: list[Any]) -> None:
        from ui.rota.pattern_editor import PatternEditor

        self.pattern_editor = PatternEditor(self, patterns, self.editing.save_pattern)
        if self.pattern_editor.exec() and self.pattern_editor.saved:
            self.shell.notify(f"Saved pattern {self.pattern_editor.saved.name} (Ctrl+Z to undo).")

    def add_shift_dialog(self) -> None:
        dialog = ShiftDialog(self, self._officers, self.zone, day=self.grid.current_day(),
                             officer=self.grid.current_officer())
        if dialog.exec():
            values = self._attempt(dialog.values)
            if values:
                self.add_shift(values)

    def edit_shift_dialog(self) -> None:
        shift = self.selected_shift()
        if shift is None:
            self.add_shift_dialog()
            return
        dialog = ShiftDialog(self, self._officers, self.zone, shift=shift)
        if dialog.exec():
            values = self._attempt(dialog.values)
            if values:
                self.edit_shift(shift, values)

    def remove_current(self) -> None:
        shift = self.selected_shift()
        if shift is not None:
            self.remove_shift(shift)

    def leave_dialog(self) -> None:
        dialog = LeaveDialog(self, self._officers, officer=self.grid.current_officer(),
                             day=self.grid.current_day() or self._today())
        if dialog.exec():
            self.editing.add_leave(dialog.values(), lambda leave: self.shell.notify(
                f"Recorded {leave.kind} leave for {leave.officer} (Ctrl+Z to undo)."))

    def swap_dialog(self) -> None:
        shift = self.selected_shift()
        if shift is None or shift.officer is None or self.snapshot is None:
            return
        others = [
            s for s in self.snapshot.shifts
            if s.officer and s.officer_id != shift.officer_id and abs(s.start - shift.start) <= dt.timedelta(days=14)
        ]
        self.swap_dialog_shown = dialog = SwapDialog(self, shift, others, self.zone)

        def preview() -> None:
            other = dialog.other_id()
            if not other:
                return
            dialog.show_effect("Checking…", ok=False)
            self.shell.ops.query(parent=dialog, op=lambda ctx: swaps.preview_swap(ctx, shift.id, other), key="swap-preview").success(
                lambda p: dialog.show_effect(swap_summary(p))).failure(
                lambda exc: dialog.show_effect(plain_message(exc), ok=False)).run()

        dialog.other.currentIndexChanged.connect(lambda _i: preview())
        preview()
        if dialog.exec() and dialog.other_id():
            self.swap(shift.id, dialog.other_id())

    def swap(self, shift_a: str, shift_b: str) -> None:
        self.editing.swap(shift_a, shift_b, lambda done: self.shell.notify(
            f"Swap accepted and recorded (approved by {done.approved_by}; Ctrl+Z to undo)."))

    def fill_period(self) -> None:
        from app.rota import solver

        start, end = self.period()
        self.shell.notify(f"Filling open shifts {start:%d %b} to {end:%d %b}…", 15000)
        self.fill_job = self.shell.jobs.start(parent=self, title="Filling the rota",
                                              work=lambda ctx, control: solver.plan_in_background(
                                                  ctx, start, end, time_limit=10, cancel=control))
        self.fill_job.finished.connect(self._fill_planned)
        self.fill_job.failed.connect(lambda message: self._error(DutyDeskError(message)))

    def _fill_planned(self, result: Any) -> None:  # (a cancelled job never finishes)
        if result.status == "NOTHING_TO_FILL":
            QMessageBox.information(self, "Fill period", "There are no open shifts in this period.")
            return
        lines = [f"{s.officer}: {s.label(self.zone)}" for s in result.assigned[:15]]
        if len(result.assigned) > 15:
            lines.append(f"… and {len(result.assigned) - 15} more")
        for u in result.unfilled[:5]:
            lines.append(f"\nLeft open: {u.shift.label(self.zone)}\n  " + "\n  ".join(u.reasons[:4]))
        text = (f"The solver can assign {len(result.assigned)} shift(s); {len(result.unfilled)} stay open "
                f"({result.gap:.0%} from the proven optimum).\n\n" + "\n".join(lines))
        if not result.assigned:
            QMessageBox.information(self, "Fill period", text)
            return
        answer = QMessageBox.question(self, "Fill period", text + "\n\nApply these assignments?")
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.editing.fill(result)

    def first_focus(self) -> QWidget | None:
        return self.grid if self.layout_key != "list" else self.list_view


def swap_summary(preview: swaps.SwapPreview) -> str:
    lines = []
    for row in preview.effect:
        if row["hours_before"] != row["hours_after"] or row["weekends_before"] != row["weekends_after"]:
            lines.append(
                f"{row['officer']}, week of {row['week']}: {row['hours_before']:g} → {row['hours_after']:g} h, "
                f"weekend shifts {row['weekends_before']} → {row['weekends_after']}"
            )
    if not lines:
        lines.append("Hours and weekends stay the same.")
    for f in preview.new_findings:
        lines.append(f"⚠ New {f.severity}: {f.message}")
    for f in preview.resolved_findings:
        lines.append(f"✓ Resolves: {f.message}")
    if not preview.new_findings:
        lines.append("No new rule is broken.")
    return "\n".join(lines)


def create(shell: Shell) -> View:
    return RotaView(shell)
