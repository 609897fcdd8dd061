from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import NotFoundError, ValidationError
from app.subtitles import projects
from app.subtitles.cues import Cue
from app.subtitles.styles import load_style


def test_project_autosaves_and_reopens_where_left(ctx, clip: Path) -> None:  # type: ignore[no-untyped-def]
    first = projects.create_project(ctx, clip, [Cue(0, 1000, "One")])
    second = projects.create_project(ctx, clip, profile="netflix", title="Second clip")
    projects.save_project(ctx, first.id, cues=[Cue(0, 1200, "One"), Cue(1500, 2500, "Two")], playhead_ms=1700,
                          style=load_style("vertical"), profile_numbers={"max_cps": 15})
    latest = projects.latest_project(ctx)
    assert latest is not None and latest.id == first.id
    assert latest.cues == [Cue(0, 1200, "One"), Cue(1500, 2500, "Two")]
    assert latest.playhead_ms == 1700 and latest.burn_style().name == "vertical"
    assert latest.profile_numbers == {"max_cps": 15}
    assert [p.id for p in projects.list_projects(ctx)] == [first.id, second.id]


def test_bad_autosave_changes_nothing(ctx, clip: Path) -> None:  # type: ignore[no-untyped-def]
    project = projects.create_project(ctx, clip, [Cue(0, 1000, "One")])
    with pytest.raises(ValidationError):
        projects.save_project(ctx, project.id, cues=[Cue(2000, 1000, "Backwards")])
    with pytest.raises(ValidationError):
        projects.save_project(ctx, project.id, profile_numbers={"max_cps": -1})
    assert projects.get_project(ctx, project.id).cues == [Cue(0, 1000, "One")]
    projects.archive_project(ctx, project.id)
    with pytest.raises(NotFoundError):
        projects.get_project(ctx, project.id)


def test_cli_project_then_list(cli, clip: Path, srt_file: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("setup", "--officer", "Sam Night").code == 0
    assert cli("subtitles", "project", str(clip), str(srt_file)).code == 0
    result = cli("subtitles", "projects", "--json")
    assert '"cue_count": 2' in result.out
