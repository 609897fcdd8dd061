"""Settings > Captions: the speech model folder IT provided, and the team's glossary.

The model folder is a device setting (it is a path on this laptop). The glossary is shared
team data: adding or removing a term is a write op at once and reaches the team at the
next sync, so it is not part of the section's Save.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from app.captions.glossary import KINDS, Term
from app.context import AppContext
from app.captions.model_source import MODEL_DIR_SETTING
from app.errors import ValidationError
from ui.fields import folder_row, named_edit
from ui.settings_sections.base import SettingsSection, Writer
from ui.shell import Shell

ORDER = 45
TITLE = "Captions"


class CaptionsSection(SettingsSection):
    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self.shell = shell
        outer = QVBoxLayout(self)
        form = QFormLayout()
        self.model_dir = named_edit("Speech model folder", "Empty: the built-in English tiny.en model")
        row_widget, _ = folder_row(self.model_dir, title="Choose a CTranslate2 Whisper model folder")
        form.addRow("Speech &model folder:", row_widget)
        outer.addLayout(form)
        outer.addWidget(QLabel("Team glossary: names and terms spelled the team's way (shared with the team)."))
        self.terms = QListWidget()
        self.terms.setAccessibleName("Glossary terms")
        outer.addWidget(self.terms, 1)
        add_row = QHBoxLayout()
        self.term = named_edit("New glossary term", "Term, e.g. Market Street")
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(kind.capitalize(), kind)
        self.heard = named_edit("What the model writes instead", "Heard as (optional), e.g. market treat; market st")
        self.add = QPushButton("&Add term")
        self.add.clicked.connect(self.add_term)
        self.remove = QPushButton("&Remove")
        self.remove.clicked.connect(self.remove_selected)
        for widget in (self.term, self.kind, self.heard, self.add, self.remove):
            add_row.addWidget(widget)
        outer.addLayout(add_row)
        self.load()

    def values(self) -> tuple[str]:
        return (self.model_dir.text().strip(),)

    def load(self) -> None:
        super().load()  # the model folder, read off the GUI thread
        self.refresh_terms()

    def read(self, ctx: AppContext) -> str:
        from app.settings import device

        return device.get(ctx, MODEL_DIR_SETTING, "") or ""

    def show_values(self, folder: str) -> None:
        self.model_dir.setText(folder)

    def writer(self) -> Writer | None:
        """The folder is checked here (a refusal changes nothing), then kept by a write op."""
        from pathlib import Path

        from app.captions.model_source import ModelChoice, check_folder
        from app.settings import device

        if not self.is_dirty():
            return None
        (folder,) = self.values()
        if folder:
            check_folder(ModelChoice(Path(folder).name, Path(folder), "settings"))
        return lambda ctx: device.set_many(ctx, {MODEL_DIR_SETTING: folder or None})

    # -- glossary (write ops, at once) -----------------------------------------------

    def refresh_terms(self) -> None:
        from app.captions.glossary import list_terms

        self.shell.ops.query(parent=self, op=list_terms, key="terms").success(self._show_terms).run()

    def _show_terms(self, terms: list[Term]) -> None:
        self.terms.clear()
        for term in terms:
            heard = f" — heard as: {'; '.join(term.mishearings)}" if term.mishearings else ""
            item = QListWidgetItem(f"{term.term} ({term.kind}){heard}")
            item.setData(Qt.ItemDataRole.UserRole, term.id)
            self.terms.addItem(item)

    def add_term(self) -> None:
        from app.captions.glossary import add_term

        text, kind = self.term.text(), self.kind.currentData()
        heard = [h for h in self.heard.text().split(";") if h.strip()]
        if not text.strip():
            self.shell.notify(str(ValidationError("Type the term to add first.")))
            return

        def done(_term: Term) -> None:
            self.term.clear()
            self.heard.clear()
            self.refresh_terms()

        self.shell.ops.write(parent=self, op=lambda ctx: add_term(ctx, text, kind, heard)).success(done).run()

    def remove_selected(self) -> None:
        from app.captions.glossary import remove_term

        item = self.terms.currentItem()
        if item is None:
            return
        term_id = item.data(Qt.ItemDataRole.UserRole)
        self.shell.ops.write(parent=self, op=lambda ctx: remove_term(ctx, term_id)).success(
            lambda _r: self.refresh_terms()).run()


def create_section(shell: Shell) -> SettingsSection:
    return CaptionsSection(shell)
