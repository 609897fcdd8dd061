"""The Sync view. Until its feature lands it says what will come."""

from __future__ import annotations

from ui.shell import Shell
from ui.views.base import EmptyStateView, View


def create(shell: Shell) -> View:
    return EmptyStateView(
        shell,
        title="Sync",
        coming="Share the team's data through the shared drive: each laptop works offline and syncs when the share is reachable, without losing an entry.",
    )
