"""How each kind of step shows on the running-incident card: call, decision, timer,
holding statement. ``StepKindCard`` builds that part for one step into the card's layout
and keeps the fields it made; it is handed the step and what its buttons do, so it shares
no state with ``RunningIncidentWidget`` and is tested without a window."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.incidents import service
from app.incidents.service import StepInfo
from app.incidents.templates import placeholder_label
from ui.incidents.models import clock


def _label(text: str = "", name: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(wrap)
    if name:
        label.setObjectName(name)
    return label


class StepKindCard:
    """The kind-specific part of one step's card, and the fields the officer types in."""

    def __init__(self, area: QVBoxLayout | None = None, step: StepInfo | None = None, *, running: bool = False,
                 on_draft: Callable[[], Any] = lambda: None, on_clear: Callable[[], Any] = lambda: None,
                 on_copy: Callable[[str], Any] = lambda _text: None) -> None:
        """With no ``area`` or ``step``: a blank card (nothing shown, no fields)."""
        self.area, self.step, self.running = area, step, running
        self._draft, self._clear, self._copy = on_draft, on_clear, on_copy
        self.statement_fields: dict[str, QLineEdit] = {}
        self.choice_box: QComboBox | None = None
        self.rationale_edit: QPlainTextEdit | None = None
        self.cleared_by_edit: QLineEdit | None = None
        self.statement_preview: QLabel | None = None
        self.draft_button: QPushButton | None = None
        self.clear_button: QPushButton | None = None
        self.statement_editor: QPlainTextEdit | None = None
        if area is not None and step is not None:
            getattr(self, f"_render_{step.kind}", lambda s: None)(step)

    @property
    def kind_area(self) -> QVBoxLayout:
        assert self.area is not None
        return self.area

    def _render_call(self, step: StepInfo) -> None:
        if step.contacts:
            for contact in step.contacts:
                numbers = "   ".join(contact.phones) or contact.email
                label = _label(f"☎ {contact.name} — {numbers}", "step-contact")
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                label.setAccessibleName(f"Call {contact.name} on {numbers}")
                self.kind_area.addWidget(label)
                if contact.notes:
                    note = _label(contact.notes)
                    note.setProperty("role", "muted")
                    self.kind_area.addWidget(note)
        else:
            self.kind_area.addWidget(_label(
                f"No one with the role “{step.role}” is in the contact directory. "
                "Add them under Contacts so the number shows here next time.", "warning",
            ))

    def _render_decision(self, step: StepInfo) -> None:
        if step.status == "done":
            self.kind_area.addWidget(_label(f"Decided: {step.choice}", "step-contact"))
            self.kind_area.addWidget(_label(f"Why: {step.rationale}"))
            return
        if not self.running or step.status != "open":
            return
        form = QFormLayout()
        box = QWidget()
        box.setLayout(form)
        self.choice_box = QComboBox()
        self.choice_box.setEditable(True)
        self.choice_box.addItems(list(step.options))
        self.choice_box.setCurrentIndex(-1)
        self.choice_box.lineEdit().setPlaceholderText("What was decided")  # type: ignore[union-attr]
        self.choice_box.setAccessibleName("Decision")
        # long options must not widen the card past a laptop's room (the list still shows them whole)
        self.choice_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.choice_box.setMinimumContentsLength(16)
        self.rationale_edit = QPlainTextEdit()
        self.rationale_edit.setAccessibleName("Rationale")
        self.rationale_edit.setPlaceholderText("Why: the reasons, who agreed")
        self.rationale_edit.setTabChangesFocus(True)
        self.rationale_edit.setMaximumHeight(80)
        form.addRow("De&cision:", self.choice_box)
        form.addRow("&Because:", self.rationale_edit)
        self.kind_area.addWidget(box)

    def _render_timer(self, step: StepInfo) -> None:
        if step.timer_running and self.running:
            due = step.next_due()
            self.kind_area.addWidget(_label(
                f"Reminders every {step.every_minutes:g} min. Next update due {clock(due)}. "
                f"Updates posted so far: {step.updates}."
            ))
        elif step.is_open:
            self.kind_area.addWidget(_label(f"Ticking this starts a reminder every {step.every_minutes:g} minutes."))

    def _render_statement(self, step: StepInfo) -> None:
        running = self.running
        status = {
            "": "Not drafted yet: fill in the blanks.",
            "drafted": "DRAFTED — not cleared yet. Get it cleared, then publish.",
            "cleared": f"CLEARED by {step.cleared_by} at {clock(step.cleared_at)} — ready to publish.",
            "published": f"PUBLISHED at {clock(step.published_at)} (cleared by {step.cleared_by}).",
        }[step.clearance]
        status_label = _label(status, "warning" if step.clearance in ("", "drafted") else "")
        status_label.setAccessibleName("Statement clearance")
        self.kind_area.addWidget(status_label)
        fill = running and step.clearance == ""
        if fill and step.placeholders:
            form = QFormLayout()
            box = QWidget()
            box.setLayout(form)
            for name in step.placeholders:
                edit = QLineEdit()
                edit.setAccessibleName(placeholder_label(name))
                edit.textChanged.connect(self._update_preview)
                self.statement_fields[name] = edit
                form.addRow(f"{placeholder_label(name)}:", edit)
            self.kind_area.addWidget(box)
        if running and step.clearance == "drafted":
            # the drafted text stays editable until it is cleared (a typo found by the clearer)
            self.statement_editor = QPlainTextEdit(step.statement_text)
            self.statement_editor.setAccessibleName("Statement text")
            self.statement_editor.setTabChangesFocus(True)
            self.statement_editor.setMaximumHeight(120)
            self.statement_editor.setStyleSheet("font-size: 12pt;")
            self.kind_area.addWidget(self.statement_editor)
        else:
            self.statement_preview = _label()
            self.statement_preview.setAccessibleName("Statement text")
            self.statement_preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.statement_preview.setStyleSheet("font-size: 12pt; padding: 8px; border-left: 4px solid #2f6fb3;")
            self.kind_area.addWidget(self.statement_preview)
            self._update_preview()
        row = QHBoxLayout()
        holder = QWidget()
        holder.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        if fill:
            draft = QPushButton("Fill in && &copy to clipboard")
            draft.setProperty("role", "primary")
            draft.setAccessibleName("Fill in and copy to clipboard")
            draft.clicked.connect(self._draft)
            self.draft_button = draft
            row.addWidget(draft)
        if running and step.clearance == "drafted":
            save = QPushButton("Save edit && copy")
            save.setAccessibleName("Save edited statement and copy")
            save.clicked.connect(self._draft)
            self.draft_button = save
            self.cleared_by_edit = QLineEdit()
            self.cleared_by_edit.setAccessibleName("Cleared by")
            self.cleared_by_edit.setPlaceholderText("Cleared by (name)")
            clear = QPushButton("Mark c&leared")
            clear.setProperty("role", "primary")
            clear.setAccessibleName("Mark cleared")
            clear.clicked.connect(self._clear)
            self.clear_button = clear
            row.addWidget(save)
            row.addWidget(self.cleared_by_edit, 1)
            row.addWidget(clear)
        if step.statement_text:
            copy = QPushButton("Copy again")
            copy.setAccessibleName("Copy the statement again")
            copy.clicked.connect(lambda: self._copy(step.statement_text))
            row.addWidget(copy)
        row.addStretch(1)
        self.kind_area.addWidget(holder)

    def _update_preview(self) -> None:
        step = self.step
        if self.statement_preview is None or step is None:
            return
        if step.statement_text:
            self.statement_preview.setText(step.statement_text)
            return
        values = {name: edit.text() for name, edit in self.statement_fields.items()}
        self.statement_preview.setText(service.preview_statement(step.statement_template, values))
