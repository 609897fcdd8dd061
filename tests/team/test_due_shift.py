"""The due shift is named as a person says it, offered once, and handovers go to someone else."""

from __future__ import annotations

import datetime as dt

import pytest

from app.cli.support import local_zone
from app.db.base import utcnow
from app.errors import ValidationError
from app.rota import service as rota
from app.setup import setup
from app.shiftlog import rota_link
from app.shiftlog import service as shiftlog


def _due_soon(ctx, officer: str = "Test Officer"):  # type: ignore[no-untyped-def]
    start = (utcnow() + dt.timedelta(hours=1)).replace(second=0, microsecond=0)
    return rota.add_shift(ctx, officer=officer, start=start, end=start + dt.timedelta(hours=5, minutes=30), kind="late")


def test_human_label_reads_like_a_person_says_it():
    from app.rota.records import ShiftInfo

    utc = dt.timezone.utc
    shift = ShiftInfo("x", "o", "Sam", "late", dt.datetime(2026, 12, 1, 16, 30, tzinfo=utc),
                      dt.datetime(2026, 12, 1, 22, 0, tzinfo=utc))
    assert shift.human_label(local_zone()) == "Late, Tue 1 Dec 16:30-22:00"


def test_a_shift_already_worked_is_never_offered_again(ctx):  # type: ignore[no-untyped-def]
    shift = _due_soon(ctx)
    due = rota_link.due_rota_shift(ctx)
    assert due is not None and due.id == shift.id and due.label == shift.human_label(local_zone())
    shiftlog.start_shift(ctx, rota_shift_id=due.id)
    shiftlog.end_shift(ctx, handover="quiet")
    assert rota_link.due_rota_shift(ctx) is None


def test_nobody_acknowledges_their_own_handover(ctx):  # type: ignore[no-untyped-def]
    shiftlog.start_shift(ctx)
    shiftlog.add_entry(ctx, "Call the Echo back", category="enquiry", is_open=True)
    shiftlog.end_shift(ctx, handover="Echo waiting")
    item = shiftlog.handover_items(ctx, shiftlog.last_shift(ctx).id)[0]
    assert shiftlog.pending_handover(ctx) == []
    with pytest.raises(ValidationError):
        shiftlog.acknowledge(ctx, [item.id])
    setup(ctx, officer="Night Officer")
    assert [p.id for p in shiftlog.pending_handover(ctx)] == [item.id]


def test_today_view_names_the_due_shift(main_window, qtbot, ctx):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QPushButton

    shift = _due_soon(ctx)
    today = main_window.show_view("today")
    panel = next(p for p in today.panels if p.accessibleName() == "Your shift")
    panel.refresh()
    expected = f"The rota has you on: {shift.human_label(local_zone())}."
    qtbot.waitUntil(lambda: expected in panel.bar.label.text(), timeout=10_000)
    assert "bound method" not in panel.bar.label.text()
    # the start button stays short, so "Start incident" stays on screen
    main_window.resize(1024, 640)
    qtbot.waitUntil(lambda: panel.bar.start_button.isVisible(), timeout=10_000)
    assert panel.bar.start_button.text() == "&Start shift"
    incident = next(b for b in today.findChildren(QPushButton) if b.accessibleName() == "Start incident")
    right = incident.mapTo(main_window, incident.rect().topRight()).x()
    assert incident.isVisible() and right <= main_window.width()
