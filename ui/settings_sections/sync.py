"""Settings > Sync: how often to sync in the background. (The share folder is in General.)"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QSpinBox

from app.sync import service
from ui.settings_sections.base import SettingsSection
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

    def load(self) -> None:
        self.interval.setValue(service.interval_minutes(self.shell.ctx))
        self.mark_saved()

    def values(self) -> object:
        return self.interval.value()

    def save(self) -> None:
        if not self.is_dirty():
            return
        service.set_interval_minutes(self.shell.ctx, self.interval.value())
        self.mark_saved()
        self.shell.changed("settings")


def create_section(shell: Shell) -> SettingsSection:
    return SyncSection(shell)
