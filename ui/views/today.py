"""Today: the officer's first screen. Running incidents first, then the shift, then
who is on. The panels come from the features (``ui/panels``)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from ui.plugins import discover
from ui.shell import Shell
from ui.views.base import View, heading


class TodayView(View):
    title = "Today"

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        outer = QVBoxLayout(self)
        self.greeting = heading("")
        self.clock = QLabel()
        self.clock.setProperty("role", "muted")
        outer.addWidget(self.greeting)
        outer.addWidget(self.clock)
        body = QWidget()
        self.panels_layout = QVBoxLayout(body)
        self.panels_layout.setContentsMargins(0, 8, 0, 0)
        self.panels: list[QWidget] = []
        for module in discover("ui.panels"):
            panel = module.create_panel(shell)
            if panel is not None:
                self.panels.append(panel)
                self.panels_layout.addWidget(panel)
        if not self.panels:
            note = QLabel("Your shift, who is on, and running incidents will appear here.")
            note.setProperty("role", "muted")
            self.panels_layout.addWidget(note)
        self.panels_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(30_000)
        shell.bus.officer_changed.connect(lambda _name: self._tick())
        self._tick()

    def _tick(self) -> None:
        now = dt.datetime.now().astimezone()
        name = self.shell.ctx.officer or "there"
        part = "Good morning" if now.hour < 12 else "Good afternoon" if now.hour < 18 else "Good evening"
        self.greeting.setText(f"{part}, {name}")
        self.clock.setText(now.strftime("%A %d %B %Y, %H:%M"))

    def activated(self) -> None:
        self._tick()
        for panel in self.panels:
            refresh = getattr(panel, "refresh", None)
            if callable(refresh):
                refresh()

    def first_focus(self) -> QWidget | None:
        for panel in self.panels:
            focus = getattr(panel, "first_focus", None)
            if callable(focus) and focus() is not None:
                return focus()
        return None


def create(shell: Shell) -> View:
    return TodayView(shell)
