"""What every view is given: the open data folder, the task runner and the event bus.

Views never reach into the main window; they talk through ``Shell``. The bus carries
coarse "something changed" signals so views refresh without knowing each other
(like Gaupol's core events: the sender never calls a view).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from ui.ops import Changes, JobRunner, Ops
from ui.ops.topics import topics_for

if TYPE_CHECKING:  # the database layer loads after the window first paints
    from app.context import AppContext


class EventBus(QObject):
    data_changed = Signal(str)  # a topic: "rota", "log", "incidents", "contacts", "sync", "settings"
    changes = Signal(object)  # app.db.changes.Changes: the tables and ids a write or sync changed
    officer_changed = Signal(str)
    status_message = Signal(str, int)  # text, timeout ms
    navigate = Signal(str)  # view key


class Shell:
    def __init__(self, ctx: AppContext, bus: EventBus) -> None:
        self.ctx = ctx
        self.bus = bus
        self.ops = Ops(ctx)
        self.jobs = JobRunner(ctx)
        self.ops.changes.connect(self.announce)
        self.jobs.changes.connect(self.announce)
        self.ops.failed.connect(lambda text: self.notify(text, 10_000))
        self._quit_hooks: list[Callable[[], None]] = []

    def attach_to(self, window: QObject) -> None:
        """Answers for a destroyed window are dropped."""
        self.ops.attach_to(window)

    def announce(self, changes: Changes) -> None:
        """Tell views what a write or a sync round changed: typed, then by coarse topic."""
        if not changes:
            return
        self.bus.changes.emit(changes)
        for topic in topics_for(changes):
            self.bus.data_changed.emit(topic)

    @property
    def busy(self) -> bool:
        """Some op or job is still running (tests wait on this, never on the clock)."""
        return self.ops.busy or bool(self.jobs.running)

    def wait(self, msecs: int = 10_000) -> bool:
        """Tests and quit: until ops and jobs ran (answers come on the next events)."""
        return all([self.ops.wait(msecs), self.jobs.wait(msecs)])

    def notify(self, text: str, timeout_ms: int = 5000) -> None:
        self.bus.status_message.emit(text, timeout_ms)

    def changed(self, topic: str) -> None:
        self.bus.data_changed.emit(topic)

    def on_quit(self, hook: Callable[[], None]) -> None:
        """Register work that must run before the window closes (drafts, autosave)."""
        self._quit_hooks.append(hook)

    def run_quit_hooks(self) -> None:
        for hook in self._quit_hooks:
            hook()
