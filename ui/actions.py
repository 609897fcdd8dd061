"""Every window-level command in one place, with its shortcut (like Picard's registry).

An action either switches to a view, or switches to it and asks the view to handle
it (``View.handle_action``), so features implement the behaviour in their own view.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QKeySequence

from ui.views.registry import VIEWS


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str
    shortcut: QKeySequence | QKeySequence.StandardKey | str
    view: str | None = None  # view that handles it
    menu: str = "Go"
    switch_view: bool = True


def view_actions() -> list[ActionSpec]:
    return [ActionSpec(f"go_{v.key}", f"&{v.title}", v.shortcut, v.key) for v in VIEWS]


COMMAND_ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("start_incident", "Start &incident…", "Ctrl+Shift+I", "incidents", menu="Duty"),
    ActionSpec("quick_log", "&Log an entry", "Ctrl+L", "log", menu="Duty"),
    ActionSpec("sync_now", "S&ync now", "F5", "sync", menu="Duty", switch_view=False),
    ActionSpec("focus_navigation", "Focus &navigation", "Ctrl+0", None, menu="Go"),
    ActionSpec("preferences", "&Settings…", QKeySequence.StandardKey.Preferences, "settings", menu="File"),
    ActionSpec("quit", "&Quit", QKeySequence.StandardKey.Quit, None, menu="File"),
    ActionSpec("about", "&About Duty Desk", "F1", None, menu="Help"),
)
