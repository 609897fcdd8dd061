"""The Subtitles view. Until its feature lands it says what will come."""

from __future__ import annotations

from ui.shell import Shell
from ui.views.base import EmptyStateView, View


def create(shell: Shell) -> View:
    return EmptyStateView(
        shell,
        title="Subtitles",
        coming="Caption a video before posting: cue editor with preview, reading-speed checks, SRT/VTT/ASS, and captions burned in or attached with ffmpeg.",
    )
