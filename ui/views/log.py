"""The Shift log view. Until its feature lands it says what will come."""

from __future__ import annotations

from ui.shell import Shell
from ui.views.base import EmptyStateView, View


def create(shell: Shell) -> View:
    return EmptyStateView(
        shell,
        title="Shift log",
        coming="Start and end your shift, log every post, enquiry and decision with its time, amend without erasing, hand over open items, and print a shift summary.",
    )
