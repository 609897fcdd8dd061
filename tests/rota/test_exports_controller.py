"""The Rota view's exports on their own: real ops over the seeded rota, a plain parent
widget, a chosen file name instead of the Save dialog; no window."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QWidget

from tests.rota.conftest import START
from ui.ops import Ops
from ui.rota.exports import RotaExports

END = START + dt.timedelta(days=27)


@pytest.fixture
def exports(qtbot, seeded):  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    return RotaExports(Ops(seeded), lambda: (START, END), parent)


def test_hours_csv_holds_every_officer_for_the_period(qtbot, exports, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "hours.csv"
    exports.ask_path = lambda title, name, pattern: target if name.startswith("rota-hours-2026-01") else None
    with qtbot.waitSignal(exports.note, timeout=15_000) as note:
        exports.export_csv()
    assert note.args == [f"Wrote {target}."]
    rows = list(csv.DictReader(target.open(encoding="utf-8-sig")))
    assert {r["officer"] for r in rows} >= {"Alex Morgan", "Bea Khan", "Cal Reid", "Dee Osei"}
    assert sum(float(r["paid_hours"]) for r in rows) > 0


def test_pdf_has_a_page_per_week_shown(qtbot, exports, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "rota.pdf"
    exports.ask_path = lambda *_args: target
    with qtbot.waitSignal(exports.note, timeout=30_000):
        exports.print_pdf()
    assert len(PdfReader(target).pages) == 4
    assert "Alex Morgan" in PdfReader(target).pages[0].extract_text()


def test_cancelled_save_writes_nothing(qtbot, exports, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    out.mkdir()
    asked: list[str] = []
    exports.ask_path = lambda title, _name, _pattern: asked.append(title)  # the officer cancels: None
    exports.export_csv()
    exports.print_pdf()
    assert asked == ["Hours totals", "Print rota to PDF"]
    assert not exports.ops.busy and list(out.iterdir()) == []


def test_a_refused_file_comes_back_as_the_error(qtbot, exports, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    exports.ask_path = lambda *_args: tmp_path / "rota.txt"  # not a PDF: refused, nothing written
    with qtbot.waitSignal(exports.failed, timeout=15_000) as failed:
        exports.print_pdf()
    assert str(failed.args[0]) and "\n" not in str(failed.args[0])
    assert not (tmp_path / "rota.txt").exists()
