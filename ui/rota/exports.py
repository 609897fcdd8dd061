"""Rota view: exports (.ics, hours CSV) and printing (PDF file or printer), off the GUI thread."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFileDialog,
)

from app.files import names
from app.rota import hours

if TYPE_CHECKING:
    from app.context import AppContext


def default_ics_name(officer: str | None, start) -> str:  # type: ignore[no-untyped-def]
    """``rota-dee-'dj'-osei-2026-01.ics``: officer names and titles made safe for Windows."""
    who = (officer or "team").replace(" ", "-").lower()
    return names.export_name("rota", who, f"{start:%Y-%m}", suffix=".ics")


class RotaExports:
    """Mixin for ``RotaView``: the Export menu's actions."""

    def _save_path(self, title: str, name: str, pattern: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self, title, str(names.fit_path(Path.home(), name, strict=False)), pattern)
        return Path(path) if path else None

    def export_ics(self, officer: str | None) -> None:
        """Ask which shifts (period on screen, any dates, whole rota, live feed), then write
        off the GUI thread."""
        from ui.rota.calendar_dialog import CalendarExportDialog

        dialog = CalendarExportDialog(self, shown=self.period(), whose="my" if officer else "team", has_share=True)
        self.calendar_dialog = dialog
        dialog.accepted.connect(lambda: self._export_chosen(dialog, officer))
        dialog.open()

    def _export_chosen(self, dialog, officer: str | None) -> None:  # type: ignore[no-untyped-def]
        from app.rota import calendar_feed, ics
        from ui.rota.calendar_dialog import CUSTOM, FEED, SHOWN, WHOLE

        choice = dialog.choice()
        if choice == FEED:
            self.shell.ops.query(parent=self, op=calendar_feed.publish_to_share, doing="Publishing the live calendars") \
                .success(lambda folder: self.shell.notify(
                    f"Live calendars are in {folder}: subscribe to {calendar_feed.feed_name(officer)}.")) \
                .failure(self._error).run()
            return
        start, end = self.period() if choice == SHOWN else dialog.dates()
        name = (f"rota-{calendar_feed.feed_name(officer)[:-4]}-all.ics" if choice == WHOLE
                else default_ics_name(officer, start))
        path = self._save_path("Export calendar", name, "Calendar (*.ics)")
        if not path:
            return
        if choice == WHOLE:
            op = lambda ctx: calendar_feed.export_whole_rota(ctx, path, officer=officer)  # noqa: E731
        else:
            assert choice in (SHOWN, CUSTOM)
            op = lambda ctx: ics.export_ics(ctx, path, start, end, officer=officer)  # noqa: E731
        self.shell.ops.query(parent=self, op=op, doing="Exporting the calendar") \
            .success(lambda r: self.shell.notify(f"Wrote {r[1]} shift(s) to {r[0]}.")).failure(self._error).run()

    def print_pdf(self) -> None:
        from app.rota import pdf

        start, end = self.period()
        path = self._save_path("Print rota to PDF", f"rota-{start:%Y-%m-%d}.pdf", "PDF (*.pdf)")
        if path:
            self.shell.ops.query(parent=self, op=lambda ctx: pdf.render_pdf(ctx, path, start, end)).success(
                lambda r: self.shell.notify(f"Wrote {r[1]} page(s) to {r[0]}.")).failure(self._error).run()

    def print_on_paper(self) -> None:
        """The same A4 pages as "Print to PDF", sent to a printer."""
        import tempfile

        from app.rota import pdf

        start, end = self.period()
        target = Path(tempfile.mkdtemp(prefix="dutydesk-print-")) / f"rota-{start:%Y-%m-%d}.pdf"
        self.shell.ops.query(parent=self, op=lambda ctx: pdf.render_pdf(ctx, target, start, end)).success(
            lambda r: self._open_print_dialog(Path(r[0]))).failure(self._error).run()

    def _open_print_dialog(self, path: Path) -> None:
        from ui.printing import print_pdf

        self.print_source = path
        self.print_dialog = print_pdf(self, path, "Print rota")

    def export_csv(self) -> None:
        start, end = self.period()
        path = self._save_path("Hours totals", f"rota-hours-{start:%Y-%m}.csv", "CSV (*.csv)")
        if path:
            def work(ctx: AppContext) -> Path:
                rows = hours.hours_totals(ctx, start, end, by="week")
                return hours.write_csv_atomic(path, rows, hours.CSV_COLUMNS)

            self.shell.ops.query(parent=self, op=work).success(lambda p: self.shell.notify(f"Wrote {p}.")).failure(
                self._error).run()
