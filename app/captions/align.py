"""Timing a known text to the audio: a cleared statement or script, or an existing subtitle file.

The script's words are matched to the recognised words by sequence alignment (difflib's
longest matching blocks on spelling-insensitive keys: "6" matches "six", "Street," matches
"street"). A matched script word takes the recognised word's time; a run of unmatched
script words shares the time between its matched neighbours, in proportion to its letters.
The script's own spelling and punctuation are always kept: only the times come from the model.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import replace

from app.captions.cue_builder import fit_timing, words_to_cues
from app.captions.words import Word, match_key, split_words
from app.errors import ValidationError
from app.subtitles.checks import Profile
from app.subtitles.cues import Cue


def align_words(script: Sequence[str], heard: Sequence[Word], *, duration_ms: int | None = None) -> list[Word]:
    """Timed script words: one ``Word`` per script word, in order."""
    if not script:
        raise ValidationError("The script is empty: paste the text that is spoken.")
    if not heard:
        raise ValidationError("No speech was recognised to align the script to.")
    keys = [match_key(w) for w in script]
    matcher = difflib.SequenceMatcher(a=keys, b=[w.key for w in heard], autojunk=False)
    times: list[tuple[int, int, float] | None] = [None] * len(script)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                w = heard[j1 + k]
                times[i1 + k] = (w.start_ms, w.end_ms, w.probability)
        elif tag == "replace":
            # the model heard these script words differently ("Anyone" as "And one"): same stretch of time
            _spread(script, times, i1, i2, heard[j1].start_ms, heard[j2 - 1].end_ms)
    end_limit = duration_ms if duration_ms is not None else heard[-1].end_ms
    return _interpolate(script, times, heard[0].start_ms, max(end_limit, heard[-1].end_ms))


def _spread(script: Sequence[str], times: list[tuple[int, int, float] | None], i1: int, i2: int, lo: int, hi: int) -> None:
    """Share ``lo..hi`` among script words ``i1..i2`` by their letters (marked unsure: probability 0)."""
    weights = [max(1, len(w)) for w in script[i1:i2]]
    total = sum(weights)
    at = float(lo)
    for k in range(i1, i2):
        span = (hi - lo) * weights[k - i1] / total
        times[k] = (int(at), int(at + span), 0.0)
        at += span


def _interpolate(script: Sequence[str], times: list[tuple[int, int, float] | None], first_ms: int, last_ms: int) -> list[Word]:
    """Words with no heard counterpart at all share the time between their timed neighbours."""
    i = 0
    while i < len(script):
        if times[i] is not None:
            i += 1
            continue
        j = i
        while j < len(script) and times[j] is None:
            j += 1
        lo = times[i - 1][1] if i > 0 else first_ms  # type: ignore[index]
        hi = times[j][0] if j < len(script) else last_ms  # type: ignore[index]
        if hi <= lo:  # no silence to put them in
            if j == len(script):
                hi = lo + 200 * (j - i)  # trailing words: after the last one heard
            elif i == 0:
                lo = max(0, hi - 200 * (j - i))  # leading words: just before the first one heard
            else:
                hi = lo  # squeezed between two heard words: they share that instant
        _spread(script, times, i, j, lo, hi)
        i = j
    return [Word(t[0], max(t[1], t[0] + 1), text, t[2]) for text, t in zip(script, times, strict=True)]  # type: ignore[index]


def script_to_cues(script_text: str, heard: Sequence[Word], profile: Profile, *, duration_ms: int | None = None) -> list[Cue]:
    """New cues from a pasted script, timed to the speech."""
    timed = align_words(split_words(script_text.replace("\n", " ")), heard, duration_ms=duration_ms)
    cues = words_to_cues(timed, profile, end_limit_ms=duration_ms)
    # the text is the cleared script: only interpolated words are worth a second look
    return cues


def retime_cues(cues: Sequence[Cue], heard: Sequence[Word], profile: Profile, *, duration_ms: int | None = None) -> list[Cue]:
    """An existing subtitle file moved onto the audio: same cues and lines, new times."""
    script: list[str] = []
    owner: list[int] = []
    for index, cue in enumerate(cues):
        for word in split_words(cue.text.replace("\n", " ")):
            script.append(word)
            owner.append(index)
    if not script:
        raise ValidationError("The subtitle file has no words to align.")
    timed = align_words(script, heard, duration_ms=duration_ms)
    out: list[Cue] = []
    for index, cue in enumerate(cues):
        mine = [w for w, o in zip(timed, owner, strict=True) if o == index]
        if not mine:
            out.append(cue)
            continue
        out.append(replace(cue, start_ms=mine[0].start_ms, end_ms=max(mine[-1].end_ms, mine[0].start_ms + 1),
                           machine=True, unsure=()))
    out.sort(key=lambda c: c.start_ms)
    return fit_timing(out, profile, end_limit_ms=duration_ms)
