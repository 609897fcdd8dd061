"""Cues that are final the moment they are shown, built while the model is still listening.

Words arrive a segment at a time. All but the last cue made from the words so far are
final (the greedy grouping never changes a cue once a later one has started), so they are
timed, snapped to cuts and handed out; the last cue waits for more words. An officer can
therefore edit a streamed cue while the rest is still being recognised: nothing replaces it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from app.captions.cue_builder import fit_timing, group_words, make_cue
from app.captions.shots import snap_to_shots
from app.captions.words import Word
from app.subtitles.checks import Profile
from app.subtitles.cues import Cue


@dataclass
class CueStream:
    profile: Profile
    duration_ms: int | None = None
    shots_ms: Sequence[int] = ()
    fps: float | None = None
    anchor: Cue | None = None  # the cue already shown before these (resuming after a cancel)
    hold: bool = False  # keep every cue back until the shot changes are known (``release``)
    cues: list[Cue] = field(default_factory=list)  # every final cue so far
    _pending: list[Word] = field(default_factory=list)

    def feed(self, words: Sequence[Word]) -> list[Cue]:
        """New final cues (maybe none) after these words."""
        self._pending.extend(words)
        if self.hold:
            return []
        groups = group_words(self._pending, self.profile)
        if len(groups) < 2:
            return []
        held = groups[-1]
        out = self._emit(groups[:-1], [make_cue(held, self.profile)])
        self._pending = list(held)
        return out

    def release(self, shots_ms: Sequence[int]) -> None:
        """The shot changes are known: cues held back go out with the next words."""
        self.shots_ms = list(shots_ms)
        self.hold = False

    def finish(self) -> list[Cue]:
        """The last cues, once the model has finished."""
        groups = group_words(self._pending, self.profile) if self._pending else []
        self._pending = []
        return self._emit(groups, []) if groups else []

    def _emit(self, groups: list[list[Word]], after: list[Cue]) -> list[Cue]:
        fresh = [make_cue(g, self.profile) for g in groups]
        before = self.cues[-1:] or ([self.anchor] if self.anchor is not None else [])
        timed = fit_timing([*before, *fresh, *after], self.profile, end_limit_ms=self.duration_ms, fixed=len(before))
        if self.shots_ms:
            timed = snap_to_shots(timed, self.shots_ms, self.profile, self.fps, fixed=len(before))
        new = timed[len(before) : len(before) + len(fresh)]
        self.cues.extend(new)
        return new
