"""The golden-hour panel of the running-incident screen: intake form, facts board,
channel clocks, the statement with guard flags as it is typed, and the clearance ladder.

Every read and write goes through ``shell.ops`` (off the GUI thread). The guard itself is
a pure function of the text and the facts already loaded (2 ms for 500 words, see
bench/bench_golden_hour.py), so it runs as the officer types.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.db.base import utcnow
from app.incidents import channels, clearance, facts, plan, service
from app.incidents.channels import ChannelClock
from app.incidents.clearance import Ladder
from app.incidents.facts import INTAKE_FIELDS, FactInfo, check_against
from app.incidents.plan import PlannedInfo
from app.incidents.review import write_review
from ui.fields import named_edit
from ui.incidents.golden_tables import ChannelsModel, FactsModel
from ui.incidents.models import configure_table


@dataclass(frozen=True)
class Snapshot:
    incident_id: str
    intake: dict[str, str] | None
    facts: list[FactInfo]
    clocks: list[ChannelClock]
    statement_step: int | None
    ladder: Ladder | None
    due_posts: list[PlannedInfo]


def load_snapshot(ctx, incident_id: str, now: dt.datetime) -> Snapshot:  # type: ignore[no-untyped-def]
    """Everything the panel shows, read in one worker-thread call."""
    incident = service.get_incident(ctx, incident_id)
    step = next((s.no for s in incident.steps if s.kind == "statement"), None)
    return Snapshot(
        incident.id, facts.get_intake(ctx, incident.id), facts.list_facts(ctx, incident.id),
        channels.channel_clocks(ctx, incident.id), step,
        clearance.ladder(ctx, incident.id, step, now=now) if step is not None else None,
        plan.due_on_start(ctx, incident.id),
    )


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    return button


class GoldenHourPanel(QTabWidget):
    loaded = Signal()
    problem = Signal(str)

    def __init__(self, shell, clock_fn: Callable[[], dt.datetime] = utcnow, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.shell = shell
        self.clock = clock_fn
        self.incident_id: str | None = None
        self.snapshot: Snapshot | None = None
        self._moved_up_for: dt.datetime | None = None
        self.setAccessibleName("Golden hour")
        self._build_intake()
        self._build_facts()
        self._build_statement()
        self._build_clearance()
        self._build_channels()
        self._build_plan()
        self._build_review()

    def addTab(self, page: QWidget, label: str) -> int:  # noqa: N802 - Qt API
        """Each page scrolls, so on a 640-pixel-high laptop the panel gives way to the step
        card above it instead of squashing it."""
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setMinimumHeight(36)
        area.setWidget(page)
        return super().addTab(area, label)

    def indexOf(self, page: QWidget) -> int:  # noqa: N802 - Qt API
        """The tab of a page, whether given the page or the scroll area around it."""
        for index in range(self.count()):
            area = self.widget(index)
            if page is area or (isinstance(area, QScrollArea) and area.widget() is page):
                return index
        return -1

    # --- building ----------------------------------------------------------------------
    def _build_intake(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        self.intake_edits: dict[str, QLineEdit] = {}
        for key, label in INTAKE_FIELDS.items():
            edit = named_edit(label)
            self.intake_edits[key] = edit
            form.addRow(f"{label}:", edit)
        self.intake_edits["sources"].returnPressed.connect(self.save_intake)
        self.intake_button = _button("Save intake", "Save intake")
        self.intake_button.clicked.connect(self.save_intake)
        self.intake_status = QLabel("")
        form.addRow(self.intake_button, self.intake_status)
        self.addTab(page, "Intake")

    def _build_facts(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.facts_model = FactsModel(self)
        self.facts_view = configure_table(QTableView(), self.facts_model, "Facts board")
        self.facts_view.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.facts_view)
        row = QHBoxLayout()
        self.claim_edit = named_edit("Claim", "Claim (what was said)")
        self.source_edit = named_edit("Source", "Source (who said it)")
        self.source_edit.returnPressed.connect(self.add_fact)
        self.add_fact_button = _button("Add fact", "Add fact")
        self.add_fact_button.clicked.connect(self.add_fact)
        for widget in (self.claim_edit, self.source_edit, self.add_fact_button):
            row.addWidget(widget)
        layout.addLayout(row)
        states = QHBoxLayout()
        self.confirm_button = _button("Confir&m selected", "Confirm fact")
        self.withdraw_button = _button("&Withdraw selected", "Withdraw fact")
        self.confirm_button.clicked.connect(lambda: self.set_fact_state("confirmed"))
        self.withdraw_button.clicked.connect(lambda: self.set_fact_state("withdrawn"))
        states.addWidget(self.confirm_button)
        states.addWidget(self.withdraw_button)
        states.addStretch(1)
        layout.addLayout(states)
        self.addTab(page, "Facts")

    def _build_statement(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("Statement (checked as you type: facts board and guard)"))
        self.statement_edit = QPlainTextEdit()
        self.statement_edit.setAccessibleName("Statement text")
        self.statement_edit.setTabChangesFocus(True)
        self.statement_edit.textChanged.connect(self.check_statement)
        layout.addWidget(self.statement_edit)
        self.flags_list = QListWidget()
        self.flags_list.setAccessibleName("Guard flags")
        layout.addWidget(self.flags_list)
        row = QHBoxLayout()
        self.override_edit = named_edit("Override reason", "Reason to override the flags (logged)")
        self.draft_button = _button("Dr&aft statement", "Draft statement")
        self.draft_button.clicked.connect(self.draft_statement)
        row.addWidget(self.override_edit)
        row.addWidget(self.draft_button)
        layout.addLayout(row)
        self.statement_status = QLabel("")
        self.statement_status.setWordWrap(True)
        self.statement_status.setAccessibleName("Statement status")
        layout.addWidget(self.statement_status)
        self.addTab(page, "Statement")

    def _build_clearance(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.call_now_label = QLabel("")
        self.call_now_label.setWordWrap(True)
        self.call_now_label.setAccessibleName("Who to call now")
        self.call_now_label.setStyleSheet("font-size: 14pt; font-weight: 600;")
        layout.addWidget(self.call_now_label)
        self.attempts_list = QListWidget()
        self.attempts_list.setAccessibleName("Clearance calls")
        layout.addWidget(self.attempts_list)
        row = QHBoxLayout()
        self.answer_buttons: dict[str, QPushButton] = {}
        for outcome, label in (("no_answer", "No &answer"), ("message", "Left &message"),
                               ("refused", "Ref&used"), ("cleared", "C&leared")):
            button = _button(label, label.replace("&", ""))
            button.clicked.connect(lambda _=False, o=outcome: self.record_answer(o))
            self.answer_buttons[outcome] = button
            row.addWidget(button)
        layout.addLayout(row)
        self.addTab(page, "Clearance")

    def _build_channels(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.channels_model = ChannelsModel(self)
        self.channels_view = configure_table(QTableView(), self.channels_model, "Channel clocks")
        self.channels_view.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        self.channels_view.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.channels_view)
        row = QHBoxLayout()
        self.update_edit = named_edit("Update text", "What the update said")
        self.posted_button = _button("&Update posted on selected", "Update posted")
        self.posted_button.clicked.connect(self.mark_posted)
        row.addWidget(self.update_edit)
        row.addWidget(self.posted_button)
        layout.addLayout(row)
        self.channels_status = QLabel("")
        self.channels_status.setAccessibleName("Channels status")
        layout.addWidget(self.channels_status)
        self.addTab(page, "Channels")

    def _build_plan(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("Planned posts due in the next 3 hours: pause or keep each, with a reason"))
        self.plan_list = QListWidget()
        self.plan_list.setAccessibleName("Planned posts due")
        layout.addWidget(self.plan_list)
        row = QHBoxLayout()
        self.plan_reason_edit = named_edit("Reason for the planned post", "Why (logged)")
        self.pause_button = _button("Pa&use", "Pause planned post")
        self.keep_button = _button("Keep", "Keep planned post")
        self.pause_button.clicked.connect(lambda: self.mark_planned("paused"))
        self.keep_button.clicked.connect(lambda: self.mark_planned("kept"))
        for widget in (self.plan_reason_edit, self.pause_button, self.keep_button):
            row.addWidget(widget)
        layout.addLayout(row)
        self.addTab(page, "Plan")

    def _build_review(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        self.went_well_edit = QPlainTextEdit()
        self.went_well_edit.setAccessibleName("What went well")
        self.went_well_edit.setTabChangesFocus(True)
        self.improve_edit = QPlainTextEdit()
        self.improve_edit.setAccessibleName("What to improve")
        self.improve_edit.setTabChangesFocus(True)
        form.addRow("What went well:", self.went_well_edit)
        form.addRow("What to improve:", self.improve_edit)
        self.review_button = _button("Save review PDF…", "Save review PDF")
        self.review_button.clicked.connect(self._choose_review_file)
        self.review_status = QLabel("")
        form.addRow(self.review_button, self.review_status)
        self.addTab(page, "Review")

    # --- loading -------------------------------------------------------------------------
    def begin(self, incident_id: str) -> None:
        """A new incident: the intake form is on screen at once (nothing to wait for)."""
        self.incident_id, self.snapshot = incident_id, None
        for edit in self.intake_edits.values():
            edit.clear()
        self.intake_status.setText("Fill in what you know now; amend it as you learn more.")
        self.setCurrentIndex(0)
        self.intake_edits["what"].setFocus(Qt.FocusReason.OtherFocusReason)
        self.reload()

    def set_incident(self, incident_id: str | None) -> None:
        if incident_id != self.incident_id:
            self.incident_id, self.snapshot = incident_id, None
            for edit in self.intake_edits.values():
                edit.clear()
            self.statement_edit.clear()
        self.reload()

    def reload(self) -> None:
        if self.incident_id is None:
            return
        iid, now = self.incident_id, self.clock()
        self.shell.ops.query(parent=self, op=lambda ctx: load_snapshot(ctx, iid, now), key="snapshot").success(self._show).run()

    def _show(self, snap: Snapshot) -> None:
        if snap.incident_id != self.incident_id:
            return
        first = self.snapshot is None
        self.snapshot = snap
        if first and snap.intake:
            for key, edit in self.intake_edits.items():
                if not edit.text():
                    edit.setText(snap.intake.get(key, ""))
        self.facts_model.set_facts(snap.facts)
        self.channels_model.set_clocks(snap.clocks, self.clock())
        if snap.ladder is not None:
            self.call_now_label.setText(snap.ladder.call_now())
            self.attempts_list.clear()
            for a in snap.ladder.attempts:
                self.attempts_list.addItem(f"{a.at.astimezone():%H:%M} rung {a.rung} {a.role}: {a.contact} — "
                                           f"{clearance.OUTCOMES[a.outcome]}")
        self.plan_list.clear()
        for post in snap.due_posts:
            status = f"{post.status.upper()}" + (f" ({post.reason})" if post.reason else "")
            self.plan_list.addItem(f"{post.at.astimezone():%H:%M}  {post.channel}  {status}  {post.text}")
            self.plan_list.item(self.plan_list.count() - 1).setData(Qt.ItemDataRole.UserRole, post.id)
        self.check_statement()
        self.tick()
        self.loaded.emit()

    def tick(self) -> None:
        now = self.clock()
        self.channels_model.set_now(now)
        late = [c.label for c in self.channels_model.clocks if c.overdue(now)]
        self.channels_status.setText(f"OVERDUE: {', '.join(late)}" if late else "All channels on time.")
        ladder = self.snapshot.ladder if self.snapshot else None
        if ladder is not None and ladder.move_up_at is not None and now >= ladder.move_up_at \
                and ladder.move_up_at != self._moved_up_for:
            self._moved_up_for = ladder.move_up_at  # once per rung: a ladder with nowhere to go
            self.reload()  # past the wait: the ladder moves up a rung  (would reload in a loop)

    # --- actions ---------------------------------------------------------------------------
    def _write(self, op: Callable, done: Callable[[object], None] | None = None, failed: QLabel | None = None) -> None:  # type: ignore[type-arg]
        def ok(result: object) -> None:
            if done is not None:
                done(result)
            self.reload()

        def bad(exc: BaseException) -> None:
            (failed.setText if failed is not None else self.problem.emit)(str(exc))

        self.shell.ops.write(parent=self, op=op).success(ok).failure(bad).run()

    def save_intake(self) -> None:
        if self.incident_id is None:
            return
        iid, values, now = self.incident_id, {k: e.text() for k, e in self.intake_edits.items()}, self.clock()
        self._write(lambda ctx: facts.record_intake(ctx, iid, at=now, **values),
                    lambda _r: (self.intake_status.setText("Intake saved in the log."), self.setCurrentIndex(1),
                                QTimer.singleShot(0, self.claim_edit.setFocus)), self.intake_status)

    def add_fact(self) -> None:
        if self.incident_id is None:
            return
        iid, claim, source, now = self.incident_id, self.claim_edit.text(), self.source_edit.text(), self.clock()

        def done(_r: object) -> None:
            self.claim_edit.clear()
            self.source_edit.clear()
            self.claim_edit.setFocus()

        self._write(lambda ctx: facts.add_fact(ctx, iid, claim, source, at=now), done)

    def set_fact_state(self, state: str) -> None:
        rows = self.facts_view.selectionModel().selectedRows()
        if self.incident_id is None or not rows:
            self.problem.emit("Choose a fact in the board first.")
            return
        iid, no, now = self.incident_id, self.facts_model.facts[rows[0].row()].no, self.clock()
        self._write(lambda ctx: facts.set_fact_state(ctx, iid, no, state, at=now))

    def check_statement(self) -> None:
        """Guard flags and facts not confirmed, as the officer types (pure, milliseconds)."""
        text = self.statement_edit.toPlainText()
        self.flags_list.clear()
        if not text.strip():
            return
        result = check_against(text, self.snapshot.facts if self.snapshot else [])
        for problem in result.problems():
            self.flags_list.addItem(problem)

    def draft_statement(self) -> None:
        snap = self.snapshot
        if snap is None or snap.statement_step is None:
            self.statement_status.setText("This incident has no holding statement step.")
            return
        iid, no, now = snap.incident_id, snap.statement_step, self.clock()
        text, override = self.statement_edit.toPlainText(), self.override_edit.text()
        self._write(lambda ctx: facts.draft_checked_statement(ctx, iid, no, text, override=override, at=now),
                    lambda _r: (self.statement_status.setText("Drafted. Now get it cleared."), self.setCurrentIndex(3)),
                    self.statement_status)

    def record_answer(self, outcome: str) -> None:
        snap = self.snapshot
        if snap is None or snap.statement_step is None:
            return
        iid, no, now = snap.incident_id, snap.statement_step, self.clock()
        self._write(lambda ctx: clearance.record_attempt(ctx, iid, no, outcome, at=now), failed=self.call_now_label)

    def mark_posted(self) -> None:
        rows = sorted(i.row() for i in self.channels_view.selectionModel().selectedRows())
        if self.incident_id is None or not rows:
            self.channels_status.setText("Select the channels the update went out on.")
            return
        iid, now, text = self.incident_id, self.clock(), self.update_edit.text()
        keys = [self.channels_model.clocks[r].channel for r in rows]

        def done(_r: object) -> None:
            self.update_edit.clear()
            self.channels_view.clearSelection()

        self._write(lambda ctx: channels.post_update(ctx, iid, keys, text, at=now), done)

    def mark_planned(self, status: str) -> None:
        item = self.plan_list.currentItem()
        if self.incident_id is None or item is None:
            self.problem.emit("Choose a planned post first.")
            return
        iid, post_id, reason, now = self.incident_id, item.data(Qt.ItemDataRole.UserRole), self.plan_reason_edit.text(), self.clock()
        self._write(lambda ctx: plan.mark_post(ctx, post_id, status, reason, incident_id=iid, at=now),
                    lambda _r: self.plan_reason_edit.clear())

    def _choose_review_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save the post-incident review", "review.pdf", "PDF (*.pdf)")
        if path:
            self.save_review(path)

    def save_review(self, path: str | Path) -> None:
        if self.incident_id is None:
            return
        iid, well, improve = self.incident_id, self.went_well_edit.toPlainText(), self.improve_edit.toPlainText()
        self.shell.ops.query(parent=self, op=lambda ctx: write_review(ctx, iid, path, went_well=well, to_improve=improve)) \
            .success(lambda out: self.review_status.setText(f"Saved {out}")) \
            .failure(lambda exc: self.review_status.setText(str(exc))).run()
