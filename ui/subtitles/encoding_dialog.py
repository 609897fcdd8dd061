"""When a subtitle file's encoding is a guess: a preview with an encoding choice, as
Subtitle Edit shows, so garbled letters are caught before the cues are imported."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import DutyDeskError
from app.subtitles import encoding as enc

COMMON = ("utf_8", "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1257", "iso8859_2", "koi8_r",
          "utf_16", "utf_32")
PREVIEW_CHARS = 4000


class EncodingPreviewDialog(QDialog):
    def __init__(self, parent: QWidget, *, name: str, data: bytes, guessed: str, alternatives: tuple[str, ...]) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Encoding of {name}")
        self.resize(640, 420)
        self._data = data
        self._name = name
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            f"Duty Desk guessed the encoding of {name}. Check the letters below; if they look wrong, "
            "choose another encoding."))
        self.combo = QComboBox()
        for codec in dict.fromkeys((_key(guessed), *map(_key, alternatives), *COMMON)):
            self.combo.addItem(enc.label(codec), codec)
        layout.addWidget(self.combo)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setFont(QFont("monospace"))
        layout.addWidget(self.preview, 1)
        self.problem = QLabel("")
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.combo.currentIndexChanged.connect(lambda _: self.refresh())
        self.refresh()

    def chosen(self) -> str:
        return str(self.combo.currentData())

    def refresh(self) -> None:
        """Show the file read with the chosen encoding; one that cannot read it says so."""
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        try:
            text = enc.decode(self._data, self._name, encoding=self.chosen()).text
        except DutyDeskError as exc:
            self.preview.setPlainText("")
            self.problem.setText(str(exc))
            ok.setEnabled(False)
            return
        self.preview.setPlainText(text[:PREVIEW_CHARS])
        self.problem.setText("")
        ok.setEnabled(True)


def _key(codec: str) -> str:
    return codec.replace("-", "_").lower()
