"""The running-incident screen: built for an officer under pressure.

Top: the title, the time since start (always visible, large) and the update timers.
Middle: ONE big card with the next thing to do and the buttons to do it. Right: every
step with its state; clicking one works on that step instead. Nothing here decides
anything: the services say which step is current and when updates are due.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.db.base import utcnow
from app.incidents import service
from app.incidents.service import IncidentInfo, StepInfo
from ui.incidents import card_room
from ui.incidents.models import StepsModel, clock, configure_table, elapsed_text
from ui.incidents.step_kinds import StepKindCard, _label
from ui.ops.failures import plain_message
from ui.shell import Shell

if TYPE_CHECKING:
    from app.context import AppContext

CARD_STYLE = """
QFrame#step-card { border: 2px solid #2f6fb3; border-radius: 10px; background: palette(base); }
QFrame#step-card[state="done"] { border-color: #5b8f4f; }
QFrame#step-card[state="skipped"] { border-color: palette(mid); }
QLabel#step-caption { font-size: 11pt; font-weight: 700; color: #2f6fb3; letter-spacing: 1px; }
QLabel#step-text { font-size: 20pt; font-weight: 700; }
QLabel#step-text[long="true"] { font-size: 16pt; }
QLabel#step-contact { font-size: 16pt; font-weight: 600; }
QLabel#elapsed { font-size: 26pt; font-weight: 700; font-family: "DejaVu Sans Mono", monospace; }
QLabel#incident-title { font-size: 16pt; font-weight: 700; }
QLabel#timer-banner { font-size: 12pt; font-weight: 600; padding: 6px 10px; border-radius: 6px;
                      background: rgba(47,111,179,0.12); }
QLabel#timer-banner[overdue="true"] { background: #c0392b; color: white; }
QLabel#problem { color: #c0392b; font-weight: 600; }
QLabel#warning { color: #b35900; font-weight: 600; }
QPushButton#done-button { font-size: 13pt; padding: 10px 22px; }
"""


class _OnKindCard:
    """A field of the step card now shown (``StepKindCard``), read through the widget."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, widget: Any, owner: type | None = None) -> Any:
        return self if widget is None else getattr(widget.kind_card, self.name)


class RunningIncidentWidget(QWidget):
    changed = Signal(str)  # incident id, after any successful change
    close_requested = Signal(str)
    report_requested = Signal(str)
    print_requested = Signal(str)
    # what the officer types on the current step's card (``kind_card``)
    statement_fields = _OnKindCard()
    choice_box = _OnKindCard()
    rationale_edit = _OnKindCard()
    cleared_by_edit = _OnKindCard()
    statement_preview = _OnKindCard()
    draft_button = _OnKindCard()
    clear_button = _OnKindCard()
    statement_editor = _OnKindCard()

    def __init__(self, shell: Shell, clock_fn: Callable[[], dt.datetime] = utcnow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shell = shell
        self.clock = clock_fn
        self.incident: IncidentInfo | None = None
        self.selected_no: int | None = None
        self.setStyleSheet(CARD_STYLE)
        self.setAccessibleName("Running incident")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)

        # header: title + elapsed + timers
        header = QHBoxLayout()
        titles = QVBoxLayout()
        self.title_label = _label(name="incident-title")
        self.title_label.setAccessibleName("Incident title")
        self.meta_label = _label()
        self.meta_label.setProperty("role", "muted")
        titles.addWidget(self.title_label)
        titles.addWidget(self.meta_label)
        header.addLayout(titles, 1)
        clock_box = QVBoxLayout()
        self.elapsed_label = _label("0:00:00", "elapsed", wrap=False)
        self.elapsed_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.elapsed_label.setAccessibleName("Time since start")
        since = self.since_label = _label("since start", wrap=False)
        since.setProperty("role", "muted")
        since.setAlignment(Qt.AlignmentFlag.AlignRight)
        clock_box.addWidget(self.elapsed_label)
        clock_box.addWidget(since)
        header.addLayout(clock_box)
        outer.addLayout(header)

        timer_row = QHBoxLayout()
        self.timer_banner = _label(name="timer-banner")
        self.timer_banner.setAccessibleName("Next update")
        self.update_button = QPushButton("Update &posted")
        self.update_button.setAccessibleName("Record that an update was posted")
        self.update_button.clicked.connect(self._update_posted)
        timer_row.addWidget(self.timer_banner, 1)
        timer_row.addWidget(self.update_button)
        outer.addLayout(timer_row)

        self.empty_label = _label(
            "No incident is running.\n\nWhen something breaks, press Start incident (Ctrl+Shift+I): "
            "pick the checklist, type one line saying what is happening, and the clock starts. "
            "The next thing to do will be shown here, big."
        )
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("font-size: 13pt; padding: 12px 24px;")  # fits at 1024x640
        self.empty_label.setProperty("role", "muted")
        outer.addWidget(self.empty_label, 1)
        splitter = self.splitter = QSplitter(Qt.Orientation.Horizontal)
        # the card
        self.card = QFrame()
        self.card.setObjectName("step-card")
        self.card.setAccessibleName("Current step")
        card_layout = QVBoxLayout(self.card)
        card_layout.setContentsMargins(18, 10, 18, 10)
        self.caption = _label(name="step-caption")
        self.step_text = _label(name="step-text")
        self.step_text.setAccessibleName("Step to do")
        self.step_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.guidance = _label()
        self.guidance.setProperty("role", "muted")
        card_layout.addWidget(self.caption)
        card_layout.addWidget(self.step_text)
        card_layout.addWidget(self.guidance)
        self.kind_area = QVBoxLayout()
        card_layout.addLayout(self.kind_area)
        card_layout.addSpacing(4)
        self.note_edit = QLineEdit()
        self.note_edit.setAccessibleName("Note or reason")
        self.note_edit.setPlaceholderText("Note (optional) — or the reason, to skip")
        card_layout.addWidget(self.note_edit)
        buttons = QHBoxLayout()
        self.done_button = QPushButton("✓ Done")
        self.done_button.setObjectName("done-button")
        self.done_button.setProperty("role", "primary")
        self.done_button.setToolTip("Ctrl+Return")
        self.done_button.clicked.connect(self._done)
        self.skip_button = QPushButton("S&kip (needs reason)")
        self.skip_button.clicked.connect(self._skip)
        self.note_button = QPushButton("Add &note")
        self.note_button.clicked.connect(self._note)
        self.reopen_button = QPushButton("&Reopen step")
        self.reopen_button.clicked.connect(self._reopen)
        self.back_button = QPushButton("Back to &next step")
        self.back_button.clicked.connect(self.follow_current)
        moves = QHBoxLayout()  # a second row: on a laptop one row of five buttons is wider than the card
        for button in (self.done_button, self.skip_button, self.note_button, self.reopen_button, self.back_button):
            button.setAccessibleName(button.text().replace("&", ""))
            (buttons if button in (self.done_button, self.skip_button) else moves).addWidget(button)
        buttons.addStretch(1)
        moves.addStretch(1)
        card_layout.addLayout(buttons)
        card_layout.addLayout(moves)
        self.acting = False  # a step write is on its way
        self.problem = _label(name="problem")
        self.problem.setAccessibleName("Problem")
        card_layout.addWidget(self.problem)
        card_layout.addStretch(1)
        self.card_area = QScrollArea()  # a card taller than a laptop's room scrolls, never squashes
        self.card_area.setWidgetResizable(True)
        self.card_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.card_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.card_area.setWidget(self.card)
        splitter.addWidget(self.card_area)
        self.card.installEventFilter(self)

        # the list of steps
        right = self.right_part = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.progress = _label()
        self.progress.setProperty("role", "subheading")
        right_layout.addWidget(self.progress)
        self.steps_model = StepsModel(self)
        self.steps_view = configure_table(QTableView(), self.steps_model, "All steps")
        self.steps_view.setWordWrap(True)
        head = self.steps_view.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.steps_view.clicked.connect(lambda index: self.select_step(self.steps_model.steps[index.row()].no))
        self.steps_view.activated.connect(lambda index: self.select_step(self.steps_model.steps[index.row()].no))
        right_layout.addWidget(self.steps_view, 1)
        right.setMinimumWidth(160)  # the list of steps stays readable beside a wide card
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 420])
        self.steps_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        outer.addWidget(splitter, 1)

        bottom = QHBoxLayout()
        self.closed_label = _label()
        bottom.addWidget(self.closed_label, 1)
        self.report_button = QPushButton("Report &PDF…")
        self.report_button.clicked.connect(lambda: self.incident and self.report_requested.emit(self.incident.id))
        self.print_button = QPushButton("Pr&int report…")
        self.print_button.clicked.connect(lambda: self.incident and self.print_requested.emit(self.incident.id))
        self.close_button = QPushButton("Clo&se incident…")
        self.close_button.clicked.connect(lambda: self.incident and self.close_requested.emit(self.incident.id))
        for button in (self.report_button, self.print_button, self.close_button):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            bottom.addWidget(button)
        outer.addLayout(bottom)

        done_shortcut = QShortcut(QKeySequence("Ctrl+Return"), self)
        done_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # only inside the card
        done_shortcut.activated.connect(self._done)
        self.kind_card = StepKindCard()
        self.set_incident(None)

    # --- state -------------------------------------------------------------------
    def set_incident(self, incident: IncidentInfo | None, *, keep_selection: bool = True) -> None:
        same = incident is not None and self.incident is not None and incident.id == self.incident.id
        typed = self.draft_state() if same and keep_selection else None
        problem = self.problem.text()
        self.incident = incident
        if not (same and keep_selection):
            self.selected_no = None
        self.steps_model.set_incident(incident)
        self._render_card()
        shown = self.shown_step
        if typed and shown is not None and shown.no == typed["step"]:
            self._fill_draft(typed)  # a refresh never throws away what is being typed
            self.problem.setText(problem)  # nor the refusal the officer is reading (a sync may refresh)
        self.tick()
        self.keep_card_whole()
        QTimer.singleShot(0, self, self.keep_card_whole)  # once the step's own fields are laid out

    def keep_card_whole(self) -> None:
        card_room.keep_card_whole(self)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.keep_card_whole()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.card and event.type() == QEvent.Type.Resize:
            self.keep_card_whole()  # the steps list beside it was dragged, or the window resized
        return super().eventFilter(watched, event)

    def reload(self) -> None:
        if self.incident is not None:
            iid = self.incident.id
            self.shell.ops.query(parent=self, op=lambda ctx: service.get_incident(ctx, iid), key="incident").success(
                lambda incident: self.incident is not None and self.incident.id == incident.id and self.set_incident(incident)
            ).run()

    @property
    def shown_step(self) -> StepInfo | None:
        if self.incident is None:
            return None
        if self.selected_no is not None:
            return self.incident.step(self.selected_no)
        return self.incident.current_step

    def select_step(self, no: int) -> None:
        current = self.incident.current_step if self.incident else None
        self.selected_no = None if current is not None and current.no == no else no
        self._render_card()
        self.keep_card_whole()
        QTimer.singleShot(0, self, self.keep_card_whole)  # once the step's own fields are laid out

    def follow_current(self) -> None:
        self.selected_no = None
        self._render_card()
        self.keep_card_whole()

    # --- the card -----------------------------------------------------------------
    def _clear_kind_area(self) -> None:
        while self.kind_area.count():
            item = self.kind_area.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        self.kind_card = StepKindCard()

    def _render_card(self) -> None:
        self._clear_kind_area()
        self.problem.setText("")
        incident = self.incident
        self.card.setVisible(incident is not None)
        for widget in (
            self.splitter, self.elapsed_label, self.since_label, self.title_label, self.meta_label,
            self.report_button, self.print_button, self.close_button,
        ):
            widget.setVisible(incident is not None)
        self.empty_label.setVisible(incident is None)
        if incident is None:
            self.progress.setText("")
            self.closed_label.setText("")
            for button in (self.report_button, self.print_button, self.close_button):
                button.setEnabled(False)
            return
        self.title_label.setText(incident.title)
        self.meta_label.setText(
            f"{incident.template_name} · started {incident.started_at.astimezone():%a %H:%M} by {incident.officer}"
        )
        done = sum(1 for s in incident.steps if not s.is_open)
        self.progress.setText(f"Steps: {done} of {len(incident.steps)} dealt with")
        for button in (self.report_button, self.print_button):
            button.setEnabled(True)
        self.close_button.setEnabled(incident.running)
        self.closed_label.setText(
            "" if incident.running else f"Closed {incident.closed_at.astimezone():%a %H:%M} by {incident.closed_by}. Summary: {incident.summary}"  # type: ignore[union-attr]
        )
        step = self.shown_step
        self._select_row(step)
        if step is None:
            self.card.setProperty("state", "done")
            self.caption.setText("ALL STEPS DEALT WITH" if incident.running else "INCIDENT CLOSED")
            self.step_text.setText("Close the incident with a summary." if incident.running else "This incident is closed.")
            self.guidance.setText("Update timers keep reminding you until the incident is closed." if incident.timers() else "")
            for button in (self.done_button, self.skip_button, self.note_button, self.reopen_button, self.back_button, self.note_edit):
                button.setVisible(False)
            self._repolish(self.card)
            return
        is_next = self.selected_no is None
        self.card.setProperty("state", step.status)
        state = {"open": "NEXT" if is_next else "OPEN", "done": "DONE", "skipped": "SKIPPED"}[step.status]
        self.caption.setText(f"{state} · STEP {step.no} OF {len(incident.steps)} · {step.kind_label.upper()}")
        self.step_text.setText(step.text)
        self.step_text.setProperty("long", len(step.text) > 50)  # a long step still fits a laptop's card
        self._repolish(self.step_text)
        self.guidance.setText(step.guidance)
        self.guidance.setVisible(bool(step.guidance))
        running, is_open = incident.running, step.is_open
        self.done_button.setVisible(running and is_open and (step.kind != "statement" or step.clearance == "cleared"))
        self.skip_button.setVisible(running and is_open)
        self.note_button.setVisible(running)
        self.note_edit.setVisible(running)
        self.reopen_button.setVisible(running and not is_open)
        self.back_button.setVisible(not is_next and incident.current_step is not None)
        self.done_button.setText({
            "call": "✓ Called", "decision": "✓ Record decision", "timer": "✓ Start update timer",
            "statement": "✓ Mark published",
        }.get(step.kind, "✓ Done"))
        self.done_button.setAccessibleName(self.done_button.text().lstrip("✓ "))
        self.kind_card = StepKindCard(self.kind_area, step, running=running, on_draft=self._draft,
                                      on_clear=self._clear, on_copy=self._copy)
        if step.status != "open":
            when = f"{step.status.capitalize()} at {clock(step.done_at)} by {step.officer}."
            if step.reason:
                when += f" Reason: {step.reason}"
            self.kind_area.addWidget(_label(when))
        if step.note:
            self.kind_area.addWidget(_label("Notes: " + step.note.replace("\n", " · ")))
        self._repolish(self.card)
        if running and is_open and step.kind not in ("decision", "statement"):
            self.done_button.setDefault(True)

    def _select_row(self, step: StepInfo | None) -> None:
        selection = self.steps_view.selectionModel()
        selection.clearSelection()
        if step is not None:
            row = next((i for i, s in enumerate(self.steps_model.steps) if s.no == step.no), -1)
            if row >= 0:
                selection.select(
                    self.steps_model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.steps_view.scrollTo(self.steps_model.index(row, 0))

    @staticmethod
    def _repolish(widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    def _act(self, op: Callable[[AppContext], IncidentInfo], message: str,
             then: Callable[[IncidentInfo], None] | None = None, refused: Callable[[], None] | None = None) -> None:
        """Write the step off the GUI thread; the card follows when the answer is back."""
        self.acting = True

        def failed(exc: BaseException) -> None:
            self.acting = False
            self.problem.setText(plain_message(exc))
            if refused is not None:
                refused()

        def done(incident: IncidentInfo) -> None:
            self.acting = False
            self._acted(incident, message)
            if then is not None:
                then(incident)

        self.shell.ops.write(parent=self, op=op).success(done).failure(failed).run()

    def _acted(self, incident: IncidentInfo, message: str) -> None:
        self.problem.setText("")
        self.note_edit.clear()
        if self.selected_no is not None and incident.step(self.selected_no).status != "open":
            self.selected_no = None
        self.set_incident(incident)
        self.shell.notify(message)
        self.changed.emit(incident.id)

    def _done(self) -> None:
        step = self.shown_step
        if self.incident is None or step is None or not step.is_open or not self.incident.running:
            return
        iid, note, no = self.incident.id, self.note_edit.text(), step.no
        if step.kind == "decision":
            choice = self.choice_box.currentText() if self.choice_box else ""
            rationale = self.rationale_edit.toPlainText() if self.rationale_edit else ""
            self._act(lambda ctx: service.complete_step(ctx, iid, no, choice=choice, rationale=rationale, note=note),
                      f"Decision recorded (step {no}).")
        elif step.kind == "statement":
            self._act(lambda ctx: service.publish_statement(ctx, iid, no), f"Statement marked published (step {no}).")
        else:
            self._act(lambda ctx: service.complete_step(ctx, iid, no, note=note), f"Step {no} done.")

    def _skip(self) -> None:
        step = self.shown_step
        if self.incident is None or step is None:
            return
        iid, reason, no = self.incident.id, self.note_edit.text(), step.no
        self._act(lambda ctx: service.skip_step(ctx, iid, no, reason), f"Step {no} skipped.",
                  refused=self.note_edit.setFocus)

    def _note(self) -> None:
        step = self.shown_step
        if self.incident is None or step is None:
            return
        iid, text, no = self.incident.id, self.note_edit.text(), step.no
        self._act(lambda ctx: service.add_note(ctx, iid, no, text), f"Note added to step {no}.")

    def _reopen(self) -> None:
        step = self.shown_step
        if self.incident is None or step is None:
            return
        iid, reason, no = self.incident.id, self.note_edit.text(), step.no
        self._act(lambda ctx: service.reopen_step(ctx, iid, no, reason), f"Step {no} reopened.",
                  then=lambda _incident: self.select_step(no))

    def _draft(self) -> None:
        step = self.shown_step
        if self.incident is None or step is None:
            return
        iid = self.incident.id
        values = {name: edit.text() for name, edit in self.statement_fields.items()}
        text = self.statement_editor.toPlainText() if self.statement_editor is not None else None
        no = step.no

        def drafted(incident: IncidentInfo) -> None:
            self._copy(incident.step(no).statement_text)
            self.select_step(no)

        self._act(lambda ctx: service.draft_statement(ctx, iid, no, values, text=text),
                  "Statement drafted and copied to the clipboard.", then=drafted)

    def _clear(self) -> None:
        step = self.shown_step
        if self.incident is None or step is None or self.cleared_by_edit is None:
            return
        iid, who, no = self.incident.id, self.cleared_by_edit.text(), step.no
        self._act(lambda ctx: service.clear_statement(ctx, iid, no, who), f"Statement cleared by {who.strip()}.",
                  then=lambda _incident: self.select_step(no))

    def _copy(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)

    def _update_posted(self) -> None:
        if self.incident is None:
            return
        states = service.timer_states(self.incident, self.clock())
        if not states:
            return
        iid, no, note, at = self.incident.id, states[0].no, self.note_edit.text(), min(self.clock(), utcnow())
        self._act(lambda ctx: service.record_update(ctx, iid, no, note, at=at), "Update recorded; the timer starts again.")

    # --- typed work kept across a restart ---------------------------------------------
    def draft_state(self) -> dict[str, object] | None:
        """What is typed on the card but not yet saved (kept when the app quits)."""
        step = self.shown_step
        if self.incident is None or step is None or not self.incident.running:
            return None
        typed: dict[str, object] = {
            "note": self.note_edit.text(),
            "choice": self.choice_box.currentText() if self.choice_box else "",
            "rationale": self.rationale_edit.toPlainText() if self.rationale_edit else "",
            "fields": {name: edit.text() for name, edit in self.statement_fields.items()},
            "statement": self.statement_editor.toPlainText() if self.statement_editor else "",
        }
        if self.statement_editor is not None and typed["statement"] == step.statement_text:
            typed["statement"] = ""
        fields = typed["fields"]
        typed_any = any(typed[k] for k in ("note", "choice", "rationale", "statement"))
        if not typed_any and not any(fields.values()):  # type: ignore[attr-defined]
            return None
        return {"incident": self.incident.id, "step": step.no, **typed}

    def restore_draft(self, draft: dict[str, object]) -> None:
        if self.incident is None or draft.get("incident") != self.incident.id:
            return
        self.select_step(int(draft.get("step", 0)))  # type: ignore[call-overload]
        step = self.shown_step
        if step is None or step.no != draft.get("step"):
            return
        self._fill_draft(draft)

    def _fill_draft(self, draft: dict[str, object]) -> None:
        self.note_edit.setText(str(draft.get("note", "")))
        if self.choice_box is not None and draft.get("choice"):
            self.choice_box.setCurrentText(str(draft["choice"]))
        if self.rationale_edit is not None:
            self.rationale_edit.setPlainText(str(draft.get("rationale", "")))
        for name, value in dict(draft.get("fields") or {}).items():  # type: ignore[call-overload]
            if name in self.statement_fields:
                self.statement_fields[name].setText(str(value))
        if self.statement_editor is not None and draft.get("statement"):
            self.statement_editor.setPlainText(str(draft["statement"]))

    # --- the clock -----------------------------------------------------------------
    def tick(self) -> list[service.TimerState]:
        """Refresh the elapsed time and the timer banner; returns the timer states."""
        incident = self.incident
        if incident is None:
            self.elapsed_label.setText("–:––:––")
            self.timer_banner.setVisible(False)
            self.update_button.setVisible(False)
            return []
        now = self.clock()
        self.elapsed_label.setText(elapsed_text(incident.elapsed(now)))
        states = service.timer_states(incident, now)
        self.timer_banner.setVisible(bool(states) or incident.running)
        self.update_button.setVisible(bool(states))
        if not states:
            self.timer_banner.setText("No update timer running yet." if incident.running else "Closed.")
            overdue = False
        else:
            first = states[0]
            if first.overdue:
                late = -first.seconds_left // 60
                self.timer_banner.setText(f"⚠ UPDATE DUE NOW — {first.text} (due {clock(first.due)}, {late} min late)")
            else:
                left = first.seconds_left
                self.timer_banner.setText(f"Next update due {clock(first.due)} — in {left // 60}:{left % 60:02d} · {first.text}")
            overdue = first.overdue
        if self.timer_banner.property("overdue") != overdue:
            self.timer_banner.setProperty("overdue", overdue)
            self._repolish(self.timer_banner)
        self.timer_banner.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        card_room.hold_heights(self.title_label, self.meta_label, self.timer_banner)
        return states

    def first_focus(self) -> QWidget:
        if self.statement_fields:
            return next(iter(self.statement_fields.values()))
        if self.cleared_by_edit is not None:
            return self.cleared_by_edit
        if self.choice_box is not None:
            return self.choice_box
        return self.done_button
