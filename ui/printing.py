"""Print a PDF the app wrote (incident report, shift summary, rota) through the system print
dialog: one renderer (ReportLab in ``app/``) serves both "Save as PDF" and "Print"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget


def print_pdf(parent: QWidget, pdf: Path, title: str = "Print") -> QPrintDialog:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(pdf.stem)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    dialog.accepted.connect(lambda: render_pdf(pdf, printer))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.show()  # QPrintDialog.open() needs a receiver in some PySide6 releases
    return dialog


def render_pdf(pdf: Path, printer: QPrinter) -> int:
    """Draw each page of ``pdf`` on ``printer``; returns the number of pages printed."""
    document = QPdfDocument()
    document.load(str(pdf))
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    area = printer.pageLayout().paintRectPixels(printer.resolution())
    try:
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            size = document.pagePointSize(page)
            scale = min(area.width() / size.width(), area.height() / size.height())
            image = document.render(page, QSize(int(size.width() * scale), int(size.height() * scale)))
            painter.drawImage(0, 0, image)
    finally:
        painter.end()
    return document.pageCount()
