"""Today panel: who is on now and who is next, from the rota."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from app.rota import service
from app.rota.wording import describe_now
from ui.shell import Shell

ORDER = 30


class RotaNowPanel(QFrame):
    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self.shell = shell
        self.setProperty("role", "card")
        self.setAccessibleName("Rota: on now and next on")
        layout = QVBoxLayout(self)
        title = QLabel("Rota")
        title.setProperty("role", "subheading")
        self.on_now = QLabel("On now: …")
        self.on_now.setAccessibleName("On now")
        self.on_now.setWordWrap(True)
        self.next_on = QLabel("Next on: …")
        self.next_on.setAccessibleName("Next on")
        self.next_on.setWordWrap(True)
        self.open_button = QPushButton("Open the rota")
        self.open_button.setAccessibleName("Open the rota view")
        self.open_button.clicked.connect(lambda: shell.bus.navigate.emit("rota"))
        layout.addWidget(title)
        layout.addWidget(self.on_now)
        layout.addWidget(self.next_on)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        shell.bus.data_changed.connect(lambda topic: self.refresh() if topic in ("rota", "sync") else None)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(60_000)
        self.refresh()

    def refresh(self) -> None:
        self.shell.ops.query(parent=self, op=service.who_is_on, key="now").success(self._show).failure(self._failed).run()

    def _show(self, info: service.NowInfo) -> None:
        if not shiboken6.isValid(self.on_now):
            return
        on, nxt = describe_now(info, service.zone())
        self.on_now.setText(f"<b>On now:</b> {on}")
        self.next_on.setText(f"<b>Next on:</b> {nxt}")

    def _failed(self, exc: BaseException) -> None:
        self.on_now.setText(f"The rota could not be read: {exc}")

    def first_focus(self) -> QWidget | None:
        return None


def create_panel(shell: Shell) -> QWidget:
    return RotaNowPanel(shell)
