"""Files and ffmpeg outputs on their own: real ops and jobs, a bare cue model, the panels; no window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QPlainTextEdit, QTableView, QTabWidget, QWidget

from app.media.probe import probe
from app.subtitles import formats, projects
from app.subtitles.checks import load_profile
from app.subtitles.cues import Cue
from ui.ops import JobRunner, Ops
from ui.subtitles.autosave import ProjectAutosave
from ui.subtitles.cue_editor import CueEditor
from ui.subtitles.cue_model import CueModel
from ui.subtitles.output import NO_CUES, NO_VIDEO, SubtitlesOutput
from ui.subtitles.output_job import OutputJobController
from ui.subtitles.panels import OutputPanel, StylePanel
from ui.subtitles.session import SubtitleSession


class Playhead:
    def __init__(self) -> None:
        self.position_ms, self.paused = 0, 0

    def seek(self, ms: int) -> None:
        self.position_ms = ms

    def pause(self) -> None:
        self.paused += 1


@pytest.fixture
def parts(qtbot, ctx):  # type: ignore[no-untyped-def]
    root = QWidget()
    qtbot.addWidget(root)
    model, session, playhead = CueModel(load_profile("bbc"), root), SubtitleSession(), Playhead()
    table, text, tabs = QTableView(root), QPlainTextEdit(root), QTabWidget(root)
    table.setModel(model)
    panel, style_panel = OutputPanel(), StylePanel()
    tabs.addTab(style_panel, "Style")
    tabs.addTab(panel, "Output")
    ops, runner = Ops(ctx), JobRunner(ctx)
    saved: list[object] = []

    def snapshot():  # type: ignore[no-untyped-def]
        if session.project is None:
            return None
        return session.project.id, {"cues": model.cues, "last_output": session.last_output}

    autosave = ProjectAutosave(ops, snapshot, 10_000, root)
    autosave.saved.connect(saved.append)
    out = SubtitlesOutput(ops=ops, jobs=OutputJobController(runner, panel, root), session=session, model=model,
                          cues=CueEditor(model, table, text, playhead, root), playhead=playhead, panel=panel,
                          style_panel=style_panel, tabs=tabs, autosave=autosave, dialog_parent=root)
    problems: list[str] = []
    out.problem.connect(problems.append)
    yield out, problems, saved
    runner.cancel_all()
    runner.wait(30_000)


def test_nothing_to_output_says_what_to_do_first(qtbot, parts, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out, problems, _saved = parts
    out.burn_to(tmp_path / "x.mp4")
    assert problems == [NO_VIDEO]
    out.session.project = object()  # type: ignore[assignment]  # a project, but no cues yet
    out.attach_to(tmp_path / "x.mp4")
    assert problems == [NO_VIDEO, NO_CUES] and not out.jobs.running and not (tmp_path / "x.mp4").exists()


def test_burn_pauses_saves_shows_progress_and_remembers_the_file(qtbot, parts, ctx, clip: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out, problems, saved = parts
    out.session.project, out.session.info = projects.create_project(ctx, clip, media=probe(clip)), probe(clip)
    out.model.load([Cue(0, 2_000, "Police are at the scene")])
    target = tmp_path / "burnt.mp4"
    with qtbot.waitSignal(out.note, timeout=60_000, check_params_cb=lambda text: text.startswith("Saved")):
        out.burn_to(target)
        assert out.playhead.paused == 1 and out.tabs.currentWidget() is out.panel
        out.burn_to(tmp_path / "again.mp4")  # one output at a time
    assert "already working" in problems[-1] and not (tmp_path / "again.mp4").exists()
    assert probe(target).has_audio and out.session.last_output == str(target)
    qtbot.waitUntil(lambda: len(saved) >= 2, timeout=10_000)  # before the burn and after it
    assert projects.get_project(ctx, out.session.project.id).last_output == str(target)


def test_import_and_export_round_trip_off_the_gui_thread(qtbot, parts, srt_file: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out, problems, _saved = parts
    with qtbot.waitSignal(out.note, timeout=10_000) as note:
        out.import_from(srt_file)
    assert note.args[0].startswith("Imported 2 cues (SRT")
    assert [c.text for c in out.model.cues] == ["Police are at the scene.", "Please avoid the area."]
    out.model.undo_stack.undo()  # the import is one undo step
    assert out.model.rowCount() == 0
    out.model.undo_stack.redo()
    target = tmp_path / "out.vtt"
    with qtbot.waitSignal(out.note, timeout=10_000):
        out.export_to(target)
    assert formats.load(target).cues == out.model.cues and problems == []


def test_a_broken_file_is_one_line_and_imports_nothing(qtbot, parts, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out, problems, _saved = parts
    junk = tmp_path / "junk.srt"
    junk.write_bytes(b"\x00\x01 not subtitles at all \xff" * 50)
    with qtbot.waitSignal(out.problem, timeout=10_000):
        out.import_from(junk)
    assert len(problems) == 1 and "\n" not in problems[0] and "Traceback" not in problems[0]
    assert out.model.rowCount() == 0 and out.model.undo_stack.count() == 0
