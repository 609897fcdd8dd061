"""Project autosave on its own: ops and a snapshot function, no window."""

from __future__ import annotations

from pathlib import Path

from app.media.probe import probe
from app.subtitles import projects
from app.subtitles.cues import Cue
from ui.ops import Ops
from ui.subtitles.autosave import ProjectAutosave


def test_saves_after_the_last_change_off_the_gui_thread(qtbot, ctx, clip: Path) -> None:  # type: ignore[no-untyped-def]
    project = projects.create_project(ctx, clip, media=probe(clip))
    cues = [Cue(0, 1500, "Road closed")]
    autosave = ProjectAutosave(Ops(ctx), lambda: (project.id, {"cues": list(cues), "playhead_ms": 700}), 30)
    autosave.start()
    cues.append(Cue(2000, 2800, "Use the bypass"))  # a later edit before the delay runs out is in the save
    with qtbot.waitSignal(autosave.saved, timeout=10_000):
        pass
    stored = projects.get_project(ctx, project.id)
    assert [c.text for c in stored.cues] == ["Road closed", "Use the bypass"] and stored.playhead_ms == 700


def test_a_refused_save_says_so_and_changes_nothing(qtbot, ctx, clip: Path) -> None:  # type: ignore[no-untyped-def]
    project = projects.create_project(ctx, clip, media=probe(clip))
    autosave = ProjectAutosave(Ops(ctx), lambda: (project.id, {"profile_numbers": {"max_cps": -1}}), 10_000)
    with qtbot.waitSignal(autosave.failed, timeout=10_000) as failed:
        autosave.save_now()
    assert failed.args[0].startswith("Could not save the project:") and "Traceback" not in failed.args[0]
    assert projects.get_project(ctx, project.id).profile_numbers == project.profile_numbers


def test_nothing_open_nothing_saved(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    ops = Ops(ctx)
    ProjectAutosave(ops, lambda: None, 10).save_now()
    assert not ops.busy
