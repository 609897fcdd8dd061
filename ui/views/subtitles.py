"""The Subtitles view: caption a short video, check it, burn it in or attach it.

Layout: the preview (with the current cue drawn over it) and transport on top, the
waveform strip, then the cue table and the text of the current cue; on the right,
tabs for checks, caption style and output. Everything is reachable from the keyboard
(see ``SHORTCUTS``); every edit goes through the cue model's ``QUndoStack``; the
project autosaves a moment after each change and is reopened where it was left.

The view is wiring: the widgets come from ``ui.subtitles.layout``; the work is done by
small controllers it hands their dependencies to (``CueEditor`` for edits at the playhead,
``SubtitlesOutput`` for files and ffmpeg outputs, ``OutputJobController`` for the burn job,
``ProjectAutosave``, the captions controller). What they share is ``SubtitleSession``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from app.errors import DutyDeskError
from app.media.ffmpeg_run import format_seconds
from app.media.probe import MediaInfo, require_video
from app.subtitles import cues as C
from app.subtitles import projects
from app.subtitles.checks import load_profile
from app.subtitles.styles import BurnStyle
from ui.ops.failures import plain_message
from ui.shell import Shell
from ui.subtitles.autosave import ProjectAutosave
from ui.subtitles.captions_controller import attach_captions
from ui.subtitles.constants import AUTOSAVE_MS, VIDEO_FILTER
from ui.subtitles.cue_editor import CueEditor
from ui.subtitles.cue_model import CueModel
from ui.subtitles.layout import StyleCommand, build_widgets, make_actions, shortcut_help
from ui.subtitles.output import SubtitlesOutput
from ui.subtitles.output_job import OutputJobController
from ui.subtitles.preview import Preview, make_preview
from ui.subtitles.session import SubtitleSession
from ui.views.base import View

if TYPE_CHECKING:
    from app.context import AppContext


class SubtitlesView(View):
    title = "Subtitles"

    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(shell, parent)
        self.setAccessibleName("Subtitles")
        self.session = SubtitleSession()
        self.model = CueModel(load_profile(self.session.profile_name), self)
        self.undo_stack = self.model.undo_stack
        self._playing = False

        w = self.widgets = build_widgets(self, self.model, self.session.style)
        self.project_label, self.recent, self.banner = w.project_label, w.recent, w.banner
        self.frame_view, self.play_button, self.time_label, self.mode_label = (
            w.frame_view, w.play_button, w.time_label, w.mode_label)
        self.waveform, self.table, self.editor, self.tabs = w.waveform, w.table, w.editor, w.tabs
        self.checks, self.style_panel, self.output = w.checks, w.style_panel, w.output

        self.preview: Preview = make_preview(self.frame_view, shell.ops, self)
        self.mode_label.setText(self.preview.description)
        self.cues = CueEditor(self.model, self.table, self.editor, self.preview, self)
        self.autosave = ProjectAutosave(shell.ops, self._project_values, AUTOSAVE_MS, self)
        self.output_jobs = OutputJobController(shell.jobs, self.output, self)  # burn/attach, one at a time
        self.outputs = SubtitlesOutput(
            ops=shell.ops, jobs=self.output_jobs, session=self.session, model=self.model, cues=self.cues,
            playhead=self.preview, panel=self.output, style_panel=self.style_panel, tabs=self.tabs,
            autosave=self.autosave, dialog_parent=self)
        self._connect()
        self.actions_by_id = make_actions(self, self._action_handlers(), self.undo_stack)
        self.table.setToolTip(shortcut_help())
        self.captions = attach_captions(self)  # automatic captions: Captions tab, Transcribe action
        shell.on_quit(self.save_state)
        self._reopen_latest()

    def _connect(self) -> None:
        w, cues = self.widgets, self.cues
        w.recent.activated.connect(self._recent_chosen)
        w.open_button.clicked.connect(self.choose_video)
        w.play_button.clicked.connect(lambda: self.preview.toggle_play())
        w.waveform.seek_requested.connect(lambda ms: self.preview.seek(ms))
        w.waveform.edge_moved.connect(self._edge_moved)
        w.checks.profile_chosen.connect(self._profile_chosen)
        w.checks.numbers_changed.connect(self._numbers_changed)
        w.checks.finding_activated.connect(cues.go_to_finding)
        w.checks.suggestion_chosen.connect(cues.apply_suggestion)
        w.checks.stretch_requested.connect(cues.stretch_current)
        w.style_panel.style_edited.connect(
            lambda style: self.undo_stack.push(StyleCommand(self.session.style, style, self._set_style)))
        self.preview.position_changed.connect(self._position_changed)
        self.preview.duration_changed.connect(self._duration_changed)
        self.preview.playing_changed.connect(self._playing_changed)
        self.preview.problem.connect(self.show_problem)
        for controller in (cues, self.outputs):
            controller.problem.connect(self.show_problem)
            controller.note.connect(self.shell.notify)
        cues.current_changed.connect(lambda row: self.waveform.set_cues(self.model.cues, row))
        self.output_jobs.problem.connect(self.show_problem)
        self.autosave.failed.connect(self.show_problem)
        self.model.cues_changed.connect(self._cues_changed)
        self.model.edit_refused.connect(self.show_problem)
        self.undo_stack.indexChanged.connect(lambda _i: self.autosave.start())

    def _action_handlers(self) -> dict[str, Any]:
        cues, out, preview = self.cues, self.outputs, self.preview
        return {
            "open": self.choose_video, "import": out.choose_import, "export": out.choose_export,
            "burn": out.choose_burn, "attach": out.choose_attach, "play": lambda: preview.toggle_play(),
            "frame_back": lambda: preview.step_frames(-1), "frame_forward": lambda: preview.step_frames(1),
            "second_back": lambda: preview.seek(preview.position_ms - 1000),
            "second_forward": lambda: preview.seek(preview.position_ms + 1000),
            "insert": cues.insert_at_playhead, "set_start": lambda: cues.set_time_from_playhead("start"),
            "set_end": lambda: cues.set_time_from_playhead("end"), "split": cues.split_at_playhead,
            "merge": cues.merge_current, "delete": cues.delete_selected, "shift": self.choose_shift,
            "previous_cue": cues.previous_cue, "next_cue": cues.next_cue, "next_problem": cues.next_problem,
            "stretch": cues.stretch_current, "preview_style": out.preview_style,
            "edit_text": lambda: self.editor.setFocus(),
        }

    # -- View API -------------------------------------------------------------------

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

    # -- the open project (declared in ``self.session``) -------------------------------

    @property
    def project(self) -> projects.ProjectInfo | None:
        return self.session.project

    @property
    def info(self) -> MediaInfo | None:
        return self.session.info

    @property
    def style(self) -> BurnStyle:
        return self.session.style

    # entry points the window's tests and the captions controller use
    def current_row(self) -> int | None:
        return self.cues.current_row()

    def select_row(self, row: int, seek: bool = True) -> None:
        self.cues.select_row(row, seek)

    def shift_cues(self, seconds_text: str, rows: list[int] | None = None) -> None:
        self.cues.shift_cues(seconds_text, rows)

    def import_from(self, path: Path, encoding: str | None = None) -> None:
        self.outputs.import_from(path, encoding)

    def export_to(self, path: Path) -> None:
        self.outputs.export_to(path)

    def burn_to(self, path: Path) -> None:
        self.outputs.burn_to(path)

    def attach_to(self, path: Path) -> None:
        self.outputs.attach_to(path)

    def copy_command(self, shell: str | None = None) -> None:
        self.outputs.copy_command(shell)

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
        session = self.session
        session.project, session.info, session.last_output = project, info, project.last_output
        self.show_problem("")
        session.profile_name, session.profile_numbers = project.profile, dict(project.profile_numbers)
        self.model.set_profile(load_profile(session.profile_name, session.profile_numbers or None))
        self.checks.show_profile(self.model.profile)
        session.style = project.burn_style(info.aspect)
        self.style_panel.show_style(session.style)
        self.model.load(project.cues)
        self.project_label.setText(f"{Path(project.video_path).name}  ·  {info.width}×{info.height}  ·  "
                                   f"{format_seconds(info.duration_s or 0)}")
        duration_ms = int((info.duration_s or 0) * 1000)
        self.frame_view.set_image(None)
        self.frame_view.set_message(f"Loading {Path(project.video_path).name}…")
        self.preview.open(Path(project.video_path), duration_ms, info.fps)
        self.waveform.duration_ms = duration_ms
        self.preview.seek(project.playhead_ms)
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
        s = self.session
        if s.project is None:
            return None
        return s.project.id, dict(
            cues=list(self.model.cues), style=s.style, profile=s.profile_name,
            profile_numbers=dict(s.profile_numbers), playhead_ms=self.preview.position_ms,
            last_output=s.last_output)

    # -- playhead -------------------------------------------------------------------------

    def _position_changed(self, ms: int) -> None:
        cues = self.model.cues
        row = C.cue_at(cues, ms)
        self.frame_view.set_caption(cues[row].text if row is not None else "")
        self.waveform.set_position(ms)
        self.time_label.setText(f"{C.format_time(ms)} / {C.format_time(self.preview.duration_ms)}")
        self.cues.follow_playhead(ms)
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

    def _edge_moved(self, row: int, which: str, ms: int) -> None:
        self.cues.move_edge(row, which, ms)
        self.waveform.update()  # a refused drag snaps back

    def _cues_changed(self) -> None:
        cues = self.model.cues
        self.waveform.set_cues(cues, self.cues.current_row())
        at = C.cue_at(cues, self.preview.position_ms)
        self.frame_view.set_caption(cues[at].text if at is not None else "")
        self.checks.set_findings(self.model.all_findings(), len(cues))

    def choose_shift(self) -> None:
        scope, rows = self.cues.shift_scope()
        text, ok = QInputDialog.getText(self, "Shift cues", f"Move {scope} by seconds (e.g. 1.5 or -0.25):")
        if ok and text.strip():
            self.cues.shift_cues(text, rows)

    # -- profile and style -------------------------------------------------------------------

    def _profile_chosen(self, name: str) -> None:
        self.session.profile_name, self.session.profile_numbers = name, {}
        self.model.set_profile(load_profile(name))
        self.checks.show_profile(self.model.profile)
        self.autosave.start()

    def _numbers_changed(self, numbers: dict[str, Any]) -> None:
        name = self.session.profile_name
        try:
            profile = load_profile(name).with_numbers(**numbers)
        except DutyDeskError as exc:
            self.show_problem(str(exc))
            return
        base = load_profile(name).numbers()
        self.session.profile_numbers = {k: v for k, v in profile.numbers().items() if base[k] != v}
        self.model.set_profile(profile)
        self.autosave.start()

    def _set_style(self, style: BurnStyle) -> None:
        self.session.style = style
        self.style_panel.show_style(style)
        self.autosave.start()


def create(shell: Shell) -> View:
    return SubtitlesView(shell)
