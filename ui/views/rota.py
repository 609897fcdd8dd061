"""The Rota view. Until its feature lands it says what will come."""

from __future__ import annotations

from ui.shell import Shell
from ui.views.base import EmptyStateView, View


def create(shell: Shell) -> View:
    return EmptyStateView(
        shell,
        title="Rota",
        coming="The team rota: the four-week out-of-hours pattern, who is on now and next, leave and swaps, bank holidays, coverage and working-time checks, calendar export and printing.",
    )
