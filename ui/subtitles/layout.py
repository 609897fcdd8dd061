"""Layout and actions of the Subtitles view: functions that build the widgets and the keyboard
actions and hand them back; the view and its controllers wire them to behaviour."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QFontMetrics, QKeyEvent, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
        QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.subtitles.checks import rule_words
from app.subtitles.styles import BurnStyle
from ui.subtitles.cue_model import (
    COL_CHECKS,
    COL_CPS,
    COL_DUR,
    COL_END,
    COL_NUM,
    COL_START,
    COL_TEXT,
    CueModel,
)
from ui.subtitles.panels import ChecksPanel, OutputPanel, StylePanel
from ui.subtitles.preview import FrameView
from ui.subtitles.waveform_strip import WaveformStrip
from ui.undo import undo_redo_actions
from ui.views.base import heading

# (id, text, shortcuts)
SHORTCUTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("open", "Open video…", ("Ctrl+O",)),
    ("import", "Import subtitles…", ("Ctrl+I",)),
    ("export", "Export subtitles…", ("Ctrl+E",)),
    ("burn", "Burn captions into a new MP4…", ("Ctrl+B",)),
    ("attach", "Attach as a subtitle track…", ("Ctrl+Shift+B",)),
    ("play", "Play / pause", ("Ctrl+Space", "Ctrl+P")),
    ("frame_back", "Back one frame", ("Alt+Left",)),
    ("frame_forward", "Forward one frame", ("Alt+Right",)),
    ("second_back", "Back one second", ("Alt+Shift+Left",)),
    ("second_forward", "Forward one second", ("Alt+Shift+Right",)),
    ("insert", "New cue at the playhead", ("Ctrl+Return", "Ctrl+Enter")),
    ("set_start", "Set cue start to the playhead", ("Ctrl+[", "F9")),
    ("set_end", "Set cue end to the playhead", ("Ctrl+]", "F10")),
    ("split", "Split cue at the playhead", ("Ctrl+K",)),
    ("merge", "Merge cue with the next", ("Ctrl+M",)),
    ("delete", "Delete selected cues", ("Ctrl+Shift+Delete",)),
    ("shift", "Shift cues by…", ("Ctrl+Shift+T",)),
    ("previous_cue", "Previous cue", ("Alt+Up",)),
    ("next_cue", "Next cue", ("Alt+Down",)),
    ("next_problem", "Next problem", ("F8",)),
    ("stretch", "Stretch cue to reading speed", ("Ctrl+R",)),
    ("preview_style", "Preview style on frame", ("Ctrl+Shift+P",)),
    ("edit_text", "Edit the cue text", ("F2",)),
)

class StyleCommand(QUndoCommand):
    """A caption style change on the undo stack; ``apply`` shows and keeps a style."""

    def __init__(self, old: BurnStyle, new: BurnStyle, apply: Callable[[BurnStyle], None]) -> None:
        super().__init__("Change caption style")
        self.old, self.new, self.apply = old, new, apply

    def redo(self) -> None:
        self.apply(self.new)

    def undo(self) -> None:
        self.apply(self.old)


class CueTextEdit(QPlainTextEdit):
    """Leaves undo/redo keys to the view's undo stack (typing is undone with the other edits)."""

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ShortcutOverride and isinstance(e, QKeyEvent):
            if e.matches(QKeySequence.StandardKey.Undo) or e.matches(QKeySequence.StandardKey.Redo) or (
                e.key() == Qt.Key.Key_Y and e.modifiers() == Qt.KeyboardModifier.ControlModifier
            ):
                e.ignore()
                return False
        return super().event(e)



@dataclass
class SubtitlesWidgets:
    """Every widget of the Subtitles view that something reads or drives."""

    project_label: QLabel
    recent: QComboBox
    open_button: QPushButton
    banner: QLabel
    frame_view: FrameView
    play_button: QPushButton
    time_label: QLabel
    mode_label: QLabel
    waveform: WaveformStrip
    table: QTableView
    editor: CueTextEdit
    tabs: QTabWidget
    checks: ChecksPanel
    style_panel: StylePanel
    output: OutputPanel


def _top_row(outer: QVBoxLayout) -> tuple[QLabel, QComboBox, QPushButton]:
    top = QHBoxLayout()
    top.addWidget(heading("Subtitles"))
    project_label = QLabel("No video open")
    project_label.setProperty("role", "muted")
    project_label.setMinimumWidth(0)
    top.addWidget(project_label, 1)
    recent = QComboBox()
    recent.setAccessibleName("Recent subtitling projects")
    recent.setMinimumWidth(220)
    top.addWidget(recent)
    open_button = QPushButton("&Open video…")
    top.addWidget(open_button)
    outer.addLayout(top)
    return project_label, recent, open_button


def _cue_table(model: CueModel) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName("Cues")
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(24)
    size_time_columns(table)
    return table


class ChecksColumnFit(QObject):
    """Keeps the Checks column a fifth of the table (within bounds) as the window is resized,
    so a small window keeps room for the text and a large one shows the checks in full."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        metrics = QFontMetrics(table.font())
        self.narrowest = metrics.horizontalAdvance("⚠ " + rule_words(["spelling"])) + 16  # a floor; the rest elides
        self.widest = metrics.horizontalAdvance("⚠ " + rule_words(["line_length", "cps", "min_duration", "spelling"])) + 16
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize:
            width = self.table.viewport().width() // 5
            self.table.horizontalHeader().resizeSection(COL_CHECKS, max(self.narrowest, min(self.widest, width)))
        return False


def size_time_columns(table: QTableView) -> None:
    """Numbers and times always show in full (sized to their contents and header, never
    squeezed); the text takes what is left and elides (the box below shows it whole);
    Checks elides, follows the table's width, and can be dragged wider."""
    header = table.horizontalHeader()
    for col in (COL_NUM, COL_START, COL_END, COL_DUR, COL_CPS):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(COL_CHECKS, QHeaderView.ResizeMode.Interactive)
    header.setMinimumSectionSize(QFontMetrics(header.font()).horizontalAdvance("Text") + 24)
    table.checks_fit = ChecksColumnFit(table)  # type: ignore[attr-defined]


def build_widgets(root: QWidget, model: CueModel, style: BurnStyle) -> SubtitlesWidgets:
    """Lay out the view's widgets on ``root``; nothing is connected to behaviour here."""
    outer = QVBoxLayout(root)
    project_label, recent, open_button = _top_row(outer)

    banner = QLabel("")
    banner.setWordWrap(True)
    banner.setProperty("role", "warning")
    banner.setAccessibleName("Message")
    banner.setVisible(False)
    outer.addWidget(banner)

    split = QSplitter(Qt.Orientation.Horizontal)
    left = QSplitter(Qt.Orientation.Vertical)

    video_box = QWidget()
    vlay = QVBoxLayout(video_box)
    vlay.setContentsMargins(0, 0, 0, 0)
    frame_view = FrameView()
    vlay.addWidget(frame_view, 1)
    transport = QHBoxLayout()
    play_button = QPushButton("Play")
    play_button.setToolTip("Play / pause (Ctrl+Space)")
    play_button.setAccessibleName("Play or pause")
    time_label = QLabel("00:00.000 / 00:00.000")
    time_label.setAccessibleName("Playhead time")
    mode_label = QLabel("")
    mode_label.setProperty("role", "muted")
    mode_label.setWordWrap(True)
    transport.addWidget(play_button)
    transport.addWidget(time_label)
    transport.addWidget(mode_label, 1)
    vlay.addLayout(transport)
    waveform = WaveformStrip()
    vlay.addWidget(waveform)
    left.addWidget(video_box)

    table_box = QWidget()
    tlay = QVBoxLayout(table_box)
    tlay.setContentsMargins(0, 0, 0, 0)
    table = _cue_table(model)
    tlay.addWidget(table, 1)
    editor = CueTextEdit()
    editor.setPlaceholderText("Text of the selected cue (F2). Two short lines at most; Ctrl+Return adds a cue at the playhead.")
    editor.setAccessibleName("Cue text")
    editor.setMaximumHeight(72)
    editor.setUndoRedoEnabled(False)  # the view's undo stack undoes typing too
    editor.setTabChangesFocus(True)
    tlay.addWidget(editor)
    left.addWidget(table_box)
    left.setStretchFactor(0, 3)
    left.setStretchFactor(1, 2)
    split.addWidget(left)

    tabs = QTabWidget()
    tabs.setAccessibleName("Checks, style and output")
    checks, style_panel, output = ChecksPanel(), StylePanel(), OutputPanel()
    tabs.addTab(checks, "Checks")
    tabs.addTab(style_panel, "Style")
    tabs.addTab(output, "Output")
    split.addWidget(tabs)
    split.setStretchFactor(0, 3)
    split.setStretchFactor(1, 1)
    outer.addWidget(split, 1)
    QWidget.setTabOrder(table, editor)
    QWidget.setTabOrder(editor, waveform)
    QWidget.setTabOrder(waveform, tabs)
    checks.show_profile(model.profile)
    style_panel.show_style(style)
    return SubtitlesWidgets(project_label, recent, open_button, banner, frame_view, play_button, time_label,
                            mode_label, waveform, table, editor, tabs, checks, style_panel, output)


def make_actions(root: QWidget, handlers: dict[str, Callable[[], Any]], undo_stack: QUndoStack) -> dict[str, QAction]:
    """The view's keyboard actions (``SHORTCUTS``) plus Undo/Redo of its stack, by id."""
    found: dict[str, QAction] = {}
    for action_id, text, keys in SHORTCUTS:
        action = QAction(text, root)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(handlers[action_id])
        root.addAction(action)
        found[action_id] = action
    undo, redo = undo_redo_actions(root, undo_stack, redo_keys=[QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    found.update(undo=undo, redo=redo)
    return found


def shortcut_help() -> str:
    """The editing keys, for the cue table's tooltip."""
    return "  ·  ".join(f"{text}: {keys[0]}" for _id, text, keys in SHORTCUTS[5:17])
