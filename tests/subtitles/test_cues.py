from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import ValidationError
from app.subtitles import cues as C
from app.subtitles.cues import Cue


def sample() -> list[Cue]:
    return [Cue(0, 2000, "Police are at the scene"), Cue(2500, 4000, "Please avoid\nthe area"), Cue(5000, 6000, "Thanks")]


def test_cps_counts_characters_but_not_line_breaks() -> None:
    cue = Cue(0, 2000, "Please avoid\nthe area")
    assert cue.char_count == len("Please avoid") + len("the area")
    assert cue.cps == pytest.approx(20 / 2)


def test_insert_at_playhead_stops_before_next_cue() -> None:
    out, index = C.insert_at(sample(), 4200, "New")
    assert out[index] == Cue(4200, 5000, "New")
    assert [c.start_ms for c in out] == sorted(c.start_ms for c in out)


def test_split_and_merge_round_trip_text_and_times() -> None:
    cues = sample()
    split = C.split(cues, 0, 1000)
    assert split[0] == Cue(0, 1000, "Police are") and split[1] == Cue(1000, 2000, "at the scene")
    merged = C.merge(split, 0)
    assert merged[0].start_ms == 0 and merged[0].end_ms == 2000
    assert merged[0].text.replace("\n", " ") == "Police are at the scene"


def test_split_outside_cue_is_refused() -> None:
    with pytest.raises(ValidationError):
        C.split(sample(), 0, 1950)


def test_shift_selected_and_refuses_negative() -> None:
    cues = sample()
    moved = C.shift(cues, 500, [1])
    assert moved[1] == Cue(3000, 4500, "Please avoid\nthe area") and moved[0] == cues[0]
    with pytest.raises(ValidationError, match="before 0:00"):
        C.shift(cues, -100)
    assert cues == sample()  # nothing changed


def test_set_times_rejects_end_before_start() -> None:
    with pytest.raises(ValidationError, match="ends"):
        C.set_times(Cue(1000, 2000, "x"), end_ms=900)


def test_cue_at_finds_the_cue_on_screen() -> None:
    assert C.cue_at(sample(), 3000) == 1
    assert C.cue_at(sample(), 4500) is None


@given(st.integers(min_value=0, max_value=10 * 3600 * 1000))
def test_time_text_round_trip(ms: int) -> None:
    assert C.parse_time(C.format_time(ms)) == ms


def test_parse_time_forms() -> None:
    assert C.parse_time("1:02.5") == 62_500
    assert C.parse_time("0:01:02,500") == 62_500
    assert C.parse_time("4") == 4000
    with pytest.raises(ValidationError):
        C.parse_time("soon")


@given(st.lists(st.integers(0, 100_000), min_size=1, max_size=20), st.integers(0, 50_000))
def test_shift_forward_then_back_is_identity(starts: list[int], offset: int) -> None:
    cues = [Cue(s, s + 1000, "x") for s in sorted(starts)]
    assert C.shift(C.shift(cues, offset), -offset) == cues
