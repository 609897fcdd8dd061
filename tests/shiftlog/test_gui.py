"""The shift log through the real window, driven with qtbot."""

from __future__ import annotations

import time

import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pypdf import PdfReader

from app.errors import ValidationError
from app.settings import device
from app.setup import setup
from app.shiftlog import service, teamsettings
from app.shiftlog.service import EntryFilter


def _log_view(window, qtbot):
    view = window.show_view("log")
    qtbot.waitUntil(lambda: not view.model.loading and view.bar.state is not None, timeout=10_000)
    return view


def _type_entry(qtbot, view, text):
    before = service.count_entries(view.shell.ctx, EntryFilter())
    view.entry.text.setFocus()
    qtbot.keyClicks(view.entry.text, text)
    qtbot.keyClick(view.entry.text, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: service.count_entries(view.shell.ctx, EntryFilter()) == before + 1, timeout=10_000)
    qtbot.waitUntil(lambda: not view.entry.busy)


def _in_dialog(fill):
    """Fill the next modal dialog when it opens (exec() blocks the test otherwise)."""
    def run():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, run)
            return
        fill(dialog)
    QTimer.singleShot(0, run)


def test_a_whole_shift_through_the_gui_prints_a_complete_summary(main_window, qtbot, ctx, tmp_path):
    view = _log_view(main_window, qtbot)
    qtbot.mouseClick(view.bar.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: service.current_shift(ctx) is not None, timeout=10_000)
    qtbot.waitUntil(lambda: view.bar.end_button.isVisible(), timeout=10_000)

    _type_entry(qtbot, view, "Posted gritting routes on X")
    view.entry.category.setCurrentIndex(view.entry.category.findData("enquiry"))
    view.entry.is_open.setChecked(True)
    view.entry.foi.click()  # due in 20 working days
    _type_entry(qtbot, view, "FOI request about winter budget")
    view.entry.category.setCurrentIndex(view.entry.category.findData("decision"))
    view.entry.text.setText("Not replying to the abusive thread")
    view.entry.message.clear()
    view.entry.submit()  # no rationale: refused, text kept
    qtbot.waitUntil(lambda: not view.entry.busy, timeout=10_000)
    assert "rationale" in view.entry.message.text()
    assert view.entry.text.text() == "Not replying to the abusive thread"
    view.entry.rationale.setText("Social media policy section 4: do not engage")
    view.entry.text.clear()
    _type_entry(qtbot, view, "Not replying to the abusive thread")

    shift = service.current_shift(ctx)
    entries = service.list_entries(ctx, shift_id=shift.id)
    assert [e.seq for e in entries] == [1, 2, 3] and entries[1].open and entries[1].due
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=10_000)

    # amend the first entry (the view shows newest first)
    assert view.select_entry(entries[0].id)

    def amend(dialog):
        dialog.text.setText("Posted gritting routes on X and Facebook")
        dialog.reason.setText("Forgot the Facebook post")
        dialog.accept()

    _in_dialog(amend)
    view.amend_selected()
    qtbot.waitUntil(lambda: view.model.rowCount() == 4, timeout=10_000)
    original = next(view.model.entry(r) for r in range(4) if view.model.entry(r).id == entries[0].id)
    assert original.amended  # still shown, marked amended

    def hand_over(dialog):
        dialog.handover.setPlainText("FOI on winter budget open, due in 20 working days")
        dialog.accept()

    _in_dialog(hand_over)
    qtbot.mouseClick(view.bar.end_button, Qt.MouseButton.LeftButton)  # exec() returns once the shift is ended
    assert service.current_shift(ctx) is None
    qtbot.waitUntil(lambda: view.bar.start_button.isVisible(), timeout=10_000)

    out = tmp_path / "summary.pdf"
    view.bar.save_summary(shift.id, out)
    qtbot.waitUntil(out.exists, timeout=15_000)
    text = "\n".join(p.extract_text() for p in PdfReader(str(out)).pages)
    text = " ".join(text.split())
    for needle in ("Posted gritting routes on X", "FOI request about winter budget", "Not replying to the abusive thread",
                   "Social media policy section 4: do not engage", "Posted gritting routes on X and Facebook",
                   "Forgot the Facebook post", "FOI on winter budget open, due in 20 working days", "Finished safely"):
        assert needle in text, needle


def test_handed_over_items_are_acknowledged_on_today(main_window, qtbot, ctx):
    service.start_shift(ctx)
    item = service.add_entry(ctx, "Call the Echo back about the fire", category="enquiry", is_open=True)
    service.end_shift(ctx, handover="Echo waiting")
    assert service.pending_handover(ctx) == []  # nobody acknowledges their own handover
    setup(ctx, officer="Night Officer")  # the next officer on the same laptop
    today = main_window.show_view("today")
    panel = next(p for p in today.panels if p.accessibleName() == "Your shift")
    panel.refresh()
    qtbot.waitUntil(lambda: panel.handover.isVisible(), timeout=10_000)
    assert panel.handover.model.rowCount() == 1
    qtbot.mouseClick(panel.handover.ack, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: service.pending_handover(ctx) == [], timeout=10_000)  # saved off the GUI thread
    acks = [e for e in service.list_entries(ctx, where=EntryFilter()) if e.source == f"ack:{item.id}"]
    assert len(acks) == 1 and acks[0].officer == "Night Officer"
    qtbot.waitUntil(lambda: not panel.handover.isVisible(), timeout=10_000)


def test_ctrl_l_focuses_the_entry_line_and_a_draft_survives_quitting(main_window, qtbot, ctx):
    from ui.application import build_window

    main_window.show_view("today")
    main_window.activateWindow()
    main_window.actions_by_id["quick_log"].trigger()
    view = main_window.views["log"]
    assert main_window.current_key == "log"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.entry.text, timeout=5_000)
    qtbot.keyClicks(view.entry.text, "Half-typed note about the bin strike")
    main_window.close()
    assert device.get(ctx, "shiftlog_draft")["text"] == "Half-typed note about the bin strike"
    again = build_window(ctx)
    qtbot.addWidget(again)
    restored = again.view("log")
    qtbot.waitUntil(lambda: restored.entry.text.text() == "Half-typed note about the bin strike", timeout=10_000)
    again.shell.wait(5_000)


def test_a_missed_checkin_is_shown_and_recorded(main_window, qtbot, ctx):
    teamsettings.save_welfare(ctx, interval_minutes=0.01, grace_minutes=0.01,  # 0.6 s each
                              escalation="Phone the duty manager now", contact="Duty manager 07700 900123")
    shift = service.start_shift(ctx)
    segment = next(s for s in main_window.status_segments if s.objectName() == "status-shift")
    duties = main_window.duties  # the application's welfare duty, not the status-bar label, does the work
    view = _log_view(main_window, qtbot)
    time.sleep(1.5)
    duties.check_welfare()
    qtbot.waitUntil(lambda: duties.alert is not None, timeout=10_000)
    assert "Phone the duty manager now" in duties.alert.text() and "07700 900123" in duties.alert.text()
    qtbot.waitUntil(lambda: "MISSED" in segment.text(), timeout=10_000)
    sources = [e.source for e in service.list_entries(ctx, shift_id=shift.id)]
    assert sources.count("welfare:missed") == 1
    view.bar.refresh()
    qtbot.waitUntil(lambda: view.bar.banner.isVisible() and "MISSED CHECK-IN" in view.bar.banner.text.text(), timeout=10_000)
    duties.alert.close()
    qtbot.mouseClick(view.bar.banner.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: service.list_entries(ctx, shift_id=shift.id)[-1].source == "welfare:ok", timeout=10_000)


def test_search_as_you_type_and_lazy_loading(main_window, qtbot, ctx):
    service.start_shift(ctx)
    with ctx.write() as session:
        for i in range(450):
            service.add_entry(ctx, f"Routine post {i}", category="post", channel="x", session=session)
        service.add_entry(ctx, "Storm warning shared from the Met Office", category="post", channel="facebook",
                          session=session)
    view = _log_view(main_window, qtbot)
    view.reload()
    qtbot.waitUntil(lambda: not view.model.loading, timeout=10_000)
    assert view.model.total_rows() == 451 and view.model.rowCount() == view.model.PAGE
    view.model.fetchMore()
    qtbot.waitUntil(lambda: view.model.rowCount() == 2 * view.model.PAGE, timeout=10_000)
    qtbot.keyClicks(view.search, "sto")
    qtbot.waitUntil(lambda: not view.model.loading and view.model.rowCount() == 1, timeout=10_000)
    assert view.model.entry(0).text == "Storm warning shared from the Met Office"
    view.search.clear()
    view.channel.setCurrentIndex(view.channel.findData("facebook"))
    qtbot.waitUntil(lambda: not view.model.loading and view.model.rowCount() == 1, timeout=10_000)


def test_checkin_settings_are_saved_from_the_settings_view(main_window, qtbot, ctx):
    settings_view = main_window.show_view("settings")
    section = next(s for s in settings_view.sections if type(s).__name__ == "LogSection")
    qtbot.waitUntil(lambda: not section.loading, timeout=10_000)
    section.interval.setValue(60)
    section.contact.setText("Control room 0161 000 0000")
    with qtbot.waitSignal(section.saved, timeout=10_000):
        section.save()  # (the General section is saved by its own feature's tests)
    saved = teamsettings.welfare_settings(ctx)
    assert saved.interval_minutes == 60 and saved.contact == "Control room 0161 000 0000"
    section.escalation.setPlainText("")
    with qtbot.waitSignal(section.refused, timeout=10_000) as refused:
        section.save()
    assert "escalation" in refused.args[0]
    assert teamsettings.welfare_settings(ctx).escalation  # nothing changed
    section.load()
    qtbot.waitUntil(lambda: not section.loading, timeout=10_000)



def test_print_sends_the_summary_pages_to_a_printer(qtbot, main_window, tmp_path):
    """'Print…' writes the shift summary and opens the print dialog on it; the pages it
    would send render onto a printer (a PDF printer here)."""
    from PySide6.QtPrintSupport import QPrinter

    from app.shiftlog import service
    from ui.log.shift_bar import ShiftBar
    from ui.printing import render_pdf

    ctx = main_window.shell.ctx
    service.start_shift(ctx)
    service.add_entry(ctx, "Printed entry")
    service.end_shift(ctx, handover="Print me")
    bar = main_window.show_view("log").findChildren(ShiftBar)[0]
    bar.print_on_paper()
    qtbot.waitUntil(lambda: getattr(bar, "print_dialog", None) is not None, timeout=10_000)
    assert bar.print_dialog.windowTitle() == "Print shift summary"
    bar.print_dialog.reject()
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert render_pdf(bar.print_source, printer) >= 1
    assert (tmp_path / "printed.pdf").stat().st_size > 1000
