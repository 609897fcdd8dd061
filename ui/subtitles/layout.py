"""Layout and actions of the Subtitles view (widgets, shortcuts), kept apart from its behaviour."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QUndoCommand
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

from app.subtitles.styles import BurnStyle
from ui.subtitles.cue_model import (
    COL_CHECKS,
    COL_CPS,
    COL_DUR,
    COL_END,
    COL_NUM,
    COL_START,
    COL_TEXT,
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
    def __init__(self, view: Any, new: BurnStyle) -> None:
        super().__init__("Change caption style")
        self.view, self.old, self.new = view, view.style, new

    def redo(self) -> None:
        self.view._set_style(self.new)

    def undo(self) -> None:
        self.view._set_style(self.old)


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


class SubtitlesLayout:
    """Mixin for ``SubtitlesView``: builds the widgets and the keyboard actions."""

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(heading("Subtitles"))
        self.project_label = QLabel("No video open")
        self.project_label.setProperty("role", "muted")
        top.addWidget(self.project_label, 1)
        self.recent = QComboBox()
        self.recent.setAccessibleName("Recent subtitling projects")
        self.recent.setMinimumWidth(220)
        self.recent.activated.connect(self._recent_chosen)
        top.addWidget(self.recent)
        self.open_button = QPushButton("&Open video…")
        self.open_button.clicked.connect(self.choose_video)
        top.addWidget(self.open_button)
        outer.addLayout(top)

        self.banner = QLabel("")
        self.banner.setWordWrap(True)
        self.banner.setProperty("role", "warning")
        self.banner.setAccessibleName("Message")
        self.banner.setVisible(False)
        outer.addWidget(self.banner)

        split = QSplitter(Qt.Orientation.Horizontal)
        left = QSplitter(Qt.Orientation.Vertical)

        video_box = QWidget()
        vlay = QVBoxLayout(video_box)
        vlay.setContentsMargins(0, 0, 0, 0)
        self.frame_view = FrameView()
        vlay.addWidget(self.frame_view, 1)
        transport = QHBoxLayout()
        self.play_button = QPushButton("Play")
        self.play_button.setToolTip("Play / pause (Ctrl+Space)")
        self.play_button.setAccessibleName("Play or pause")
        self.play_button.clicked.connect(lambda: self.preview.toggle_play())
        self.time_label = QLabel("00:00.000 / 00:00.000")
        self.time_label.setAccessibleName("Playhead time")
        self.mode_label = QLabel("")
        self.mode_label.setProperty("role", "muted")
        self.mode_label.setWordWrap(True)
        transport.addWidget(self.play_button)
        transport.addWidget(self.time_label)
        transport.addWidget(self.mode_label, 1)
        vlay.addLayout(transport)
        self.waveform = WaveformStrip()
        self.waveform.seek_requested.connect(lambda ms: self.preview.seek(ms))
        self.waveform.edge_moved.connect(self._edge_moved)
        vlay.addWidget(self.waveform)
        left.addWidget(video_box)

        table_box = QWidget()
        tlay = QVBoxLayout(table_box)
        tlay.setContentsMargins(0, 0, 0, 0)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Cues")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        for col in (COL_NUM, COL_START, COL_END, COL_DUR, COL_CPS):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_CHECKS, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(COL_CHECKS, 150)
        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)
        tlay.addWidget(self.table, 1)
        self.editor = CueTextEdit()
        self.editor.setPlaceholderText("Text of the selected cue (F2). Two short lines at most; Ctrl+Return adds a cue at the playhead.")
        self.editor.setAccessibleName("Cue text")
        self.editor.setMaximumHeight(72)
        self.editor.setUndoRedoEnabled(False)  # the view's undo stack undoes typing too
        self.editor.setTabChangesFocus(True)
        self.editor.textChanged.connect(self._editor_changed)
        tlay.addWidget(self.editor)
        left.addWidget(table_box)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 2)
        split.addWidget(left)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Checks, style and output")
        self.checks = ChecksPanel()
        self.checks.profile_chosen.connect(self._profile_chosen)
        self.checks.numbers_changed.connect(self._numbers_changed)
        self.checks.finding_activated.connect(self._go_to_finding)
        self.checks.suggestion_chosen.connect(self._apply_suggestion)
        self.checks.stretch_requested.connect(self.stretch_current)
        self.style_panel = StylePanel()
        self.style_panel.style_edited.connect(lambda style: self.undo_stack.push(StyleCommand(self, style)))
        self.style_panel.preview_requested.connect(self.preview_style)
        self.output = OutputPanel()
        self.output.burn_requested.connect(self.choose_burn)
        self.output.attach_requested.connect(self.choose_attach)
        self.output.export_requested.connect(self.choose_export)
        self.output.cancel_requested.connect(self.cancel_job)
        self.output.copy_requested.connect(self.copy_command)
        self.tabs.addTab(self.checks, "Checks")
        self.tabs.addTab(self.style_panel, "Style")
        self.tabs.addTab(self.output, "Output")
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        outer.addWidget(split, 1)
        self.setTabOrder(self.table, self.editor)
        self.setTabOrder(self.editor, self.waveform)
        self.setTabOrder(self.waveform, self.tabs)
        self.checks.show_profile(self.model.profile)
        self.style_panel.show_style(self.style)

    def _make_actions(self) -> None:
        handlers = {
            "open": self.choose_video, "import": self.choose_import, "export": self.choose_export,
            "burn": self.choose_burn, "attach": self.choose_attach, "play": lambda: self.preview.toggle_play(),
            "frame_back": lambda: self.preview.step_frames(-1), "frame_forward": lambda: self.preview.step_frames(1),
            "second_back": lambda: self.preview.seek(self.preview.position_ms - 1000),
            "second_forward": lambda: self.preview.seek(self.preview.position_ms + 1000),
            "insert": self.insert_at_playhead, "set_start": lambda: self.set_time_from_playhead("start"),
            "set_end": lambda: self.set_time_from_playhead("end"), "split": self.split_at_playhead,
            "merge": self.merge_current, "delete": self.delete_selected, "shift": self.choose_shift,
            "previous_cue": lambda: self.select_row(self.current_row() - 1 if self.current_row() is not None else 0),
            "next_cue": lambda: self.select_row((self.current_row() if self.current_row() is not None else -1) + 1),
            "next_problem": self.next_problem, "stretch": self.stretch_current, "preview_style": self.preview_style,
            "edit_text": lambda: self.editor.setFocus(),
        }
        for action_id, text, keys in SHORTCUTS:
            action = QAction(text, self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(handlers[action_id])
            self.addAction(action)
            self.actions_by_id[action_id] = action
        undo, redo = undo_redo_actions(
            self, self.undo_stack, redo_keys=[QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")]
        )
        self.actions_by_id.update(undo=undo, redo=redo)
        keys = "  ·  ".join(f"{text}: {keys[0]}" for _id, text, keys in SHORTCUTS[5:17])
        self.table.setToolTip(keys)

    # -- View API -------------------------------------------------------------------
