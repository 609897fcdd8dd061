"""A real tiny.en run on real (synthesised) speech: word error, unsure words, cues that pass the checks."""

from __future__ import annotations

import jiwer

from app.captions.words import match_key
from app.subtitles.checks import check, load_profile
from tests.captions.conftest import SHOT_SECONDS, SPEECH_TEXT


def normalised(text: str) -> str:
    return " ".join(match_key(w) for w in text.split() if match_key(w))


def test_words_match_the_known_text(speech_result) -> None:
    heard = " ".join(w.text for w in speech_result.words)
    error = jiwer.wer(normalised(SPEECH_TEXT), normalised(heard))
    assert error < 0.25, f"word error {error:.0%}: {heard}"
    assert speech_result.transcript.model == "tiny.en"


def test_word_times_follow_the_speech(speech_result) -> None:
    words = speech_result.words
    assert all(a.start_ms <= b.start_ms for a, b in zip(words, words[1:]))
    # espeak starts at once and reads ~150 words a minute: the last word ends near 12 s, not later than the clip
    assert words[0].start_ms < 1500
    assert 8000 < words[-1].end_ms <= 15000


def test_cues_pass_the_bbc_checks(speech_result) -> None:
    cues = speech_result.cues
    assert len(cues) >= 4
    findings = [f for f in check(cues, load_profile("bbc"), spell=False)]
    assert findings == []
    assert all(c.machine for c in cues), "every machine-made cue is marked for review"
    # cues carry all the words, in order
    assert normalised(" ".join(c.text for c in cues)) == normalised(" ".join(w.text for w in speech_result.words))


def test_no_line_ends_on_an_article_or_preposition(speech_result) -> None:
    for cue in speech_result.cues:
        for line in cue.lines[:-1]:
            assert match_key(line.split()[-1]) not in {"the", "a", "an", "of", "to", "on", "by", "in", "for", "with"}, cue.text


def test_cue_edges_respect_the_cuts(speech_result) -> None:
    cuts = [SHOT_SECONDS * 1000 * k for k in (1, 2)]
    assert [abs(s - c) <= 80 for s, c in zip(speech_result.shots_ms, cuts)] == [True, True]
    for cue in speech_result.cues:
        for cut in cuts:
            assert not (cut - 80 < cue.end_ms < cut + 200), f"cue ends across the cut at {cut}: {cue}"


def test_unsure_words_are_reported(speech_result) -> None:
    low = speech_result.low_confidence_words
    assert all(w.probability < 0.5 for w in low)
    for cue in speech_result.cues:
        for word in cue.unsure:
            assert word in cue.text
