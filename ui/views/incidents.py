"""The Incidents view. Until its feature lands it says what will come."""

from __future__ import annotations

from ui.shell import Shell
from ui.views.base import EmptyStateView, View


def create(shell: Shell) -> View:
    return EmptyStateView(
        shell,
        title="Incidents",
        coming="Breaking-news checklists: start an incident from a template, follow timed steps, fill holding statements, call contacts, and produce an incident report.",
    )
