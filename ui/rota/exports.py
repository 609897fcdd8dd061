"""Rota view: exports (.ics, hours CSV) and printing (PDF file or printer), off the GUI thread."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from app.files import names
from app.rota import hours
from ui.ops import Ops

if TYPE_CHECKING:
    from app.context import AppContext


# (title, suggested file name, filter) -> the chosen path, or None when the officer cancels
SavePath = Callable[[str, str, str], "Path | None"]


def default_ics_name(officer: str | None, start) -> str:  # type: ignore[no-untyped-def]
    """``rota-dee-'dj'-osei-2026-01.ics``: officer names and titles made safe for Windows."""
    who = (officer or "team").replace(" ", "-").lower()
    return names.export_name("rota", who, f"{start:%Y-%m}", suffix=".ics")


def ask_save_path(parent: QWidget) -> SavePath:
    """The usual Save dialog, starting in the home folder with a name safe on Windows."""
    def ask(title: str, name: str, pattern: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, str(names.fit_path(Path.home(), name, strict=False)), pattern)
        return Path(path) if path else None

    return ask


class RotaExports(QObject):
    """The Rota view's Export menu and printing: calendars (.ics, live feed), hours CSV, PDF
    and paper. Handed the ops, the period on screen and where to ask for a file, so it is
    tested without a window; every file is written off the GUI thread."""

    note = Signal(str)  # what was written, for the status bar
    failed = Signal(object)  # the exception, for the view to show

    def __init__(self, ops: Ops, period: Callable[[], tuple[dt.date, dt.date]], dialog_parent: QWidget,
                 ask_path: SavePath | None = None) -> None:
        super().__init__(dialog_parent)
        self.ops, self.period, self.dialog_parent = ops, period, dialog_parent
        self.ask_path = ask_path or ask_save_path(dialog_parent)
        self.calendar_dialog: QDialog | None = None
        self.print_dialog: QDialog | None = None
        self.print_source: Path | None = None

    def export_ics(self, officer: str | None) -> None:
        """Ask which shifts (period on screen, any dates, whole rota, live feed), then write
        off the GUI thread."""
        from ui.rota.calendar_dialog import CalendarExportDialog

        dialog = CalendarExportDialog(self.dialog_parent, shown=self.period(), whose="my" if officer else "team", has_share=True)
        self.calendar_dialog = dialog
        dialog.accepted.connect(lambda: self._export_chosen(dialog, officer))
        dialog.open()

    def _export_chosen(self, dialog, officer: str | None) -> None:  # type: ignore[no-untyped-def]
        from app.rota import calendar_feed, ics
        from ui.rota.calendar_dialog import CUSTOM, FEED, SHOWN, WHOLE

        choice = dialog.choice()
        if choice == FEED:
            self.ops.query(parent=self, op=calendar_feed.publish_to_share, doing="Publishing the live calendars") \
                .success(lambda folder: self.note.emit(
                    f"Live calendars are in {folder}: subscribe to {calendar_feed.feed_name(officer)}.")) \
                .failure(self.failed.emit).run()
            return
        start, end = self.period() if choice == SHOWN else dialog.dates()
        name = (f"rota-{calendar_feed.feed_name(officer)[:-4]}-all.ics" if choice == WHOLE
                else default_ics_name(officer, start))
        path = self.ask_path("Export calendar", name, "Calendar (*.ics)")
        if not path:
            return
        if choice == WHOLE:
            op = lambda ctx: calendar_feed.export_whole_rota(ctx, path, officer=officer)  # noqa: E731
        else:
            assert choice in (SHOWN, CUSTOM)
            op = lambda ctx: ics.export_ics(ctx, path, start, end, officer=officer)  # noqa: E731
        self.ops.query(parent=self, op=op, doing="Exporting the calendar") \
            .success(lambda r: self.note.emit(f"Wrote {r[1]} shift(s) to {r[0]}.")).failure(self.failed.emit).run()

    def print_pdf(self) -> None:
        from app.rota import pdf

        start, end = self.period()
        path = self.ask_path("Print rota to PDF", f"rota-{start:%Y-%m-%d}.pdf", "PDF (*.pdf)")
        if path:
            self.ops.query(parent=self, op=lambda ctx: pdf.render_pdf(ctx, path, start, end)).success(
                lambda r: self.note.emit(f"Wrote {r[1]} page(s) to {r[0]}.")).failure(self.failed.emit).run()

    def print_on_paper(self) -> None:
        """The same A4 pages as "Print to PDF", sent to a printer."""
        import tempfile

        from app.rota import pdf

        start, end = self.period()
        target = Path(tempfile.mkdtemp(prefix="dutydesk-print-")) / f"rota-{start:%Y-%m-%d}.pdf"
        self.ops.query(parent=self, op=lambda ctx: pdf.render_pdf(ctx, target, start, end)).success(
            lambda r: self._open_print_dialog(Path(r[0]))).failure(self.failed.emit).run()

    def _open_print_dialog(self, path: Path) -> None:
        from ui.printing import print_pdf

        self.print_source = path
        self.print_dialog = print_pdf(self.dialog_parent, path, "Print rota")

    def export_csv(self) -> None:
        start, end = self.period()
        path = self.ask_path("Hours totals", f"rota-hours-{start:%Y-%m}.csv", "CSV (*.csv)")
        if path:
            def work(ctx: AppContext) -> Path:
                rows = hours.hours_totals(ctx, start, end, by="week")
                return hours.write_csv_atomic(path, rows, hours.CSV_COLUMNS)

            self.ops.query(parent=self, op=work).success(lambda p: self.note.emit(f"Wrote {p}.")).failure(
                self.failed.emit).run()
