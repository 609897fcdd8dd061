"""The photo export controller on its own: a real job runner, real photos, the export box's
fields; no window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtWidgets import QCheckBox, QLineEdit, QProgressBar

from app.photo import library, loading
from app.photo.metadata import inspect
from app.photo.presets import load_presets
from tests.photo.samples import SECRETS, make_jpeg
from ui.ops import JobRunner
from ui.photo.document import PhotoDocument
from ui.photo.exporter import NO_CHANNEL, PhotoExporter
from ui.photo.models import PresetListModel


@pytest.fixture
def exporter(qtbot, ctx, tmp_path: Path):  # type: ignore[no-untyped-def]
    channels = PresetListModel(load_presets(ctx.data_dir))
    folder, keep, bar = QLineEdit(str(tmp_path / "out")), QCheckBox(), QProgressBar()
    for widget in (folder, keep, bar):
        qtbot.addWidget(widget)
    runner = JobRunner(ctx)
    yield PhotoExporter(runner, channels, folder, keep, bar)
    runner.cancel_all()
    runner.wait(30_000)


def _doc(path: Path) -> PhotoDocument:
    doc = PhotoDocument(path, loading.preview(path), inspect(path))
    doc.alt_text = "Volunteers fill sandbags outside the town hall."
    return doc


def test_exports_each_ticked_channel_clean_and_records_it(qtbot, exporter, ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    exporter.channels.checked = {"instagram-square", "x"}
    doc = _doc(make_jpeg(tmp_path / "sandbags.jpg"))
    busy: list[bool] = []
    exporter.busy_changed.connect(busy.append)
    with qtbot.waitSignal(exporter.exported, timeout=60_000) as done:
        assert exporter.export([doc])
        assert exporter.running and not exporter.progress_bar.isHidden()
        assert not exporter.export([doc])  # one export at a time
    results = done.args[0]
    sizes = sorted(Image.open(r.path).size for r in results)
    assert sizes == [(1080, 1080), (1600, 900)]
    for r in results:
        data = r.path.read_bytes()
        assert not any(secret in data for secret in SECRETS)  # location and camera details gone
    assert busy == [True, False] and not exporter.running
    recorded = library.recent_exports(ctx, 10)
    assert {Path(e.file_path).name for e in recorded} >= {r.path.name for r in results}


def test_no_channel_ticked_is_one_plain_line_and_writes_nothing(qtbot, exporter, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    exporter.channels.checked = set()
    with qtbot.waitSignal(exporter.failed) as failed:
        assert not exporter.export([_doc(make_jpeg(tmp_path / "a.jpg"))])
    assert str(failed.args[0]) == NO_CHANNEL and not (tmp_path / "out").exists()


def test_an_unwritable_folder_fails_in_one_line(qtbot, exporter, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    exporter.folder.setText(str(blocker / "inside"))
    exporter.channels.checked = {"x"}
    with qtbot.waitSignal(exporter.failed, timeout=60_000) as failed:
        exporter.export([_doc(make_jpeg(tmp_path / "b.jpg"))])
    message = str(failed.args[0])
    assert message and "\n" not in message and "Traceback" not in message
    assert not exporter.running and not exporter.progress_bar.isVisible()
