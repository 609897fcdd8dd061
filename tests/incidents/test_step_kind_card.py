"""The kind-specific part of a step card on its own: a real incident's steps, a bare
layout, the buttons' actions as plain functions; no window."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.incidents import service
from ui.incidents.step_kinds import StepKindCard


def _card(qtbot, step, *, running=True, **actions):  # type: ignore[no-untyped-def]
    holder = QWidget()
    qtbot.addWidget(holder)
    area = QVBoxLayout(holder)
    return StepKindCard(area, step, running=running, **actions), holder  # the holder keeps the card's widgets


def _step(incident, kind):  # type: ignore[no-untyped-def]
    return next(s for s in incident.steps if s.kind == kind)


def test_statement_preview_follows_typing_and_draft_calls_back(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    incident = service.start_incident(ctx, "major-incident", "Fire at Central Station")
    step = _step(incident, "statement")
    drafted: list[bool] = []
    card, holder = _card(qtbot, step, on_draft=lambda: drafted.append(True))
    assert card.statement_fields and card.draft_button is not None and card.clear_button is None
    name = next(iter(card.statement_fields))
    qtbot.keyClicks(card.statement_fields[name], "Central Station")
    assert "Central Station" in card.statement_preview.text()
    card.draft_button.click()
    assert drafted == [True]
    assert holder.layout().count() >= 3  # clearance line, fields, buttons


def test_a_drafted_statement_is_editable_until_cleared(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    incident = service.start_incident(ctx, "major-incident", "Fire at Central Station")
    step = _step(incident, "statement")
    incident = service.draft_statement(ctx, incident.id, step.no, {n: "X" for n in step.placeholders})
    cleared: list[bool] = []
    card, _holder = _card(qtbot, incident.step(step.no), on_clear=lambda: cleared.append(True))
    assert card.statement_editor is not None and card.statement_editor.toPlainText() == incident.step(step.no).statement_text
    assert card.cleared_by_edit is not None and not card.statement_fields
    card.clear_button.click()
    assert cleared == [True]


def test_a_decision_asks_for_choice_and_reason_only_while_running(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    incident = service.start_incident(ctx, "major-incident", "Fire at Central Station")
    step = _step(incident, "decision")
    card, _holder = _card(qtbot, step)
    assert card.choice_box is not None and card.choice_box.count() == len(step.options)
    assert card.rationale_edit is not None
    closed, _closed_holder = _card(qtbot, step, running=False)
    assert closed.choice_box is None and closed.rationale_edit is None  # a closed incident shows, never asks


def test_a_blank_card_has_no_fields(qtbot) -> None:  # type: ignore[no-untyped-def]
    card = StepKindCard()
    assert card.choice_box is None and card.statement_fields == {} and card.draft_button is None
