"""Today panel: your shift — start/end, quick entry, welfare check-in, and the items
handed over by the previous officer to acknowledge."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.settings import device
from ui.log.quick_entry import QuickEntry
from ui.log.shift_bar import HandoverList, ShiftBar, ShiftState
from ui.shell import Shell

ORDER = 20
DRAFT_KEY = "shiftlog_draft_today"


class ShiftPanel(QFrame):
    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self.setProperty("role", "card")  # a card with its heading, like the incidents and rota panels
        self.setAccessibleName("Your shift")
        self.shell = shell
        layout = QVBoxLayout(self)
        title = QLabel("Your shift")
        title.setProperty("role", "subheading")
        layout.addWidget(title)
        self.bar = ShiftBar(shell)
        self.handover = HandoverList(shell)
        self.entry = QuickEntry(shell)
        layout.addWidget(self.bar)
        layout.addWidget(self.handover)
        layout.addWidget(self.entry)
        self.bar.state_changed.connect(self._state)
        shell.ops.query(parent=self, op=lambda ctx: device.get(ctx, DRAFT_KEY)).success(self._restore).run()
        shell.on_quit(self.save_draft)

    def save_draft(self) -> None:
        """Keep a half-typed entry at quit (restored at the next start)."""
        draft = self.entry.draft() or {}
        self.shell.ops.write(parent=None, op=lambda ctx: device.set_many(ctx, {DRAFT_KEY: draft})).run()

    def _restore(self, draft: dict | None) -> None:
        if not self.entry.text.text():  # never over what the officer typed meanwhile
            self.entry.restore(draft)

    def _state(self, state: ShiftState) -> None:
        self.handover.show_items(state.pending)

    def refresh(self) -> None:
        self.bar.refresh()

    def first_focus(self) -> QWidget | None:
        return self.entry.text


def create_panel(shell: Shell) -> QWidget:
    return ShiftPanel(shell)
