"""The Subtitles view: caption a short video, check it, burn it in or attach it.

Layout: the preview (with the current cue drawn over it) and transport on top, the
waveform strip, then the cue table and the text of the current cue; on the right,
tabs for checks, caption style and output. Everything is reachable from the keyboard
(see ``SHORTCUTS``); every edit goes through the cue model's ``QUndoStack``; the
project autosaves a moment after each change and is reopened where it was left.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence, QUndoCommand
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import DutyDeskError
from app.media.ffmpeg_run import CancelToken, FfmpegCancelled, Progress, format_seconds
from app.media.probe import MediaInfo, require_video
from app.subtitles import cues as C
from app.subtitles import formats, projects
from app.subtitles.checks import Finding, load_profile, stretch_for_reading
from app.subtitles.styles import BurnStyle, load_style
from ui.shell import Shell
from ui.subtitles.cue_model import COL_CHECKS, COL_CPS, COL_DUR, COL_END, COL_NUM, COL_START, COL_TEXT, CueModel
from ui.subtitles.panels import ChecksPanel, OutputPanel, StylePanel
from ui.subtitles.preview import FrameView, Preview, make_preview
from ui.subtitles.waveform_strip import WaveformStrip
from ui.views.base import View, heading

VIDEO_FILTER = "Videos (*.mp4 *.mov *.m4v *.webm *.mkv);;All files (*)"
SUBS_FILTER = "Subtitles (*.srt *.vtt *.ass *.ssa *.sub *.txt);;All files (*)"
AUTOSAVE_MS = 800

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


class _Relay(QObject):
    """Carries progress from the ffmpeg worker thread to the GUI thread."""

    progress = Signal(object)


class StyleCommand(QUndoCommand):
    def __init__(self, view: SubtitlesView, new: BurnStyle) -> None:
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


class SubtitlesView(View):
    title = "Subtitles"

    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(shell, parent)
        self.setAccessibleName("Subtitles")
        self.project: projects.ProjectInfo | None = None
        self.info: MediaInfo | None = None
        self.profile_name = "bbc"
        self.profile_numbers: dict[str, Any] = {}
        self.style: BurnStyle = load_style("landscape")
        self.model = CueModel(load_profile("bbc"), self)
        self.undo_stack = self.model.undo_stack
        self._cancel: CancelToken | None = None
        self._syncing_editor = False
        self._typing = False
        self._playing = False
        self._following = False
        self._last_output: str | None = None
        self.actions_by_id: dict[str, QAction] = {}

        self._build()
        self.preview: Preview = make_preview(self.frame_view, shell.tasks, self)
        self.mode_label.setText(self.preview.description)
        self.preview.position_changed.connect(self._position_changed)
        self.preview.duration_changed.connect(self._duration_changed)
        self.preview.playing_changed.connect(self._playing_changed)
        self.preview.problem.connect(self.show_problem)
        self._make_actions()

        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self.save_now)
        self.model.cues_changed.connect(self._cues_changed)
        self.model.edit_refused.connect(self.show_problem)
        self.undo_stack.indexChanged.connect(lambda _i: self.autosave.start())
        shell.on_quit(self.save_state)
        self._reopen_latest()

    # -- building -----------------------------------------------------------------

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
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcuts(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action, action_id in ((undo, "undo"), (redo, "redo")):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
            self.actions_by_id[action_id] = action
        keys = "  ·  ".join(f"{text}: {keys[0]}" for _id, text, keys in SHORTCUTS[5:17])
        self.table.setToolTip(keys)

    # -- View API -------------------------------------------------------------------

    def first_focus(self) -> QWidget | None:
        return self.table

    def activated(self) -> None:
        self._refresh_recent()

    def save_state(self) -> None:
        if self._cancel is not None:
            self._cancel.cancel()  # quitting mid-burn: remove the unfinished file
        self.save_now()

    def show_problem(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))
        if text:
            self.shell.notify(text)

    # -- projects -------------------------------------------------------------------

    def _reopen_latest(self) -> None:
        try:
            latest = projects.latest_project(self.shell.ctx)
        except DutyDeskError:
            latest = None
        self._refresh_recent()
        if latest is not None:
            if latest.video_exists:
                self.open_project(latest)
            else:
                self.show_problem(f"The video of your last project is missing: {latest.video_path}")

    def _refresh_recent(self) -> None:
        self.recent.blockSignals(True)
        self.recent.clear()
        self.recent.addItem("Recent projects…", None)
        for p in projects.list_projects(self.shell.ctx):
            self.recent.addItem(f"{p.title} ({len(p.cues)} cues)", p.id)
        self.recent.blockSignals(False)

    def _recent_chosen(self, index: int) -> None:
        project_id = self.recent.itemData(index)
        if project_id and (self.project is None or project_id != self.project.id):
            self.save_now()
            self.open_project(projects.get_project(self.shell.ctx, project_id))

    def choose_video(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open a video to caption", "", VIDEO_FILTER)
        if path:
            self.open_video(Path(path))

    def open_video(self, path: Path) -> None:
        """Probe off the GUI thread, then open (or reopen) the project for this video."""
        self.save_now()
        self.project_label.setText(f"Opening {path.name}…")

        def done(info: MediaInfo) -> None:
            existing = [p for p in projects.list_projects(self.shell.ctx) if Path(p.video_path) == path.absolute()]
            if existing:
                projects.save_project(self.shell.ctx, existing[0].id, media=info)
            project = existing[0] if existing else projects.create_project(self.shell.ctx, path, media=info)
            self.open_project(project, info)

        self.shell.tasks.run(lambda: require_video(path), on_done=done, on_error=lambda exc: self.show_problem(str(exc)))

    def open_project(self, project: projects.ProjectInfo, info: MediaInfo | None = None) -> None:
        info = info or project.media_info()
        if info is None:
            self.shell.tasks.run(lambda: require_video(project.video_path),
                                 on_done=lambda i: self.open_project(project, i),
                                 on_error=lambda exc: self.show_problem(str(exc)))
            return
        self.project, self.info = project, info
        self.show_problem("")
        self.profile_name = project.profile
        self.profile_numbers = dict(project.profile_numbers)
        self.model.set_profile(load_profile(self.profile_name, self.profile_numbers or None))
        self.checks.show_profile(self.model.profile)
        self.style = project.burn_style(info.aspect)
        self.style_panel.show_style(self.style)
        self.model.load(project.cues)
        self.project_label.setText(f"{Path(project.video_path).name}  ·  {info.width}×{info.height}  ·  "
                                   f"{format_seconds(info.duration_s or 0)}")
        duration_ms = int((info.duration_s or 0) * 1000)
        self.frame_view.set_image(None)
        self.frame_view.set_message(f"Loading {Path(project.video_path).name}…")
        self.preview.open(Path(project.video_path), duration_ms, info.fps)
        self.waveform.duration_ms = duration_ms
        self.preview.seek(project.playhead_ms)
        self._last_output = project.last_output
        self._refresh_recent()
        self._load_waveform(Path(project.video_path), info)
        if self.preview.kind != "stills":
            self._show_poster(Path(project.video_path), project.playhead_ms)
        if project.cues:
            self.select_row(C.cue_at(project.cues, project.playhead_ms) or 0, seek=False)

    def _load_waveform(self, path: Path, info: MediaInfo) -> None:
        from app.subtitles.waveform import compute_waveform

        self.waveform.set_waveform(None, "Reading the sound…")
        self.shell.tasks.run(lambda: compute_waveform(path, info=info), on_done=self.waveform.set_waveform,
                             on_error=lambda exc: self.waveform.set_waveform(None, str(exc)))

    def _show_poster(self, path: Path, at_ms: int) -> None:
        """A still from ffmpeg until the player delivers its first frame."""
        from PySide6.QtGui import QImage

        from app.subtitles.output import frame_png

        def done(png: bytes) -> None:
            if self.frame_view._image is None:
                self.frame_view.set_image(QImage.fromData(png, "PNG"))

        self.shell.tasks.run(lambda: frame_png(path, at_ms, max_width=960), on_done=done, on_error=lambda _e: None)

    def save_now(self) -> None:
        self.autosave.stop()
        if self.project is None:
            return
        try:
            projects.save_project(self.shell.ctx, self.project.id, cues=self.model.cues, style=self.style,
                                  profile=self.profile_name, profile_numbers=self.profile_numbers,
                                  playhead_ms=self.preview.position_ms, last_output=self._last_output)
        except DutyDeskError as exc:
            self.show_problem(f"Could not save the project: {exc}")

    # -- playhead and selection ---------------------------------------------------

    def _position_changed(self, ms: int) -> None:
        cues = self.model.cues
        row = C.cue_at(cues, ms)
        self.frame_view.set_caption(cues[row].text if row is not None else "")
        self.waveform.set_position(ms)
        total = self.preview.duration_ms
        self.time_label.setText(f"{C.format_time(ms)} / {C.format_time(total)}")
        if row is not None and row != self.current_row() and not self.editor.hasFocus():
            self._following = True
            self.select_row(row, seek=False)
            self._following = False
        if self.project is not None and not self._playing and not self.autosave.isActive():
            self.autosave.start()

    def _playing_changed(self, playing: bool) -> None:
        self._playing = playing
        self.play_button.setText("Pause" if playing else "Play")
        if not playing:
            self.autosave.start()  # keep where the officer stopped

    def _duration_changed(self, ms: int) -> None:
        self.waveform.duration_ms = ms
        self.waveform.update()

    def current_row(self) -> int | None:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else None

    def select_row(self, row: int, seek: bool = True) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        index = self.model.index(row, COL_TEXT)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        if seek:
            self.preview.seek(self.model.cue(row).start_ms)

    def _current_row_changed(self, current: Any, _previous: Any) -> None:
        self._load_editor()
        self.waveform.set_cues(self.model.cues, self.current_row())

    def _load_editor(self) -> None:
        row = self.current_row()
        text = self.model.cue(row).text if row is not None else ""
        if C.normalise_text(self.editor.toPlainText()) != text:
            self._syncing_editor = True
            self.editor.setPlainText(text)
            self._syncing_editor = False

    def _editor_changed(self) -> None:
        row = self.current_row()
        if self._syncing_editor or row is None:
            return
        cue = self.model.cue(row)
        self._typing = True
        try:
            self.model.edit_cue(row, C.set_text(cue, self.editor.toPlainText()), "text", merge_key=1)
        finally:
            self._typing = False

    def _cues_changed(self) -> None:
        row = self.current_row()
        if row is not None and not self._typing:
            self._load_editor()
        self.waveform.set_cues(self.model.cues, row)
        cues = self.model.cues
        at = C.cue_at(cues, self.preview.position_ms)
        self.frame_view.set_caption(cues[at].text if at is not None else "")
        self.checks.set_findings(self.model.all_findings(), len(cues))

    # -- edits (all through the undo stack) ---------------------------------------

    def insert_at_playhead(self) -> None:
        at = self.preview.position_ms
        holder: dict[str, int] = {}

        def fn(cues: list[C.Cue]) -> list[C.Cue]:
            out, holder["row"] = C.insert_at(cues, at)
            return out

        if self.model.apply("New cue", fn):
            self.select_row(holder["row"], seek=False)
            self.editor.setFocus()

    def set_time_from_playhead(self, which: str) -> None:
        row = self.current_row()
        if row is None:
            self.show_problem("Select a cue first (Alt+Up / Alt+Down), or add one with Ctrl+Return.")
            return
        cue = self.model.cue(row)
        at = self.preview.position_ms
        try:
            new = C.set_times(cue, start_ms=at) if which == "start" else C.set_times(cue, end_ms=at)
        except DutyDeskError as exc:
            self.show_problem(str(exc))
            return
        self.model.edit_cue(row, new, which)

    def _edge_moved(self, row: int, which: str, ms: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        try:
            new = C.set_times(self.model.cue(row), **{f"{which}_ms": ms})
        except DutyDeskError as exc:
            self.show_problem(str(exc))
            self.waveform.update()
            return
        self.model.edit_cue(row, new, which)

    def split_at_playhead(self) -> None:
        row = self.current_row()
        if row is not None:
            at = self.preview.position_ms
            cue = self.model.cue(row)
            self.model.apply("Split cue", lambda cues: C.split(cues, row, at if cue.start_ms < at < cue.end_ms else None))

    def merge_current(self) -> None:
        row = self.current_row()
        if row is not None:
            self.model.apply("Merge cues", lambda cues: C.merge(cues, row))
            self.select_row(row, seek=False)

    def delete_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if rows:
            self.model.apply(f"Delete {len(rows)} cue(s)", lambda cues: C.delete(cues, rows))
            self.select_row(min(rows[0], self.model.rowCount() - 1), seek=False)

    def choose_shift(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        scope = f"the {len(rows)} selected cues" if len(rows) > 1 else "all cues"
        text, ok = QInputDialog.getText(self, "Shift cues", f"Move {scope} by seconds (e.g. 1.5 or -0.25):")
        if ok and text.strip():
            self.shift_cues(text, rows if len(rows) > 1 else None)

    def shift_cues(self, seconds_text: str, rows: list[int] | None = None) -> None:
        try:
            offset = C.parse_offset(seconds_text)
        except DutyDeskError as exc:
            self.show_problem(str(exc))
            return
        self.model.apply(f"Shift cues by {offset / 1000:+.3f} s", lambda cues: C.shift(cues, offset, rows))

    def stretch_current(self) -> None:
        row = self.current_row()
        if row is not None:
            self.model.edit_cue(row, stretch_for_reading(self.model.cues, row, self.model.profile), "end")

    def next_problem(self) -> None:
        start = (self.current_row() if self.current_row() is not None else -1) + 1
        total = self.model.rowCount()
        for step in range(total):
            row = (start + step) % total
            if self.model.findings(row):
                self.select_row(row)
                self.show_problem(" ".join(f.message for f in self.model.findings(row)))
                return
        self.show_problem("")
        self.shell.notify("No problems left.")

    def _go_to_finding(self, finding: Finding) -> None:
        self.select_row(finding.cue - 1)

    def _apply_suggestion(self, finding: Finding, word: str) -> None:
        from app.subtitles.spelling import replace_word

        row = finding.cue - 1
        if 0 <= row < self.model.rowCount():
            cue = self.model.cue(row)
            self.model.edit_cue(row, C.set_text(cue, replace_word(cue.text, str(finding.value), word)), "spelling")

    def _profile_chosen(self, name: str) -> None:
        self.profile_name, self.profile_numbers = name, {}
        self.model.set_profile(load_profile(name))
        self.checks.show_profile(self.model.profile)
        self.autosave.start()

    def _numbers_changed(self, numbers: dict[str, Any]) -> None:
        try:
            profile = load_profile(self.profile_name).with_numbers(**numbers)
        except DutyDeskError as exc:
            self.show_problem(str(exc))
            return
        base = load_profile(self.profile_name).numbers()
        self.profile_numbers = {k: v for k, v in profile.numbers().items() if base[k] != v}
        self.model.set_profile(profile)
        self.autosave.start()

    def _set_style(self, style: BurnStyle) -> None:
        self.style = style
        self.style_panel.show_style(style)
        self.autosave.start()

    # -- import / export / output ----------------------------------------------------

    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import subtitles", "", SUBS_FILTER)
        if path:
            self.import_from(Path(path))

    def import_from(self, path: Path) -> None:
        try:
            doc = formats.load(path, fps=self.info.fps if self.info else None)
        except DutyDeskError as exc:
            self.show_problem(str(exc))
            return
        self.model.apply(f"Import {path.name}", lambda _cues: doc.cues)
        self.shell.notify(f"Imported {len(doc.cues)} cues ({doc.format.upper()}, {doc.encoding}).")

    def _default_output(self, suffix: str) -> str:
        if self.project is None:
            return ""
        video = Path(self.project.video_path)
        return str(video.with_name(f"{video.stem} captioned{suffix}"))

    def choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export subtitles", self._default_output(".srt"),
                                              "SubRip (*.srt);;WebVTT (*.vtt);;ASS (*.ass)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        try:
            formats.save(self.model.cues, path)
        except DutyDeskError as exc:
            self.show_problem(str(exc))
            return
        self.output.status.setText(f"Exported {self.model.rowCount()} cues to {path}")
        self.shell.notify(f"Exported {path.name}")

    def choose_burn(self) -> None:
        self._choose_output("Burn captions into a new video", ".mp4", "MP4 video (*.mp4)", self.burn_to)

    def choose_attach(self) -> None:
        self._choose_output("Attach captions as a track", " subs.mp4",
                            "MP4 with mov_text (*.mp4);;WebM with WebVTT (*.webm)", self.attach_to)

    def _choose_output(self, title: str, suffix: str, filters: str, then: Any) -> None:
        if self._ready_for_output():
            path, _ = QFileDialog.getSaveFileName(self, title, self._default_output(suffix), filters)
            if path:
                then(Path(path))

    def _ready_for_output(self) -> bool:
        if self.project is None:
            self.show_problem("Open a video first (Ctrl+O).")
            return False
        if not self.model.rowCount():
            self.show_problem("There are no cues yet: add one at the playhead with Ctrl+Return.")
            return False
        return True

    def burn_to(self, path: Path) -> None:
        from app.subtitles.output import burn

        if not self._ready_for_output():
            return
        video, cues, style = self.project.video_path, self.model.cues, self.style  # type: ignore[union-attr]
        self._run_job("Burning captions", path,
                      lambda on_progress, token: burn(video, cues, style, path, on_progress=on_progress, cancel=token))

    def attach_to(self, path: Path) -> None:
        from app.subtitles.output import attach

        if not self._ready_for_output():
            return
        video, cues = self.project.video_path, self.model.cues  # type: ignore[union-attr]
        self._run_job("Attaching the subtitle track", path,
                      lambda on_progress, token: attach(video, cues, path, on_progress=on_progress, cancel=token))

    def _run_job(self, what: str, path: Path, work: Any) -> None:
        if self._cancel is not None:
            self.show_problem("ffmpeg is already working on an output: wait for it or press Cancel.")
            return
        self.save_now()
        self.preview.pause()
        token = CancelToken()
        self._cancel = token
        relay = _Relay(self)
        relay.progress.connect(self._job_progress)
        self.output.set_running(True)
        self.output.status.setText(f"{what}…")
        self.tabs.setCurrentWidget(self.output)
        self.output.cancel.setFocus()

        def done(result: Path) -> None:
            self._job_finished(relay)
            self._last_output = str(result)
            self.output.progress.setValue(1000)
            self.output.status.setText(f"Done: {result}")
            self.shell.notify(f"Saved {result.name}")
            self.save_now()

        def failed(exc: BaseException) -> None:
            self._job_finished(relay)
            self.output.progress.setValue(0)
            if isinstance(exc, FfmpegCancelled):
                self.output.status.setText(str(exc))
            elif isinstance(exc, DutyDeskError):
                details = getattr(exc, "details", "")
                self.output.status.setText(str(exc))
                self.output.status.setToolTip(details)
                self.show_problem(str(exc))
            else:
                raise exc

        self.shell.tasks.run(lambda: work(relay.progress.emit, token), on_done=done, on_error=failed)

    def _job_finished(self, relay: _Relay) -> None:
        self._cancel = None
        self.output.set_running(False)
        relay.deleteLater()

    def _job_progress(self, progress: Progress) -> None:
        self.output.progress.setValue(int(progress.fraction * 1000))
        self.output.status.setText(progress.describe().strip())

    def cancel_job(self) -> None:
        if self._cancel is not None:
            self._cancel.cancel()
            self.output.status.setText("Cancelling…")

    def copy_command(self) -> None:
        from app.subtitles.output import command_for_copy

        if not self._ready_for_output():
            return
        video, cues, style = self.project.video_path, self.model.cues, self.style  # type: ignore[union-attr]
        out = self._default_output(".mp4")

        def done(text: str) -> None:
            QGuiApplication.clipboard().setText(text)
            self.output.status.setText(f"Copied:\n{text}")
            self.shell.notify("ffmpeg command copied")

        self.shell.tasks.run(lambda: command_for_copy(video, cues, style, out), on_done=done,
                             on_error=lambda exc: self.show_problem(str(exc)))

    def preview_style(self) -> None:
        from app.subtitles.output import frame_png

        if self.project is None or self.info is None:
            self.show_problem("Open a video first (Ctrl+O).")
            return
        self.tabs.setCurrentWidget(self.style_panel)
        video, cues, style, info = self.project.video_path, self.model.cues, self.style, self.info
        at = self.preview.position_ms
        row = self.current_row()
        if row is not None and C.cue_at(cues, at) is None:
            at = cues[row].start_ms + cues[row].duration_ms // 2  # show a frame with a caption on it
        self.style_panel.preview.setText("Rendering…")
        self.shell.tasks.run(lambda: frame_png(video, at, cues=cues, style=style, info=info, max_width=640),
                             on_done=self.style_panel.show_preview, on_error=lambda exc: self.show_problem(str(exc)))


def create(shell: Shell) -> View:
    return SubtitlesView(shell)


