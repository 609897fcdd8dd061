"""The Subtitles view: caption a short video, check it, burn it in or attach it.

Layout: the preview (with the current cue drawn over it) and transport on top, the
waveform strip, then the cue table and the text of the current cue; on the right,
tabs for checks, caption style and output. Everything is reachable from the keyboard
(see ``SHORTCUTS``); every edit goes through the cue model's ``QUndoStack``; the
project autosaves a moment after each change and is reopened where it was left.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QWidget,
)

from app.errors import DutyDeskError
from app.media.ffmpeg_run import format_seconds
from app.media.probe import MediaInfo, require_video
from app.subtitles import cues as C
from app.subtitles import projects
from app.subtitles.checks import Finding, load_profile, stretch_for_reading
from app.subtitles.styles import BurnStyle, load_style
from ui.ops.failures import plain_message
from ui.shell import Shell
from ui.subtitles.captions_controller import attach_captions
from ui.subtitles.constants import AUTOSAVE_MS, VIDEO_FILTER
from ui.subtitles.cue_model import COL_TEXT, CueModel
from ui.subtitles.layout import SubtitlesLayout
from ui.subtitles.output import SubtitlesOutput
from ui.subtitles.autosave import ProjectAutosave
from ui.subtitles.output_job import OutputJobController
from ui.subtitles.preview import Preview, make_preview
from ui.views.base import View

if TYPE_CHECKING:
    from app.context import AppContext


class SubtitlesView(SubtitlesLayout, SubtitlesOutput, View):
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
        self._syncing_editor = False
        self._typing = False
        self._playing = False
        self._following = False
        self._last_output: str | None = None
        self.actions_by_id: dict[str, QAction] = {}

        self._build()
        self.preview: Preview = make_preview(self.frame_view, shell.ops, self)
        self.mode_label.setText(self.preview.description)
        self.preview.position_changed.connect(self._position_changed)
        self.preview.duration_changed.connect(self._duration_changed)
        self.preview.playing_changed.connect(self._playing_changed)
        self.preview.problem.connect(self.show_problem)
        self._make_actions()
        self.output_jobs = OutputJobController(shell.jobs, self.output, self)  # burn/attach, one at a time
        self.output_jobs.done.connect(self._output_done)
        self.output_jobs.problem.connect(self.show_problem)
        self.captions = attach_captions(self)  # automatic captions: Captions tab, Transcribe action

        self.autosave = ProjectAutosave(shell.ops, self._project_values, AUTOSAVE_MS, self)
        self.autosave.failed.connect(self.show_problem)
        self.model.cues_changed.connect(self._cues_changed)
        self.model.edit_refused.connect(self.show_problem)
        self.undo_stack.indexChanged.connect(lambda _i: self.autosave.start())
        shell.on_quit(self.save_state)
        self._reopen_latest()

    # -- building -----------------------------------------------------------------

    def first_focus(self) -> QWidget | None:
        return self.table

    def activated(self) -> None:
        self._refresh_recent()

    def save_state(self) -> None:
        self.output_jobs.cancel()  # quitting mid-burn: remove the unfinished file
        self.save_now()

    def show_problem(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))
        if text:
            self.shell.notify(text)

    # -- projects -------------------------------------------------------------------

    def _reopen_latest(self) -> None:
        def latest(ctx: AppContext) -> projects.ProjectInfo | None:
            try:
                return projects.latest_project(ctx)
            except DutyDeskError:
                return None

        self.shell.ops.query(parent=self, op=latest).success(self._reopen).run()
        self._refresh_recent()

    def _reopen(self, latest: projects.ProjectInfo | None) -> None:
        if latest is not None and self.project is None:
            if latest.video_exists:
                self.open_project(latest)
            else:
                self.show_problem(f"The video of your last project is missing: {latest.video_path}")

    def _refresh_recent(self) -> None:
        self.shell.ops.query(parent=self, op=projects.list_projects, key="recent").success(self._show_recent).run()

    def _show_recent(self, found: list[projects.ProjectInfo]) -> None:
        self.recent.blockSignals(True)
        self.recent.clear()
        self.recent.addItem("Recent projects…", None)
        for p in found:
            self.recent.addItem(f"{p.title} ({len(p.cues)} cues)", p.id)
        self.recent.blockSignals(False)

    def _recent_chosen(self, index: int) -> None:
        project_id = self.recent.itemData(index)
        if project_id and (self.project is None or project_id != self.project.id):
            self.save_now()
            self.shell.ops.query(parent=self, op=lambda ctx: projects.get_project(ctx, project_id), key="open").success(
                self.open_project).failure(lambda exc: self.show_problem(plain_message(exc))).run()

    def choose_video(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open a video to caption", "", VIDEO_FILTER)
        if path:
            self.open_video(Path(path))

    def open_video(self, path: Path) -> None:
        """Probe off the GUI thread, then open (or reopen) the project for this video."""
        self.save_now()
        self.project_label.setText(f"Opening {path.name}…")

        def store(ctx: AppContext, info: MediaInfo) -> tuple[projects.ProjectInfo, MediaInfo]:
            existing = [p for p in projects.list_projects(ctx) if Path(p.video_path) == path.absolute()]
            if existing:
                projects.save_project(ctx, existing[0].id, media=info)
            return (existing[0] if existing else projects.create_project(ctx, path, media=info)), info

        def probed(info: MediaInfo) -> None:
            self.shell.ops.write(parent=self, op=lambda ctx: store(ctx, info)).success(
                lambda pair: self.open_project(*pair)).failure(lambda exc: self.show_problem(plain_message(exc))).run()

        self.shell.ops.query(parent=self, op=lambda ctx: require_video(path), key="open").success(probed).failure(
            lambda exc: self.show_problem(plain_message(exc))).run()

    def open_project(self, project: projects.ProjectInfo, info: MediaInfo | None = None) -> None:
        info = info or project.media_info()
        if info is None:
            self.shell.ops.query(parent=self, op=lambda ctx: require_video(project.video_path), key="open").success(
                lambda i: self.open_project(project, i)).failure(lambda exc: self.show_problem(plain_message(exc))).run()
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
        self.shell.ops.query(parent=self, op=lambda ctx: compute_waveform(path, info=info), key="waveform").success(
            self.waveform.set_waveform).failure(lambda exc: self.waveform.set_waveform(None, plain_message(exc))).run()

    def _show_poster(self, path: Path, at_ms: int) -> None:
        """A still from ffmpeg until the player delivers its first frame."""
        from PySide6.QtGui import QImage

        from app.subtitles.output import frame_png

        def done(png: bytes) -> None:
            if self.frame_view._image is None:
                self.frame_view.set_image(QImage.fromData(png, "PNG"))

        self.shell.ops.query(parent=self, op=lambda ctx: frame_png(path, at_ms, max_width=960), key="poster").success(
            done).failure(lambda _e: None).run()

    def save_now(self) -> None:
        self.autosave.save_now()

    def _project_values(self) -> tuple[str, dict[str, Any]] | None:
        """What the autosave stores: the open project as the officer left it."""
        if self.project is None:
            return None
        return self.project.id, dict(
            cues=list(self.model.cues), style=self.style, profile=self.profile_name,
            profile_numbers=dict(self.profile_numbers), playhead_ms=self.preview.position_ms,
            last_output=self._last_output)

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

def create(shell: Shell) -> View:
    return SubtitlesView(shell)


