"""Settings: sections contributed by each feature, saved together."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout

from app.context import AppContext
from app.errors import DutyDeskError
from ui.ops.failures import plain_message
from ui.plugins import discover
from ui.settings_sections.base import SettingsSection
from ui.shell import Shell
from ui.views.base import View, heading


class SettingsView(View):
    title = "Settings"

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Settings"))
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Settings sections")
        self.sections: list[SettingsSection] = []
        for module in discover("ui.settings_sections"):
            if not hasattr(module, "create_section"):
                continue
            section = module.create_section(shell)
            section.refused.connect(self.message_text)
            self.sections.append(section)
            self.tabs.addTab(section, module.TITLE)
        layout.addWidget(self.tabs, 1)
        self.saving = False
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Settings message")
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        self.revert_button = QPushButton("&Revert")
        self.revert_button.clicked.connect(self.revert)
        self.save_button = QPushButton("&Save settings")
        self.save_button.setProperty("role", "primary")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.tabs.currentChanged.connect(self._show_buttons_for)
        self._show_buttons_for(self.tabs.currentIndex())

    def _show_buttons_for(self, index: int) -> None:
        """Save/Revert only where they apply: a page that saves each change at once has none."""
        section = self.tabs.widget(index)
        together = not getattr(section, "saves_at_once", False)
        self.revert_button.setVisible(together)
        self.save_button.setVisible(together)

    def save(self) -> None:
        """Check every section, then store them together in one write op."""
        try:
            work = [(section, section.values(), w) for section in self.sections if (w := section.writer()) is not None]
        except DutyDeskError as exc:
            self.message.setText(str(exc))
            return

        def store(ctx: AppContext) -> None:
            for _section, _values, writer in work:
                writer(ctx)

        self.saving = True
        self.shell.ops.write(parent=self, op=store).success(lambda _r: self._stored(work)).failure(self._refused).run()

    def _stored(self, work: list) -> None:
        for section, values, _writer in work:
            section.stored(values)
        self.saving = False
        self.message.setText("Settings saved.")
        self.shell.notify("Settings saved.")

    def _refused(self, exc: BaseException) -> None:
        self.saving = False
        self.message.setText(plain_message(exc))

    def message_text(self, text: str) -> None:
        self.message.setText(text)

    def revert(self) -> None:
        for section in self.sections:
            section.load()
        self.message.setText("")

    def activated(self) -> None:
        if not any(section.is_dirty() for section in self.sections):
            self.revert()

    def save_state(self) -> None:
        if any(section.is_dirty() for section in self.sections):
            self.save()

    def first_focus(self):  # type: ignore[no-untyped-def]
        return self.tabs


def create(shell: Shell) -> View:
    return SettingsView(shell)
