"""Timed words into cues that already pass the profile's checks.

Grouping: a cue ends at the end of a sentence, at a pause, or when the next word would not
fit in the profile's lines or its longest duration; when a cue overflows, it is cut at the
most natural point in it (after punctuation, never after an article, a preposition or a
conjunction). Lines: one line if the text fits, else the break that keeps both lines within
the limit, prefers punctuation and balanced lengths, and never leaves "the" or "of" hanging.
Timing: each cue is held long enough to read (the reading speed and the shortest duration),
without running into the next cue, and keeps the profile's gap or closes it to nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.captions.words import Word, match_key
from app.subtitles.checks import Profile
from app.subtitles.cues import Cue

PAUSE_MS = 900  # a silence this long starts a new cue
MAX_LEAD_MS = 200  # a caption may come up this much before its first word is spoken
MAX_LAG_MS = 400  # a caption may come in this much after its first word, to give the one before reading time
WEAK_ENDINGS = frozenset(
    "a an the of to in on at by for with from into onto over under about after before between through "
    "during without within against among upon as and or but nor so if that than because while my your "
    "his her its our their this these those is are was were be been will would can could should shall "
    "may might must has have had do does did i we you he she they it".split()
)
SENTENCE_END = (".", "?", "!", "\u2026")
CLAUSE_END = (",", ";", ":", "\u2014", "-")


def _text(words: Sequence[Word]) -> str:
    return " ".join(w.text for w in words)


def break_cost(words: Sequence[Word], index: int) -> float:
    """Cost of ending a line or cue after ``words[index]``: low after punctuation, high after weak words."""
    text = words[index].text
    if text.endswith(SENTENCE_END):
        return 0.0
    if text.endswith(CLAUSE_END):
        return 1.0
    if match_key(text) in WEAK_ENDINGS:
        return 50.0
    if index + 1 < len(words) and match_key(words[index + 1].text) in {"and", "but", "or", "so", "because", "which",
                                                                      "who", "when", "where", "while"}:
        return 2.0
    return 6.0


def split_lines(words: Sequence[Word], profile: Profile) -> list[str] | None:
    """The cue's lines, or None when the words cannot fit in the profile's lines."""
    text = _text(words)
    if len(text) <= profile.max_chars_per_line:
        return [text]
    if profile.max_lines < 2:
        return None
    best: tuple[float, int] | None = None
    for i in range(len(words) - 1):
        top, bottom = _text(words[: i + 1]), _text(words[i + 1 :])
        if len(top) > profile.max_chars_per_line or len(bottom) > profile.max_chars_per_line:
            continue
        cost = break_cost(words, i) * 4 + abs(len(top) - len(bottom)) / 4 + (1 if len(top) > len(bottom) else 0)
        if best is None or cost < best[0]:
            best = (cost, i)
    if best is None:
        return None
    i = best[1]
    return [_text(words[: i + 1]), _text(words[i + 1 :])]


def _fits(words: Sequence[Word], profile: Profile) -> bool:
    return split_lines(words, profile) is not None and words[-1].end_ms - words[0].start_ms <= profile.max_duration_ms


def group_words(words: Sequence[Word], profile: Profile) -> list[list[Word]]:
    groups: list[list[Word]] = []
    current: list[Word] = []
    for word in words:
        if current and word.start_ms - current[-1].end_ms >= PAUSE_MS:
            groups.append(current)
            current = []
        candidate = [*current, word]
        if current and not _fits(candidate, profile):
            cut = _best_cut(current)
            groups.append(current[:cut])
            current = current[cut:]
            while current and not _fits([*current, word], profile):
                groups.append(current)
                current = []
            candidate = [*current, word]
        current = candidate
        if word.text.endswith(SENTENCE_END) and len(_text(current)) >= 12:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return [g for g in groups if g]


def _best_cut(words: Sequence[Word]) -> int:
    """Where to end a full cue: the cheapest break in its later half (the rest starts the next cue)."""
    if len(words) <= 2:
        return len(words)
    best_cost, best = float("inf"), len(words)
    for i in range(len(words) // 2, len(words)):
        cost = break_cost(words, i) - i * 0.2
        if cost < best_cost:
            best_cost, best = cost, i + 1
    return best


def make_cue(group: Sequence[Word], profile: Profile) -> Cue:
    """A machine-made cue (marked ``machine``) with its unsure words listed for highlighting."""
    lines = split_lines(group, profile) or [_text(group)]
    unsure = tuple(dict.fromkeys(w.text for w in group if w.unsure))
    return Cue(group[0].start_ms, max(group[-1].end_ms, group[0].start_ms + 1), "\n".join(lines),
               machine=True, unsure=unsure)


def words_to_cues(words: Sequence[Word], profile: Profile, *, end_limit_ms: int | None = None) -> list[Cue]:
    """Timed cues for a whole list of words at once."""
    cues = [make_cue(g, profile) for g in group_words(words, profile)]
    return fit_timing(cues, profile, end_limit_ms=end_limit_ms)


def fit_timing(cues: Sequence[Cue], profile: Profile, *, end_limit_ms: int | None = None, fixed: int = 0) -> list[Cue]:
    """Stretch each cue to its reading time and shortest duration, keep the gap, never overlap.

    The first ``fixed`` cues are already shown (streamed) and are not changed."""
    out = list(cues)
    for i, cue in enumerate(out):
        if i < fixed:
            continue
        need = max(profile.min_duration_ms, int(cue.char_count * 1000 / profile.max_cps + 0.999))
        start = cue.start_ms
        if i > 0 and (start < out[i - 1].end_ms or 0 < start - out[i - 1].end_ms < profile.min_gap_ms):
            start = out[i - 1].end_ms + profile.min_gap_ms  # the previous caption was given this time to read
        end = max(cue.end_ms, start + need)
        end = min(end, start + profile.max_duration_ms)
        if i + 1 < len(out):
            next_start = out[i + 1].start_ms
            if end > next_start - profile.min_gap_ms:
                end = next_start - profile.min_gap_ms
            if end - start < need:
                # borrow time before the cue, from the silence after the previous one
                earliest = out[i - 1].end_ms + profile.min_gap_ms if i > 0 else 0
                start = max(earliest, min(start, end - need), start - MAX_LEAD_MS)
            if end - start < need:
                # still too fast to read: let the next caption come in a little late
                lag = min(need - (end - start), MAX_LAG_MS - (next_start - cues[i + 1].start_ms))
                if lag > 0:
                    following = out[i + 1]
                    next_start += lag
                    out[i + 1] = _with_times(following, next_start, max(following.end_ms, next_start + 1))
                    end = min(start + need, next_start - profile.min_gap_ms)
            if next_start - end < profile.min_gap_ms:
                end = next_start  # close the gap rather than flicker
        elif end_limit_ms is not None:
            end = min(end, max(end_limit_ms, cue.end_ms))
        out[i] = _with_times(cue, start, max(end, start + 1))
    return out


def _with_times(cue: Cue, start: int, end: int) -> Cue:
    from dataclasses import replace

    return replace(cue, start_ms=start, end_ms=end)
