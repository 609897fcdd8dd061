"""The burn/attach job controller on its own: a job runner and an output panel, no window."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.media.probe import probe
from app.subtitles.cues import Cue
from app.subtitles.output import burn
from app.subtitles.styles import load_style
from ui.ops import JobRunner
from ui.subtitles.output_job import OutputJobController
from ui.subtitles.panels import OutputPanel


@pytest.fixture
def controller(qtbot, ctx):  # type: ignore[no-untyped-def]
    panel = OutputPanel()
    qtbot.addWidget(panel)
    runner = JobRunner(ctx)
    made = OutputJobController(runner, panel)
    yield made
    runner.cancel_all()
    runner.wait(30_000)


def _burn(clip: Path, out: Path):  # type: ignore[no-untyped-def]
    cues, style = [Cue(0, 2000, "Police are at the scene")], load_style("landscape")
    return lambda on_progress, token: burn(clip, cues, style, out, on_progress=on_progress, cancel=token)


def test_burn_reports_progress_and_the_file(qtbot, controller, clip: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "burnt.mp4"
    seen: list[int] = []
    controller.panel.progress.valueChanged.connect(seen.append)
    with qtbot.waitSignal(controller.done, timeout=60_000) as done:
        assert controller.start("Burning captions", _burn(clip, out))
        assert controller.panel.cancel.isEnabled() and not controller.panel.burn.isEnabled()
        assert not controller.start("Burning again", _burn(clip, out))  # one output at a time
    assert done.args == [out] and probe(out).has_audio
    assert controller.panel.progress.value() == 1000 and "Done" in controller.panel.status.text()
    assert not controller.running and controller.panel.burn.isEnabled()


def test_cancel_leaves_no_file_and_no_problem(qtbot, controller, clip: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "out"
    folder.mkdir()
    problems: list[str] = []
    controller.problem.connect(problems.append)
    controller.start("Burning captions", _burn(clip, folder / "cancelled.mp4"))
    controller.cancel()
    qtbot.waitUntil(lambda: not controller.running, timeout=30_000)
    assert "Cancelled" in controller.panel.status.text() and problems == []
    assert list(folder.iterdir()) == []
