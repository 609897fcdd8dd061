"""Shot changes on a generated clip with known cuts, and cue edges snapped to them."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.captions.shots import detect_shots, snap_to_shots
from app.errors import ValidationError
from app.subtitles.checks import check, load_profile
from app.subtitles.cues import Cue
from tests.captions.speech import video_with_sound

BBC = load_profile("bbc")


@pytest.fixture(scope="module")
def four_shots(caption_media: Path) -> Path:
    return video_with_sound(None, caption_media / "four-shots.mp4", seconds=20, shots=4)


def test_cuts_are_found_where_the_colour_changes(four_shots: Path) -> None:
    assert detect_shots(four_shots) == [5000, 10000, 15000]


def test_a_still_clip_has_no_cuts(mute_clip: Path, caption_media: Path) -> None:
    from tests.captions.speech import video_with_sound as make

    single = make(None, caption_media / "one-shot.mp4", seconds=4, shots=1)
    assert detect_shots(single) == []


def test_edges_near_a_cut_snap_two_frames_before_it() -> None:
    cues = [Cue(1000, 4880, "Before the cut."), Cue(5120, 7000, "After the cut."), Cue(7500, 9000, "Far from any.")]
    snapped = snap_to_shots(cues, [5000], BBC, fps=25)
    assert snapped[0].end_ms == 5000 - 80  # two frames at 25 fps
    assert snapped[1].start_ms == 5000
    assert snapped[2] == cues[2]
    assert check(snapped, BBC, spell=False) == []


def test_a_snap_that_would_break_the_profile_is_not_made() -> None:
    cues = [Cue(4400, 5400, "Too short if cut back."), Cue(5500, 7000, "Next.")]
    snapped = snap_to_shots(cues, [5050], BBC, fps=25)
    assert snapped[0] == cues[0]


def test_a_file_without_picture_is_refused(caption_media: Path) -> None:
    from tests.captions.speech import espeak

    wav = espeak("hello", caption_media / "hello.wav")
    with pytest.raises(ValidationError, match="no picture"):
        detect_shots(wav)
