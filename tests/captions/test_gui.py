"""Transcribe in the window: cues stream into the table, one is edited while the rest is still
running, the run is cancelled and resumed, and undo takes back the whole result."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.captions import service
from tests.captions.conftest import SPEECH_TEXT
from tests.captions.test_transcribe import normalised


def keys(qtbot, widget, sequence: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QKeySequence

    combo = QKeySequence(sequence)[0]
    qtbot.keyClick(widget, combo.key(), combo.keyboardModifiers())


@pytest.fixture
def gate(monkeypatch):  # type: ignore[no-untyped-def]
    """Holds the (real) job after its first cues, until the test has edited and pressed Cancel."""
    release = threading.Event()
    original = service.CueStream.feed
    state = {"held": False}

    def feed(self, words):  # type: ignore[no-untyped-def]
        if self.cues and not state["held"]:  # the first cues went out: hold before the next segment
            state["held"] = True
            release.wait(60)
        return original(self, words)

    monkeypatch.setattr(service.CueStream, "feed", feed)
    return release


def test_transcript_streams_is_edited_while_running_cancelled_and_resumed(main_window, qtbot, speech_clip: Path, gate) -> None:  # type: ignore[no-untyped-def]
    view = main_window.show_view("subtitles")
    view.open_video(speech_clip)
    qtbot.waitUntil(lambda: view.project is not None, timeout=20_000)
    view.table.setFocus()
    keys(qtbot, view.table, "Ctrl+Shift+A")
    panel = view.captions.panel
    assert view.captions.running and panel.cancel.isEnabled() and not panel.transcribe.isEnabled()

    # the first cues are in the table while the job is still running
    qtbot.waitUntil(lambda: view.model.rowCount() >= 1, timeout=60_000)
    assert view.captions.running
    first = view.model.cue(0)
    assert first.machine and first.text.lower().startswith("the council")
    if os.environ.get("DUTYDESK_WRITE_SCREENSHOTS"):
        qtbot.waitUntil(lambda: panel.progress.value() > 0, timeout=10_000)
        main_window.grab().save(str(Path(__file__).parents[2] / "docs" / "screenshots" / "subtitles-transcribing.png"))

    # edit the streamed cue with the keyboard while the rest is still being recognised
    view.select_row(0, seek=False)
    view.editor.setFocus()
    view.editor.selectAll()
    qtbot.keyClicks(view.editor, "The council will close the High Street")
    assert view.model.cue(0).text == "The council will close the High Street"
    assert not view.model.cue(0).machine  # a person has looked at it

    qtbot.mouseClick(panel.cancel, Qt.MouseButton.LeftButton)
    gate.set()
    qtbot.waitUntil(lambda: not view.captions.running, timeout=60_000)
    assert panel.resume.isEnabled() and "Cancelled" in panel.status.text()
    kept = view.model.rowCount()
    assert kept >= 1 and view.model.cue(0).text == "The council will close the High Street"

    # resume: the rest arrives after what was kept
    qtbot.mouseClick(panel.resume, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.captions.running, timeout=120_000)
    assert "Done" in panel.status.text(), panel.status.text()
    cues = view.model.cues
    assert len(cues) > kept
    assert all(a.end_ms <= b.start_ms for a, b in zip(cues, cues[1:]))
    assert "patience" in normalised(" ".join(c.text for c in cues))
    assert normalised(SPEECH_TEXT).split()[-1] in normalised(cues[-1].text)
    assert view.waveform.shots_ms == [5000, 10000]

    # unsure words are highlighted in the text box of a machine-made cue
    row = next((i for i, c in enumerate(cues) if c.machine and c.unsure), None)
    if row is not None:
        view.select_row(row, seek=False)
        assert len(view.editor.extraSelections()) >= 1

    # undo: the resumed part, the edit, then the whole first part
    view.table.setFocus()
    for _ in range(3):
        keys(qtbot, view.table, "Ctrl+Z")
    assert view.model.rowCount() == 0
    keys(qtbot, view.table, "Ctrl+Shift+Z")
    assert view.model.rowCount() == kept and view.model.cue(0).machine


def test_mark_checked_clears_the_machine_mark(main_window, qtbot, speech_clip: Path) -> None:  # type: ignore[no-untyped-def]
    from app.subtitles.cues import Cue

    view = main_window.show_view("subtitles")
    view.open_video(speech_clip)
    qtbot.waitUntil(lambda: view.project is not None, timeout=20_000)
    view.model.apply("test cues", lambda _c: [Cue(0, 1500, "Hello there", machine=True, unsure=("there",))])
    view.select_row(0, seek=False)
    assert len(view.editor.extraSelections()) == 1
    assert view.captions.panel.unchecked.text().startswith("1 machine-made cue")
    view.table.clearSelection()  # so the selection colour does not hide the cell's own colours
    assert amber_pixels(view.table) > 20  # the unsure word is on amber in the table
    view.select_row(0, seek=False)
    view.table.setFocus()
    keys(qtbot, view.table, "Ctrl+Shift+M")
    assert not view.model.cue(0).machine and view.editor.extraSelections() == []
    assert view.captions.panel.unchecked.text() == ""
    view.table.clearSelection()
    assert amber_pixels(view.table) == 0


def amber_pixels(table) -> int:  # type: ignore[no-untyped-def]
    image = table.viewport().grab().toImage()
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            if c.red() > 220 and 150 < c.green() < 225 and c.blue() < 140:
                count += 1
    return count


def test_a_drifting_file_is_retimed_and_a_script_timed_in_the_window(main_window, qtbot, speech_clip: Path) -> None:  # type: ignore[no-untyped-def]
    from app.subtitles.cues import Cue

    view = main_window.show_view("subtitles")
    view.open_video(speech_clip)
    qtbot.waitUntil(lambda: view.project is not None, timeout=20_000)
    drifting = [Cue(2000, 3000, "The council will close the high street"), Cue(9000, 9500, "Thank you for your patience.")]
    view.model.apply("import", lambda _c: drifting)
    qtbot.mouseClick(view.captions.panel.retime, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.model.cue(0).start_ms < 1000, timeout=60_000)
    assert [c.text for c in view.model.cues] == [c.text for c in drifting]
    assert view.model.cue(1).start_ms > 11000  # the thanks come at the end of the statement
    keys(qtbot, view.table, "Ctrl+Z")
    assert view.model.cues == drifting

    view.captions.align_script(SPEECH_TEXT)
    qtbot.waitUntil(lambda: len(view.model.cues) > 3, timeout=60_000)
    assert " ".join(c.text.replace("\n", " ") for c in view.model.cues) == SPEECH_TEXT


def test_a_failed_run_leaves_the_cues_as_they_were(main_window, qtbot, silence_clip: Path) -> None:  # type: ignore[no-untyped-def]
    from app.subtitles.cues import Cue

    view = main_window.show_view("subtitles")
    view.open_video(silence_clip)
    qtbot.waitUntil(lambda: view.project is not None, timeout=20_000)
    mine = [Cue(500, 2000, "Typed by hand")]
    view.model.apply("typed", lambda _c: mine)
    steps = view.undo_stack.count()
    view.table.setFocus()
    keys(qtbot, view.table, "Ctrl+Shift+A")
    qtbot.waitUntil(lambda: not view.captions.running, timeout=60_000)
    assert "silent" in view.captions.panel.status.text()
    assert view.model.cues == mine
    assert view.undo_stack.index() == steps  # the failed run is not an undo step to trip over
    assert view.captions.panel.transcribe.isEnabled()


@pytest.fixture
def local_hub(tmp_path: Path, monkeypatch):  # type: ignore[no-untyped-def]
    """A real HTTP server standing in for the model hub, serving the tiny.en files as other models."""
    import functools
    import http.server
    import shutil

    from app.captions.model_source import DOWNLOADABLE, bundled_model_path

    root = tmp_path / "hub"
    for name in ("base.en", "small.en"):
        shutil.copytree(bundled_model_path(), root / DOWNLOADABLE[name] / "resolve" / "main")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("DUTYDESK_MODEL_HUB", f"http://127.0.0.1:{server.server_address[1]}")
    yield
    server.shutdown()


def test_a_model_downloads_on_first_use_with_progress_and_cancel(main_window, qtbot, speech_clip: Path, local_hub) -> None:  # type: ignore[no-untyped-def]
    view = main_window.show_view("subtitles")
    view.open_video(speech_clip)
    qtbot.waitUntil(lambda: view.project is not None, timeout=20_000)
    panel = view.captions.panel
    models = main_window.shell.ctx.data_dir / "models"

    # cancel in the middle of the download: nothing is kept
    panel.model_choice.setCurrentIndex(panel.model_choice.findData("small.en"))
    texts: list[str] = []
    qtbot.mouseClick(panel.transcribe, Qt.MouseButton.LeftButton)

    def seen(_fraction: float, text: str) -> None:
        texts.append(text)
        if "Downloading" in text and "MB" in text:
            view.captions.cancel()

    view.captions.job.progressed.connect(seen)
    qtbot.waitUntil(lambda: not view.captions.running, timeout=60_000)
    assert any("Downloading the small.en speech model" in t for t in texts)
    assert not (models / "small.en").exists() and "Cancelled" in panel.status.text()

    # a whole download, then the run goes on with that model
    panel.model_choice.setCurrentIndex(panel.model_choice.findData("base.en"))
    qtbot.mouseClick(panel.transcribe, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.captions.running, timeout=120_000)
    assert "Done" in panel.status.text(), panel.status.text()
    assert (models / "base.en" / "model.bin").is_file() and view.model.rowCount() >= 4
