"""The Captions tab of the Subtitles view, and how unsure words look in the table and text box.

Widgets only: what the buttons do lives in ``captions_controller``. Machine-made cues have a
tinted text cell until a person looked at them; words the model was unsure of are drawn on
an amber background in the table and in the cue's text box.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Signal
from PySide6.QtGui import QColor, QPainter, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.captions.model_source import DOWNLOADABLE

UNSURE_BG = QColor(255, 193, 7, 150)
MACHINE_BG = QColor(90, 160, 255, 40)


class CaptionsPanel(QWidget):
    transcribe_requested = Signal()
    resume_requested = Signal()
    cancel_requested = Signal()
    snap_requested = Signal()
    align_requested = Signal()
    retime_requested = Signal()
    reviewed_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Automatic captions")
        lay = QVBoxLayout(self)
        intro = QLabel("Captions from the speech, on this laptop (English). Cues arrive as they are "
                       "recognised; you can edit them while the rest is still running.")
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.transcribe = QPushButton("&Transcribe")
        self.transcribe.setToolTip("Recognise the speech and make checked cues (Ctrl+Shift+A)")
        self.transcribe.clicked.connect(self.transcribe_requested)
        self.resume = QPushButton("Resume")
        self.resume.setToolTip("Continue recognising from where it was cancelled")
        self.resume.clicked.connect(self.resume_requested)
        self.cancel = QPushButton("Cancel")
        self.cancel.clicked.connect(self.cancel_requested)
        self.model_choice = QComboBox()
        self.model_choice.setAccessibleName("Speech model")
        self.model_choice.addItem("Model from Settings, else built-in tiny.en", None)
        for name in DOWNLOADABLE:
            if name != "tiny.en":
                self.model_choice.addItem(f"{name} (downloads on first use)", name)
        self.snap_option = QCheckBox("Snap cue edges to shot changes")
        self.snap_option.setChecked(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setAccessibleName("Transcription progress")
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Transcription status")
        self.unchecked = QLabel("")
        self.unchecked.setAccessibleName("Machine-made cues not yet checked")
        self.snap = QPushButton("Snap cues to shot &changes")
        self.snap.clicked.connect(self.snap_requested)
        self.align = QPushButton("Time a &script…")
        self.align.setToolTip("Paste a cleared statement: its words are timed to the speech")
        self.align.clicked.connect(self.align_requested)
        self.retime = QPushButton("Re-time cues to the speech")
        self.retime.setToolTip("Keep every cue's text; move its times to where its words are spoken")
        self.retime.clicked.connect(self.retime_requested)
        self.reviewed = QPushButton("Mark cue as checked")
        self.reviewed.setToolTip("The selected cues were looked at by a person (Ctrl+Shift+M)")
        self.reviewed.clicked.connect(self.reviewed_requested)
        for widget in (self.model_choice, self.transcribe, self.resume, self.cancel, self.snap_option, self.progress, self.status,
                       self.unchecked, self.snap, self.align, self.retime, self.reviewed):
            lay.addWidget(widget)
        lay.addStretch(1)
        self.set_running(False, can_resume=False)

    def set_running(self, running: bool, *, can_resume: bool = False) -> None:
        self.transcribe.setEnabled(not running)
        self.cancel.setEnabled(running)
        self.resume.setEnabled(can_resume and not running)
        self.snap.setEnabled(not running)
        self.align.setEnabled(not running)
        self.retime.setEnabled(not running)
        if not running:
            self.progress.setValue(0)

    def show_unchecked(self, count: int) -> None:
        self.unchecked.setText(f"{count} machine-made cue(s) not yet checked by a person." if count else "")

    def show_progress(self, fraction: float, text: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        self.status.setText(text)


def unsure_spans(text: str, unsure: Sequence[str]) -> list[tuple[int, int]]:
    """Where the unsure words are in the cue text (whole words only)."""
    spans = []
    for word in unsure:
        for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text):
            spans.append((m.start(), m.end()))
    return sorted(spans)


def unsure_html(text: str, unsure: Sequence[str]) -> str:
    out, at = [], 0
    for start, end in unsure_spans(text, unsure):
        if start < at:
            continue
        out.append(html.escape(text[at:start]))
        out.append(f'<span style="background-color: rgba(255,193,7,150)">{html.escape(text[start:end])}</span>')
        at = end
    out.append(html.escape(text[at:]))
    return "".join(out)


class MachineCueDelegate(QStyledItemDelegate):
    """Paints the text cell of a machine-made cue tinted, with unsure words on amber."""

    def __init__(self, cue_at, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.cue_at = cue_at

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        cue = self.cue_at(index.row())
        if cue is None or not cue.machine:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        painter.save()
        painter.fillRect(opt.rect, MACHINE_BG)
        doc = QTextDocument()
        doc.setDefaultFont(opt.font)
        doc.setDocumentMargin(2)
        doc.setHtml(unsure_html(text, cue.unsure))
        painter.translate(opt.rect.left(), opt.rect.top() + max(0.0, (opt.rect.height() - doc.size().height()) / 2))
        doc.drawContents(painter, QRectF(0, 0, opt.rect.width(), opt.rect.height()))
        painter.restore()


def highlight_unsure(editor: QPlainTextEdit, unsure: Sequence[str]) -> None:
    """Amber background on the unsure words in the cue's text box (not part of the text)."""
    selections = []
    fmt = QTextCharFormat()
    fmt.setBackground(UNSURE_BG)
    fmt.setToolTip("The speech model was unsure of this word")
    for start, end in unsure_spans(editor.toPlainText(), unsure):
        sel = QTextEdit.ExtraSelection()
        cursor = editor.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor  # type: ignore[attr-defined]
        sel.format = fmt  # type: ignore[attr-defined]
        selections.append(sel)
    editor.setExtraSelections(selections)

