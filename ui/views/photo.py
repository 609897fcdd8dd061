"""The Photo view. Until its feature lands it says what will come."""

from __future__ import annotations

from ui.shell import Shell
from ui.views.base import EmptyStateView, View


def create(shell: Shell) -> View:
    return EmptyStateView(
        shell,
        title="Photo",
        coming="Make event photos ready for each channel: platform crops, adjustments, logo or caption, alt text, and location data stripped before anything is published.",
    )
