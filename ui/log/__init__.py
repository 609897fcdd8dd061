"""Widgets of the shift log: the lazy entry table, the fast entry line, dialogs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6


def if_alive(obj: Any, callback: Callable[..., None]) -> Callable[..., None]:
    """Wrap a task callback so it is dropped if ``obj`` (a widget or model) was
    destroyed meanwhile (the window closed while the worker was still reading)."""

    def call(*args: Any) -> None:
        if shiboken6.isValid(obj):
            callback(*args)

    return call
