"""Under test, ``ctx.write()`` refuses to run on the GUI thread when ``ui/`` code asked.

Writes take the database's write lock and may wait up to the busy timeout behind a sync
round: on the GUI thread that freezes the window. Every write goes through a write op
(``ui.ops``) instead. The check is a hook in ``app.context`` (which knows no Qt); tests
turn it on (fixture, or ``DUTYDESK_GUARD_GUI_WRITES=1``). Writes a test makes itself to
set up data are allowed: only a call stack that passes through ``ui.`` code is refused.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication, QThread

from app import context

ENV = "DUTYDESK_GUARD_GUI_WRITES"

# Every write from ui/ runs as a write op (rota edits and undo on core change sets:
# ui/rota/editing.py); nothing is excused. Only the CLI entry point and start-up
# (first-run dialog) run before any window or ops exist.
BEFORE_THE_WINDOW = frozenset({"ui.entry", "ui.__main__", "ui.application", "ui.dialogs.first_run", "ui.screenshot"})


class GuiThreadWriteError(RuntimeError):
    """A programming error: a service write was called on the GUI thread."""


def _ui_caller() -> str:
    """The innermost ``ui.`` frame on the stack (outside ``ui.ops``), unless it is exempt."""
    frame = sys._getframe(2)
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if module.startswith("ui.") and not module.startswith("ui.ops"):
            if module in BEFORE_THE_WINDOW:
                return ""
            return f"{module}:{frame.f_lineno}"
        frame = frame.f_back
    return ""


def check_not_gui_thread() -> None:
    app = QCoreApplication.instance()
    if app is None or QThread.currentThread() != app.thread():
        return
    caller = _ui_caller()
    if caller:
        raise GuiThreadWriteError(f"ctx.write() on the GUI thread from {caller}: use a write op (ui.ops)")


def enable() -> None:
    if check_not_gui_thread not in context.WRITE_CHECKS:
        context.WRITE_CHECKS.append(check_not_gui_thread)


def disable() -> None:
    if check_not_gui_thread in context.WRITE_CHECKS:
        context.WRITE_CHECKS.remove(check_not_gui_thread)


def enable_from_environment() -> None:
    if os.environ.get(ENV) == "1":
        enable()
