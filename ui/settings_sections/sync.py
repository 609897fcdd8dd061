"""Settings > Sync: how often to sync in the background. (The share folder is in General.)"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QSpinBox

from app.context import AppContext
from app.sync import service
from ui.settings_sections.base import SettingsSection, Writer
from ui.shell import Shell

ORDER = 60
TITLE = "Sync"


class SyncSection(SettingsSection):
    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self.shell = shell
        form = QFormLayout(self)
        self.interval = QSpinBox()
        self.interval.setRange(1, 240)
        self.interval.setSuffix(" min")
        self.interval.setAccessibleName("Sync interval in minutes")
        form.addRow("Sync &every:", self.interval)
        note = QLabel("Duty Desk also syncs when it starts and when you press F5. "
                      "The shared-drive folder is set under General.")
        note.setWordWrap(True)
        note.setProperty("role", "muted")
        form.addRow(note)
        self.load()

    def read(self, ctx: AppContext) -> int:
        return service.interval_minutes(ctx)

    def show_values(self, minutes: int) -> None:
        self.interval.setValue(minutes)

    def values(self) -> object:
        return self.interval.value()

    def writer(self) -> Writer | None:
        if not self.is_dirty():
            return None
        minutes = self.interval.value()
        return lambda ctx: service.set_interval_minutes(ctx, minutes)


def create_section(shell: Shell) -> SettingsSection:
    return SyncSection(shell)
