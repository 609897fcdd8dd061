"""Words into cues: natural line breaks and timings that pass the profile, for any speech."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.captions.cue_builder import split_lines, words_to_cues
from app.captions.stream import CueStream
from app.captions.words import Word
from app.subtitles.checks import check, load_profile

BBC = load_profile("bbc")
NETFLIX = load_profile("netflix")


def timed(text: str, start_ms: int = 0, per_word_ms: int = 330, gap_ms: int = 0) -> list[Word]:
    out, at = [], start_ms
    for token in text.split():
        out.append(Word(at, at + per_word_ms - 20, token, 0.9))
        at += per_word_ms + gap_ms
    return out


def test_a_short_sentence_is_one_line() -> None:
    cues = words_to_cues(timed("Police are at the scene."), BBC)
    assert [c.text for c in cues] == ["Police are at the scene."]
    assert cues[0].duration_ms >= BBC.min_duration_ms


def test_lines_break_after_punctuation_not_after_an_article() -> None:
    words = timed("Officers closed the road at noon, and drivers should avoid the area")
    assert split_lines(words, BBC) == ["Officers closed the road at noon,", "and drivers should avoid the area"]
    words = timed("Drivers should avoid the area around the station tonight")
    top, bottom = split_lines(words, BBC)
    assert top.split()[-1] not in {"the", "around"}
    assert max(len(top), len(bottom)) <= BBC.max_chars_per_line


def test_never_a_dangling_preposition_or_article() -> None:
    words = timed("The minister spoke to reporters outside the station about the plans for the new bridge")
    for cue in words_to_cues(words, BBC):
        for line in cue.lines[:-1]:
            assert line.split()[-1].lower() not in {"the", "to", "about", "for", "outside", "a"}


def test_sentences_start_new_cues() -> None:
    cues = words_to_cues(timed("The road is closed. Buses will divert along the ring road."), BBC)
    assert cues[0].text == "The road is closed."
    assert cues[1].text.startswith("Buses")


def test_a_pause_starts_a_new_cue() -> None:
    words = timed("we are here", 0) + timed("and now later", 5000)
    cues = words_to_cues(words, BBC)
    assert [c.text for c in cues] == ["we are here", "and now later"]


def test_brisk_speech_borrows_time_so_it_can_be_read() -> None:
    # 167 words a minute without a pause: the top of the BBC's range. (Faster speech needs the text condensed.)
    words = timed("Emergency services responded to reports of a serious collision on the motorway junction near the "
                  "retail park this afternoon and the road remains closed in both directions", 2000, 360)
    cues = words_to_cues(words, BBC)
    assert [f.rule for f in check(cues, BBC, spell=False)] == []


def test_streamed_cues_equal_the_whole_result_and_never_change() -> None:
    words = timed("The council will close the high street on Saturday morning while the water main is repaired. "
                  "Buses will use the ring road instead. We expect the street to reopen by six in the evening.")
    stream = CueStream(BBC, duration_ms=words[-1].end_ms + 2000)
    shown = []
    for k in range(0, len(words), 4):
        shown.extend(stream.feed(words[k : k + 4]))
    shown.extend(stream.finish())
    assert shown == stream.cues
    assert " ".join(c.text.replace("\n", " ") for c in shown) == " ".join(w.text for w in words)
    assert check(shown, BBC, spell=False) == []


word_text = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)
punct = st.sampled_from(["", "", "", ",", ".", "?"])


@settings(max_examples=60, deadline=None)
@given(
    tokens=st.lists(st.tuples(word_text, punct, st.integers(120, 700), st.integers(0, 1500)), min_size=1, max_size=60),
    profile=st.sampled_from([BBC, NETFLIX]),
)
def test_any_speech_gives_cues_within_the_hard_limits(tokens, profile) -> None:
    words, at = [], 500
    for text, mark, length, gap in tokens:
        words.append(Word(at, at + length, text + mark, 0.8))
        at += length + gap
    stream = CueStream(profile, duration_ms=at + 1000)
    for k in range(0, len(words), 5):
        stream.feed(words[k : k + 5])
    stream.finish()
    cues = stream.cues
    assert " ".join(c.text.replace("\n", " ") for c in cues) == " ".join(w.text for w in words)
    rules = {f.rule for f in check(cues, profile, spell=False)}
    assert not rules & {"line_length", "lines", "overlap", "gap", "max_duration"}, rules


def test_the_machine_mark_survives_saving_and_goes_when_a_person_edits() -> None:
    from app.subtitles.cues import Cue, set_text

    cue = words_to_cues(timed("Police are at the scene."), BBC)[0]
    assert Cue.from_json(cue.as_json()) == cue and cue.machine
    assert Cue.from_json({"start_ms": 0, "end_ms": 10, "text": "x"}) == Cue(0, 10, "x")  # older projects
    edited = set_text(cue, "Police are at the scene now.")
    assert not edited.machine and edited.unsure == ()
