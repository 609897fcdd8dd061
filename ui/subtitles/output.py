"""Subtitle files in and out, and the ffmpeg outputs (burn, attach, style preview, copy command).

A small controller handed its dependencies: the ops, the burn/attach job controller, the
open session, the cue model and editor, the playhead, the panels it drives and the autosave.
No window is needed to test it; problems come back as one plain line on ``problem``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QTabWidget, QWidget

from app.errors import DutyDeskError
from app.subtitles import cues as C
from app.subtitles import formats
from ui.ops import Ops
from ui.ops.failures import plain_message
from ui.subtitles.autosave import ProjectAutosave
from ui.subtitles.constants import SUBS_FILTER
from ui.subtitles.cue_editor import CueEditor
from ui.subtitles.cue_model import CueModel
from ui.subtitles.output_job import OutputJobController, OutputWork
from ui.subtitles.panels import OutputPanel, StylePanel
from ui.subtitles.session import SubtitleSession

NO_VIDEO = "Open a video first (Ctrl+O)."
NO_CUES = "There are no cues yet: add one at the playhead with Ctrl+Return."
BUSY = "ffmpeg is already working on an output: wait for it or press Cancel."


class PausablePlayhead(Protocol):
    @property
    def position_ms(self) -> int: ...

    def pause(self) -> None: ...


class SubtitlesOutput(QObject):
    problem = Signal(str)  # one plain line for the view's banner
    note = Signal(str)  # a passing notice for the status bar

    def __init__(self, *, ops: Ops, jobs: OutputJobController, session: SubtitleSession, model: CueModel,
                 cues: CueEditor, playhead: PausablePlayhead, panel: OutputPanel, style_panel: StylePanel,
                 tabs: QTabWidget, autosave: ProjectAutosave, dialog_parent: QWidget) -> None:
        super().__init__(dialog_parent)
        self.ops, self.jobs, self.session, self.model, self.cues = ops, jobs, session, model, cues
        self.playhead, self.panel, self.style_panel, self.tabs = playhead, panel, style_panel, tabs
        self.autosave, self.dialog_parent = autosave, dialog_parent
        self.encoding_dialog: QWidget | None = None
        jobs.done.connect(self._output_done)
        panel.burn_requested.connect(self.choose_burn)
        panel.attach_requested.connect(self.choose_attach)
        panel.export_requested.connect(self.choose_export)
        panel.cancel_requested.connect(jobs.cancel)
        panel.copy_requested.connect(self.copy_command)
        style_panel.preview_requested.connect(self.preview_style)

    # -- import ---------------------------------------------------------------------------

    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.dialog_parent, "Import subtitles", "", SUBS_FILTER)
        if path:
            self.import_from(Path(path))

    def import_from(self, path: Path, encoding: str | None = None) -> None:
        """Read the file off the GUI thread; a guessed encoding is shown for checking first."""
        fps = self.session.info.fps if self.session.info else None

        def failed(exc: BaseException) -> None:
            self.problem.emit(str(exc) if isinstance(exc, DutyDeskError) else f"Could not import {path.name}.")

        self.ops.query(parent=self, op=lambda ctx: (formats.load(path, fps=fps, encoding=encoding), path.read_bytes()),
                       key="import-subtitles", doing=f"Reading {path.name}") \
            .success(lambda loaded: self._imported(path, *loaded)).failure(failed).run()

    def _imported(self, path: Path, doc: formats.SubtitleDoc, data: bytes) -> None:
        if not doc.encoding_certain:
            self._ask_encoding(path, doc, data)
            return
        self.model.apply(f"Import {path.name}", lambda _cues: doc.cues)
        notes = "".join(f" Note: {w}" for w in doc.warnings)
        self.note.emit(f"Imported {len(doc.cues)} cues ({doc.format.upper()}, {doc.encoding}).{notes}")

    def _ask_encoding(self, path: Path, doc: formats.SubtitleDoc, data: bytes) -> None:
        """A guessed encoding: preview with a choice before anything is imported."""
        from ui.subtitles.encoding_dialog import EncodingPreviewDialog

        dialog = EncodingPreviewDialog(self.dialog_parent, name=path.name, data=data, guessed=doc.encoding,
                                       alternatives=doc.alternatives)
        self.encoding_dialog = dialog
        dialog.accepted.connect(lambda: self.import_from(path, encoding=dialog.chosen()))
        dialog.open()

    # -- export -----------------------------------------------------------------------------

    def choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.dialog_parent, "Export subtitles", self.session.default_output(".srt"),
                                              "SubRip (*.srt);;WebVTT (*.vtt);;ASS (*.ass)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        cues = self.model.cues

        def done(_result: Any) -> None:
            self.panel.status.setText(f"Exported {len(cues)} cues to {path}")
            self.note.emit(f"Exported {path.name}")

        self.ops.query(parent=self, op=lambda ctx: formats.save(cues, path), key="export",
                       doing=f"Writing {path.name}").success(done).failure(
            lambda exc: self.problem.emit(plain_message(exc))).run()

    # -- burn and attach (jobs) -------------------------------------------------------------------

    def choose_burn(self) -> None:
        self._choose_output("Burn captions into a new video", ".mp4", "MP4 video (*.mp4)", self.burn_to)

    def choose_attach(self) -> None:
        self._choose_output("Attach captions as a track", " subs.mp4",
                            "MP4 with mov_text (*.mp4);;WebM with WebVTT (*.webm)", self.attach_to)

    def _choose_output(self, title: str, suffix: str, filters: str, then: Callable[[Path], None]) -> None:
        if self.ready_for_output():
            path, _ = QFileDialog.getSaveFileName(self.dialog_parent, title, self.session.default_output(suffix), filters)
            if path:
                then(Path(path))

    def ready_for_output(self) -> bool:
        if self.session.project is None:
            self.problem.emit(NO_VIDEO)
            return False
        if not self.model.rowCount():
            self.problem.emit(NO_CUES)
            return False
        return True

    def burn_to(self, path: Path) -> None:
        from app.subtitles.output import burn

        if not self.ready_for_output():
            return
        video, cues, style = self.session.video_path, self.model.cues, self.session.style
        self._run_job("Burning captions",
                      lambda on_progress, token: burn(video, cues, style, path, on_progress=on_progress, cancel=token))

    def attach_to(self, path: Path) -> None:
        from app.subtitles.output import attach

        if not self.ready_for_output():
            return
        video, cues = self.session.video_path, self.model.cues
        self._run_job("Attaching the subtitle track",
                      lambda on_progress, token: attach(video, cues, path, on_progress=on_progress, cancel=token))

    def _run_job(self, what: str, work: OutputWork) -> None:
        if self.jobs.running:
            self.problem.emit(BUSY)
            return
        self.autosave.save_now()
        self.playhead.pause()
        self.jobs.start(what, work)
        self.tabs.setCurrentWidget(self.panel)
        self.panel.cancel.setFocus()

    def _output_done(self, result: Path) -> None:
        self.session.last_output = str(result)
        self.note.emit(f"Saved {result.name}")
        self.autosave.save_now()

    def cancel_job(self) -> None:
        self.jobs.cancel()

    # -- copy command and style preview -------------------------------------------------------------

    def copy_command(self, shell: str | None = None) -> None:
        """Copy the burn command as text for ``shell`` (default: this platform's usual one)."""
        from app.subtitles.output import command_for_copy

        if not self.ready_for_output():
            return
        video, cues, style = self.session.video_path, self.model.cues, self.session.style
        out = self.session.default_output(".mp4")

        def done(text: str) -> None:
            QGuiApplication.clipboard().setText(text)
            self.panel.status.setText(f"Copied:\n{text}")
            self.note.emit("ffmpeg command copied")

        self.ops.query(parent=self, op=lambda ctx: command_for_copy(video, cues, style, out, shell=shell)).success(
            done).failure(lambda exc: self.problem.emit(plain_message(exc))).run()

    def preview_style(self) -> None:
        """Draw the captions on the frame at the playhead (or mid-way through the current cue)."""
        from app.subtitles.output import frame_png

        session = self.session
        if session.project is None or session.info is None:
            self.problem.emit(NO_VIDEO)
            return
        self.tabs.setCurrentWidget(self.style_panel)
        video, cues, style, info = session.video_path, self.model.cues, session.style, session.info
        at = self.playhead.position_ms
        row = self.cues.current_row()
        if row is not None and C.cue_at(cues, at) is None:
            at = cues[row].start_ms + cues[row].duration_ms // 2  # show a frame with a caption on it
        self.style_panel.preview.setText("Rendering…")
        self.ops.query(parent=self, op=lambda ctx: frame_png(video, at, cues=cues, style=style, info=info, max_width=640),
                       key="style-preview").success(self.style_panel.show_preview).failure(
            lambda exc: self.problem.emit(plain_message(exc))).run()
