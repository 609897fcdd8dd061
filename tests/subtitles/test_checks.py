from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import ValidationError
from app.subtitles.checks import RULES, check, load_profile, profile_names
from app.subtitles.cues import Cue


def rules(findings) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    return [(f.cue, f.rule) for f in findings]


def test_profiles_ship_with_editable_numbers() -> None:
    assert {"bbc", "netflix"} <= set(profile_names())
    bbc = load_profile("bbc")
    assert bbc.max_chars_per_line == 37 and bbc.max_lines == 2
    looser = bbc.with_numbers(max_cps=25)
    assert looser.max_cps == 25 and bbc.max_cps == 17
    with pytest.raises(ValidationError):
        bbc.with_numbers(max_cps="fast")
    with pytest.raises(ValidationError):
        load_profile("itv")


def test_every_rule_fires_on_a_cue_that_breaks_it() -> None:
    cues = [
        Cue(0, 3000, "A line that is much too long for a caption to read"),  # line_length
        Cue(3000, 6000, "one\ntwo\nthree"),  # lines
        Cue(6040, 6500, "Far too many words in half a second"),  # gap 40 ms, cps, min_duration
        Cue(6400, 16000, "Long"),  # overlap, max_duration
        Cue(16000, 18000, "We recieved the color"),  # spelling x2
    ]
    found = rules(check(cues, load_profile("bbc")))
    assert (1, "line_length") in found
    assert (2, "lines") in found
    assert {(3, "gap"), (3, "cps"), (3, "min_duration")} <= set(found)
    assert {(4, "overlap"), (4, "max_duration")} <= set(found)
    assert found.count((5, "spelling")) == 2
    assert {rule for _, rule in found} == set(RULES)


def test_clean_cues_pass_both_profiles() -> None:
    cues = [Cue(0, 2500, "Police are at the scene."), Cue(2500, 5000, "Please avoid the area tonight.")]
    for name in ("bbc", "netflix"):
        assert check(cues, load_profile(name)) == []


def test_spelling_suggests_british_forms() -> None:
    (finding,) = check([Cue(0, 3000, "Traffic will be organized")], load_profile("bbc"))
    assert finding.rule == "spelling" and finding.value == "organized"
    assert finding.suggestions[0] == "organised"
    assert "organised" in finding.message
    # names mid-sentence and acronyms are left alone; British forms pass
    assert check([Cue(0, 3000, "Meet Councillor Okonkwo\nat the NHS centre")], load_profile("bbc")) == []


def test_finding_json_has_exactly_the_contract_keys() -> None:
    (finding,) = check([Cue(0, 500, "Hi")], load_profile("netflix"))
    assert set(finding.as_json()) == {"cue", "rule", "value", "limit", "message"}


def test_stretch_for_reading_fixes_speed_without_touching_next_cue() -> None:
    from app.subtitles.checks import stretch_for_reading

    bbc = load_profile("bbc")
    cues = [Cue(0, 1000, "Police are at the scene tonight"), Cue(5000, 6000, "Next")]
    fixed = stretch_for_reading(cues, 0, bbc)
    assert fixed.start_ms == 0 and fixed.cps <= bbc.max_cps
    squeezed = stretch_for_reading([cues[0], Cue(1200, 3000, "Next")], 0, bbc)
    assert squeezed.end_ms == 1200 - bbc.min_gap_ms


def test_replace_word_applies_a_suggestion_to_whole_words_only() -> None:
    from app.subtitles.spelling import replace_word

    assert replace_word("The color and colors", "color", "colour") == "The colour and colors"
    assert replace_word("discolor color", "color", "colour") == "discolor colour"


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 80), st.integers(200, 8000))
def test_cps_rule_fires_exactly_when_reading_speed_is_over_the_limit(chars: int, duration: int) -> None:
    cue = Cue(0, duration, "x" * chars)
    found = {f.rule for f in check([cue], load_profile("netflix"), spell=False)}
    assert ("cps" in found) == (cue.cps > 20)
