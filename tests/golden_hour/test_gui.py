"""The golden hour driven through the real window with real key events: intake → facts →
statement blocked on an unconfirmed fact → clearance ladder → channel clocks overdue and
reset → review PDF read back. The panel's own writes run with the GUI-thread write guard on."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from app.contacts.service import add_contact
from app.db.base import utcnow
from app.incidents.plan import add_post
from app.shiftlog.service import list_entries
from ui.ops import guard


def _press(qtbot, button: QPushButton) -> None:  # type: ignore[no-untyped-def]
    assert button.isVisible() and button.isEnabled(), button.text()
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)


def _type_line(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def test_golden_hour_through_the_window(qtbot, main_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx = main_window.shell.ctx
    add_contact(ctx, "Dana Lead", role="Duty lead", phones=["07700 900111"])
    add_contact(ctx, "Hana Head", role="Head of communications", phones=["07700 900222"])
    add_post(ctx, utcnow() + dt.timedelta(minutes=30), "instagram", "Caption contest!")
    view = main_window.show_view("incidents")
    base, offset = utcnow() - dt.timedelta(minutes=30), dt.timedelta()
    view.clock = lambda: base + offset  # the log refuses future times: the story runs in the last half hour
    qtbot.keyClick(main_window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: view.start_dialog is not None and view.start_dialog.isVisible())
    dialog = view.start_dialog
    dialog.choose("major-incident")
    qtbot.keyClicks(dialog.title_edit, "Fire at Elm Street flats")
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)
    panel = view.golden
    qtbot.waitUntil(lambda: panel.incident_id is not None)

    # intake: on screen with the cursor in "What happened"
    assert panel.currentIndex() == 0 and panel.intake_edits["what"].isVisible()
    guard.enable()
    try:
        for key, text in (("what", "Fire in a block of flats"), ("where", "Elm Street"), ("sources", "Fire control")):
            _type_line(qtbot, panel.intake_edits[key], text)
        qtbot.keyClick(panel.intake_edits["sources"], Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: panel.currentIndex() == 1 and panel.claim_edit.isVisible())

        # facts board: two claims from two sources; the first is confirmed
        for claim, source in (("Crews are at a fire in flats on Elm Street", "Fire control"),
                              ("Two people were taken to hospital", "Witness on X")):
            _type_line(qtbot, panel.claim_edit, claim)
            _type_line(qtbot, panel.source_edit, source)
            qtbot.keyClick(panel.source_edit, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda c=claim: any(f.claim == c for f in panel.facts_model.facts))
        panel.facts_view.setFocus()
        panel.facts_view.selectRow(0)
        _press(qtbot, panel.confirm_button)
        qtbot.waitUntil(lambda: panel.facts_model.facts[0].state == "confirmed")
        assert panel.facts_model.facts[1].state == "unconfirmed"

        # statement: flagged as typed, refused on the unconfirmed fact, drafted with a logged override
        panel.setCurrentIndex(2)
        _type_line(qtbot, panel.statement_edit,
                   "Crews are at a fire in flats on Elm Street. Two people were taken to hospital.")
        flags = [panel.flags_list.item(i).text() for i in range(panel.flags_list.count())]
        assert any("fact 2 is unconfirmed" in f for f in flags)
        _press(qtbot, panel.draft_button)
        qtbot.waitUntil(lambda: "Not drafted" in panel.statement_status.text())
        _type_line(qtbot, panel.override_edit, "Ambulance service confirmed by phone")
        _press(qtbot, panel.draft_button)
        qtbot.waitUntil(lambda: panel.currentIndex() == 3)

        # clearance ladder: duty lead, no answer; past the wait it says to call the head of comms
        qtbot.waitUntil(lambda: "Dana Lead" in panel.call_now_label.text())
        _press(qtbot, panel.answer_buttons["no_answer"])
        qtbot.waitUntil(lambda: panel.attempts_list.count() == 1)
        offset = dt.timedelta(minutes=12)
        view.tick()
        qtbot.waitUntil(lambda: "Hana Head" in panel.call_now_label.text())
        _press(qtbot, panel.answer_buttons["cleared"])
        qtbot.waitUntil(lambda: panel.call_now_label.text() == "Cleared by Hana Head.")

        # channel clocks: all overdue 12 minutes in; posting on X and Facebook resets just those
        panel.setCurrentIndex(4)
        view.tick()
        assert "OVERDUE" in panel.channels_status.text() and "Instagram" in panel.channels_status.text()
        rows = {c.channel: i for i, c in enumerate(panel.channels_model.clocks)}
        for channel in ("x", "facebook"):
            rect = panel.channels_view.visualRect(panel.channels_model.index(rows[channel], 0))
            qtbot.mouseClick(panel.channels_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        _type_line(qtbot, panel.update_edit, "Crews remain at the scene")
        _press(qtbot, panel.posted_button)
        qtbot.waitUntil(lambda: {c.channel: c.posts for c in panel.channels_model.clocks}.get("x") == 1)
        late = panel.channels_model.overdue()
        assert "x" not in late and "facebook" not in late and "instagram" in late
        assert "X/Twitter" not in panel.channels_status.text() and "Instagram" in panel.channels_status.text()

        # review PDF
        # planned posts: the caption contest due within the hour is paused, with its reason
        panel.setCurrentIndex(panel.indexOf(panel.plan_list.parentWidget()))
        assert panel.plan_list.count() == 1 and "Caption contest" in panel.plan_list.item(0).text()
        panel.plan_list.setCurrentRow(0)
        _type_line(qtbot, panel.plan_reason_edit, "Wrong tone during a major incident")
        _press(qtbot, panel.pause_button)
        qtbot.waitUntil(lambda: panel.plan_list.count() == 1 and "PAUSED" in panel.plan_list.item(0).text())

        panel.setCurrentIndex(panel.indexOf(panel.improve_edit.parentWidget()))
        _type_line(qtbot, panel.improve_edit, "Post on Instagram sooner")
        out = tmp_path / "review.pdf"
        panel.save_review(out)
        qtbot.waitUntil(lambda: out.exists() and "Saved" in panel.review_status.text(), timeout=15_000)
    finally:
        guard.disable()
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    for words in ("Post-incident review: Fire at Elm Street flats", "Post on Instagram sooner",
                  "Ambulance service confirmed by phone", "Hana Head", "Time to first message: 12"):
        assert words in text, words
    logged = " ".join(e.text for e in list_entries(ctx))
    assert "intake — What happened: Fire in a block of flats" in logged and "no answer" in logged
    assert any(e.rationale == "Wrong tone during a major incident" for e in list_entries(ctx))
