"""Settings > General: who uses this laptop, the team's share folder, the colour scheme."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QLabel,
)

from app.context import AppContext
from app.settings import device
from app.setup import setup
from ui import theme
from ui.fields import folder_row, named_edit
from ui.settings_sections.base import SettingsSection, Writer
from ui.shell import Shell

ORDER = 0
TITLE = "General"

THEMES = (("Follow the system", "system"), ("Light", "light"), ("Dark", "dark"))


class GeneralSection(SettingsSection):
    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self.shell = shell
        form = QFormLayout(self)
        self.officer = named_edit("Officer name", "Your name as the team knows it")
        self.share = named_edit("Shared-drive folder", r"e.g. \\server\comms\dutydesk or Z:\dutydesk (optional)")
        share_row, browse = folder_row(self.share, title="Choose the team's shared-drive folder")
        browse.setAccessibleName("Choose the shared-drive folder")
        self.theme = QComboBox()
        self.theme.setAccessibleName("Colour scheme")
        for label, value in THEMES:
            self.theme.addItem(label, value)
        form.addRow("&Officer:", self.officer)
        share_label = QLabel("Shared dri&ve:")
        share_label.setBuddy(self.share)  # Alt+V lands in the field, not on the row around it
        form.addRow(share_label, share_row)
        form.addRow("&Colour scheme:", self.theme)
        self.load()

    def values(self) -> tuple[str, str, str]:
        return (self.officer.text().strip(), self.share.text().strip(), self.theme.currentData())

    def read(self, ctx: AppContext) -> tuple[str, str, str]:
        return ctx.officer, device.get(ctx, device.SHARE_DIR, "") or "", device.get(ctx, device.THEME, "system")

    def show_values(self, data: tuple[str, str, str]) -> None:
        officer, share, scheme = data
        self.officer.setText(officer)
        self.share.setText(share)
        self.theme.setCurrentIndex(max(self.theme.findData(scheme), 0))


    def writer(self) -> Writer | None:
        if not self.is_dirty():
            return None
        officer, share, scheme = self.values()

        def store(ctx: AppContext) -> None:
            setup(ctx, officer=officer, share=share or None, sync=False)
            device.set_many(ctx, {device.THEME: scheme, **({} if share else {device.SHARE_DIR: None})})

        return store

    def after_save(self) -> None:
        officer, _share, scheme = self.values()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply(app, scheme)
        self.shell.bus.officer_changed.emit(officer)


def create_section(shell: Shell) -> SettingsSection:
    return GeneralSection(shell)
