"""The issue's "Done when", driven through the real window with qtbot."""

from __future__ import annotations

import datetime as dt

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from app.contacts.service import add_contact
from app.db.base import utcnow
from app.incidents import service
from app.shiftlog import service as shiftlog


def _settle(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Wait until the window's ops are answered (they run off the GUI thread)."""
    from PySide6.QtWidgets import QApplication

    def busy() -> bool:
        return any(getattr(w, "shell", None) is not None and w.shell.ops.busy for w in QApplication.topLevelWidgets())

    qtbot.waitUntil(lambda: not busy(), timeout=10_000)


def _click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    assert button is not None and not button.isHidden() and button.isEnabled(), button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    _settle(qtbot)


def test_major_incident_driven_through_the_window(qtbot, template_dir, main_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ctx = main_window.shell.ctx
    add_contact(ctx, "Jo Okafor", role="Duty lead", phones=["07700 900123"])
    main_window.actions_by_id["start_incident"].trigger()
    view = main_window.views["incidents"]
    assert main_window.current_key == "incidents"
    qtbot.waitUntil(lambda: view.start_dialog is not None, timeout=10_000)  # templates read off the GUI thread
    dialog = view.start_dialog
    # the broken files are offered as broken (disabled), the app carries on
    labels = [dialog.template_box.itemText(i) for i in range(dialog.template_box.count())]
    assert any("broken" in label and "line 8" in label for label in labels)
    dialog.choose("major-incident")
    qtbot.keyClicks(dialog.title_edit, "Explosion reported at Central Station")
    _click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    assert not dialog.isVisible()

    running = view.running
    assert running.incident.title == "Explosion reported at Central Station"
    assert "Pause ALL scheduled posts" in running.step_text.text()
    assert "NEXT · STEP 1 OF 10" in running.caption.text()
    assert running.elapsed_label.text().startswith("0:00:")

    qtbot.keyClicks(running.note_edit, "Scheduler and newsletter paused")
    _click(qtbot, running.done_button)
    assert "Call the duty lead" in running.step_text.text()
    qtbot.waitUntil(lambda: any("07700 900123" in w.text() for w in running.card.findChildren(QLabel) if w.isVisible()), timeout=2000)
    _click(qtbot, running.done_button)

    # skipping needs a reason
    _click(qtbot, running.skip_button)
    assert "reason" in running.problem.text()
    qtbot.keyClicks(running.note_edit, "Police press office rang us first")
    _click(qtbot, running.skip_button)

    # a decision with its rationale
    assert running.shown_step.kind == "decision"
    running.choice_box.setCurrentIndex(0)
    _click(qtbot, running.done_button)
    assert "rationale" in running.problem.text()
    qtbot.keyClicks(running.rationale_edit, "Police are the lead agency and hold the facts")
    _click(qtbot, running.done_button)

    # the holding statement: fill, copy, clear, publish
    assert running.shown_step.kind == "statement"
    qtbot.keyClicks(running.statement_fields["location"], "Central Station")
    assert "[Lead agency]" in running.statement_preview.text()
    qtbot.keyClicks(running.statement_fields["lead_agency"], "British Transport Police")
    _click(qtbot, running.draft_button)
    assert "British Transport Police" in QGuiApplication.clipboard().text()
    qtbot.waitUntil(lambda: any("DRAFTED" in w.text() for w in running.card.findChildren(QLabel) if w.isVisible()), timeout=2000)
    qtbot.keyClicks(running.cleared_by_edit, "Jo Okafor")
    _click(qtbot, running.clear_button)
    assert running.shown_step.clearance == "cleared"
    _click(qtbot, running.done_button)  # "Mark published"
    assert running.incident.step(5).clearance == "published"

    # the update timer: ticking starts it; when it is due the reminder fires
    assert running.shown_step.kind == "timer"
    _click(qtbot, running.done_button)
    assert "Next update due" in running.timer_banner.text()
    started = utcnow()
    later = lambda: started + dt.timedelta(minutes=21)  # noqa: E731
    view.clock = view.hub.clock = later
    view.timer.setInterval(20)
    view.hub.timer.setInterval(20)  # a short interval: the reminder check runs at once
    with qtbot.waitSignal(view.reminder, timeout=3000) as fired:
        pass
    assert fired.args == [running.incident.id, 6]
    qtbot.waitUntil(lambda: "UPDATE DUE NOW" in running.timer_banner.text(), timeout=2000)
    qtbot.waitUntil(lambda: "UPDATE DUE NOW" in view.list_model.data(view.list_model.index(0)), timeout=2000)
    assert "Update due now" in main_window.statusBar().currentMessage()
    view.clock = view.hub.clock = utcnow
    qtbot.keyClicks(running.note_edit, "Shared BTP update")
    _click(qtbot, running.update_button)
    assert running.incident.step(6).updates == 1

    # a note on a later step, chosen in the list
    running.select_step(8)
    qtbot.keyClicks(running.note_edit, "Chatbot off on Facebook")
    _click(qtbot, running.note_button)

    # close with a summary
    _click(qtbot, running.close_button)
    close = view.close_dialog
    qtbot.keyClicks(close.summary_edit, "Controlled explosion; no injuries")
    qtbot.keyClicks(close.lessons_edit, "Pin the BTP press number")
    _click(qtbot, close.buttons.button(QDialogButtonBox.StandardButton.Ok))
    incident = service.get_incident(ctx, running.incident.id)
    assert not incident.running and incident.summary == "Controlled explosion; no injuries"
    assert not running.close_button.isEnabled()

    # the shift log holds the timeline
    log = service.timeline(ctx, incident.id)
    texts = " ".join(e.text for e in log)
    for expected in ("incident started", "step 1 done", "step 3 skipped", "(step 5) cleared by Jo Okafor",
                     "holding statement published", "update 1 posted", "Chatbot off on Facebook", "incident closed"):
        assert expected in texts, expected
    decision = next(e for e in log if e.category == "decision")
    assert decision.rationale == "Police are the lead agency and hold the facts"
    assert all(e.source == f"incident:{incident.id}" for e in log)
    assert shiftlog.add_entry  # the one record: every line went through add_entry

    # the report PDF read back contains each of these
    pdf = tmp_path / "report.pdf"
    with qtbot.waitSignal(view.report_written, timeout=10_000):
        view.save_report(incident.id, str(pdf))
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
    for expected in (
        "Explosion reported at Central Station", "Scheduler and newsletter paused", "Police press office rang us first",
        "Police are the lead agency", "cleared by Jo Okafor", "British Transport Police", "Shared BTP update",
        "Controlled explosion; no injuries", "Pin the BTP press number", "Step 7 not done", "Times to key steps",
    ):
        assert expected in text, expected


def test_broken_template_shows_in_the_editor_and_the_app_runs(qtbot, template_dir, main_window) -> None:  # type: ignore[no-untyped-def]
    view = main_window.show_view("incidents")
    view.tabs.setCurrentIndex(1)
    editor = view.editor
    _settle(qtbot)
    keys = [t.key for t in editor.list_model.templates]
    broken_row = keys.index("zz-unknown-kind")
    editor.list_view.setCurrentIndex(editor.list_model.index(broken_row))
    assert not editor.problem.isHidden() and "line 8" in editor.problem.text() and "dance" in editor.problem.text()
    assert "BROKEN" in editor.list_model.data(editor.list_model.index(broken_row))
    assert not editor.save_button.isEnabled()


def test_template_edit_with_undo_and_preview_never_changes_a_running_incident(qtbot, main_window) -> None:  # type: ignore[no-untyped-def]
    ctx = main_window.shell.ctx
    running = service.start_incident(ctx, "post-gone-wrong", "Wrong bin day posted")
    view = main_window.show_view("incidents")
    view.tabs.setCurrentIndex(1)
    editor = view.editor
    _settle(qtbot)
    row = [t.key for t in editor.list_model.templates].index("post-gone-wrong")
    editor.list_view.setCurrentIndex(editor.list_model.index(row))
    editor.steps_view.selectRow(0)
    editor.text_edit.selectAll()
    qtbot.keyClicks(editor.text_edit, "Screenshot everything first")
    editor.text_edit.editingFinished.emit()
    assert "Screenshot everything first" in editor.preview.toPlainText()
    editor.undo_stack.undo()
    assert "Screenshot everything first" not in editor.preview.toPlainText()
    editor.undo_stack.redo()
    _click(qtbot, editor.save_button)
    saved = service.start_incident(ctx, "post-gone-wrong", "Second wrong post")
    assert saved.steps[0].text == "Screenshot everything first"
    assert service.get_incident(ctx, running.id).steps[0].text != "Screenshot everything first"
    assert "edited by the team" in editor.list_model.data(editor.list_model.index(
        [t.key for t in editor.list_model.templates].index("post-gone-wrong")))


def test_today_panel_lists_running_incidents_first_and_opens_them(qtbot, main_window) -> None:  # type: ignore[no-untyped-def]
    ctx = main_window.shell.ctx
    older = service.start_incident(ctx, "data-breach", "Laptop lost")
    service.close_incident(ctx, older.id, "Found in the office")
    live = service.start_incident(ctx, "compromised-account", "Instagram posting spam")
    today = main_window.show_view("today")
    panel = next(p for p in today.panels if p.objectName() == "panel-incidents")
    assert today.panels[0] is panel
    panel.refresh()
    qtbot.waitUntil(lambda: "Running incidents (1)" in panel.heading.text(), timeout=10_000)
    assert len(panel.buttons) == 1
    _click(qtbot, panel.buttons[0])
    assert main_window.current_key == "incidents"
    assert main_window.views["incidents"].running.incident.id == live.id


def _decision_on_screen(main_window, title: str, qtbot):  # type: ignore[no-untyped-def]
    """A post-gone-wrong incident on screen at its decision step (step 2)."""
    ctx = main_window.shell.ctx
    incident = service.start_incident(ctx, "post-gone-wrong", title)
    service.complete_step(ctx, incident.id, 1)
    view = main_window.show_view("incidents")
    view.show_incident(incident.id)
    qtbot.waitUntil(lambda: view.running.incident is not None and view.running.incident.id == incident.id, timeout=10_000)
    assert view.running.shown_step.kind == "decision"
    return view


def test_typed_rationale_is_kept_when_the_app_quits(qtbot, main_window) -> None:  # type: ignore[no-untyped-def]
    from ui.views.incidents import create

    view = _decision_on_screen(main_window, "Offensive reply sent", qtbot)
    qtbot.keyClicks(view.running.rationale_edit, "The post is being shared widely")
    view.save_state()
    again = create(main_window.shell)
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.running.rationale_edit is not None
                    and again.running.rationale_edit.toPlainText() != "", timeout=10_000)
    assert again.running.shown_step.no == 2
    assert again.running.rationale_edit.toPlainText() == "The post is being shared widely"


def test_print_renders_every_report_page(qtbot, main_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtPrintSupport import QPrinter

    from app.incidents.report import write_report
    from ui.printing import render_pdf

    ctx = main_window.shell.ctx
    incident = service.start_incident(ctx, "data-breach", "Spreadsheet sent to the wrong list")
    report = write_report(ctx, incident.id, tmp_path / "report.pdf")
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    pages = render_pdf(report, printer)
    assert pages == len(PdfReader(report).pages) and len(PdfReader(tmp_path / "printed.pdf").pages) == pages


def test_switching_views_keeps_what_is_being_typed(qtbot, main_window) -> None:  # type: ignore[no-untyped-def]
    view = _decision_on_screen(main_window, "Wrong phone number posted", qtbot)
    qtbot.keyClicks(view.running.rationale_edit, "Number belongs to a resident")
    main_window.show_view("today")
    main_window.show_view("incidents")
    assert view.running.rationale_edit.toPlainText() == "Number belongs to a resident"
