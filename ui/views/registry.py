"""The main views, in sidebar order, with their keyboard shortcuts.

Each view's module exposes ``create(shell) -> View``. The key is what
``dutydesk screenshot VIEW`` and the navigation use.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from ui.shell import Shell
from ui.views.base import View


@dataclass(frozen=True)
class ViewSpec:
    key: str
    title: str
    module: str
    shortcut: str
    group: str = ""

    def create(self, shell: Shell) -> View:
        return importlib.import_module(self.module).create(shell)


VIEWS: tuple[ViewSpec, ...] = (
    ViewSpec("today", "Today", "ui.views.today", "Ctrl+1"),
    ViewSpec("rota", "Rota", "ui.views.rota", "Ctrl+2"),
    ViewSpec("log", "Shift log", "ui.views.log", "Ctrl+3"),
    ViewSpec("incidents", "Incidents", "ui.views.incidents", "Ctrl+4"),
    ViewSpec("photo", "Photo", "ui.views.photo", "Ctrl+5", group="Media"),
    ViewSpec("subtitles", "Subtitles", "ui.views.subtitles", "Ctrl+6", group="Media"),
    ViewSpec("sync", "Sync", "ui.views.sync", "Ctrl+7"),
    ViewSpec("settings", "Settings", "ui.views.settings", "Ctrl+,"),
)

VIEW_KEYS = tuple(spec.key for spec in VIEWS)


def spec_for(key: str) -> ViewSpec:
    for spec in VIEWS:
        if spec.key == key:
            return spec
    raise KeyError(key)
