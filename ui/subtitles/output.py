"""Subtitles view: import/export of subtitle files and the ffmpeg jobs (burn, attach, style preview)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,
)

from app.errors import DutyDeskError
from app.files import names
from app.subtitles import cues as C
from app.subtitles import formats
from ui.ops.failures import plain_message
from ui.subtitles.constants import SUBS_FILTER


class SubtitlesOutput:
    """Mixin for ``SubtitlesView``: file output and ffmpeg jobs with progress and Cancel."""

    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import subtitles", "", SUBS_FILTER)
        if path:
            self.import_from(Path(path))

    def import_from(self, path: Path, encoding: str | None = None) -> None:
        """Read the file off the GUI thread; a guessed encoding is shown for checking first."""
        fps = self.info.fps if self.info else None

        def failed(exc: BaseException) -> None:
            self.show_problem(str(exc) if isinstance(exc, DutyDeskError) else f"Could not import {path.name}.")

        self.shell.ops.query(parent=self, op=lambda ctx: (formats.load(path, fps=fps, encoding=encoding),
                                                          path.read_bytes()),
                             key="import-subtitles", doing=f"Reading {path.name}") \
            .success(lambda loaded: self._imported(path, *loaded)).failure(failed).run()

    def _imported(self, path: Path, doc: formats.SubtitleDoc, data: bytes) -> None:
        if not doc.encoding_certain:
            self._ask_encoding(path, doc, data)
            return
        self.model.apply(f"Import {path.name}", lambda _cues: doc.cues)
        notes = "".join(f" Note: {w}" for w in doc.warnings)
        self.shell.notify(f"Imported {len(doc.cues)} cues ({doc.format.upper()}, {doc.encoding}).{notes}")

    def _ask_encoding(self, path: Path, doc: formats.SubtitleDoc, data: bytes) -> None:
        """A guessed encoding: preview with a choice before anything is imported."""
        from ui.subtitles.encoding_dialog import EncodingPreviewDialog

        dialog = EncodingPreviewDialog(self, name=path.name, data=data, guessed=doc.encoding,
                                       alternatives=doc.alternatives)
        self.encoding_dialog = dialog
        dialog.accepted.connect(lambda: self.import_from(path, encoding=dialog.chosen()))
        dialog.open()

    def _default_output(self, suffix: str) -> str:
        if self.project is None:
            return ""
        video = Path(self.project.video_path)
        return str(names.fit_path(video.parent, f"{video.stem} captioned{suffix}", strict=False))

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
        """Hand the output to the job controller (``ui.subtitles.output_job``)."""
        if self.output_jobs.running:
            self.show_problem("ffmpeg is already working on an output: wait for it or press Cancel.")
            return
        self.save_now()
        self.preview.pause()
        self.output_jobs.start(what, work)
        self.tabs.setCurrentWidget(self.output)
        self.output.cancel.setFocus()

    def _output_done(self, result: Path) -> None:
        self._last_output = str(result)
        self.shell.notify(f"Saved {result.name}")
        self.save_now()

    def cancel_job(self) -> None:
        self.output_jobs.cancel()

    def copy_command(self, shell: str | None = None) -> None:
        """Copy the burn command as text for ``shell`` (default: this platform's usual one)."""
        from app.subtitles.output import command_for_copy

        if not self._ready_for_output():
            return
        video, cues, style = self.project.video_path, self.model.cues, self.style  # type: ignore[union-attr]
        out = self._default_output(".mp4")

        def done(text: str) -> None:
            QGuiApplication.clipboard().setText(text)
            self.output.status.setText(f"Copied:\n{text}")
            self.shell.notify("ffmpeg command copied")

        self.shell.ops.query(parent=self, op=lambda ctx: command_for_copy(video, cues, style, out, shell=shell)).success(
            done).failure(lambda exc: self.show_problem(plain_message(exc))).run()

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
        self.shell.ops.query(parent=self, op=lambda ctx: frame_png(video, at, cues=cues, style=style, info=info, max_width=640),
                             key="style-preview").success(self.style_panel.show_preview).failure(
            lambda exc: self.show_problem(plain_message(exc))).run()
