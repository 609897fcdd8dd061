"""Automatic captions in the Subtitles view: Transcribe as a job, cues streamed into the table.

The whole result is one undo step (``TranscriptCommand``), pushed when the job starts and
growing as cues arrive; the officer's edits made meanwhile are their own steps above it,
so undo takes back the edits first, then the whole transcript. Cues only ever arrive at
the end of the list (a resumed run starts after the last cue), so row-based edits stay right.
Every service call runs in a job (``shell.jobs``) or an op, never on the GUI thread.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand
from PySide6.QtWidgets import QInputDialog, QTabWidget, QWidget

from app.media.ffmpeg_run import format_seconds
from app.subtitles.cues import Cue, format_time
from ui.subtitles.captions_panel import CaptionsPanel, MachineCueDelegate, highlight_unsure
from ui.ops import JobRunner
from ui.subtitles.cue_editor import CueEditor
from ui.subtitles.cue_model import COL_TEXT, CueModel
from ui.subtitles.session import SubtitleSession
from ui.subtitles.waveform_strip import WaveformStrip

ACTIONS = (
    ("transcribe", "Transcribe the speech (automatic captions)", "Ctrl+Shift+A"),
    ("snap_cuts", "Snap cue edges to shot changes", "Ctrl+Shift+K"),
    ("mark_checked", "Mark selected cues as checked", "Ctrl+Shift+M"),
)


class TranscriptCommand(QUndoCommand):
    """All cues of one transcription run: undo puts back the list as it was before the run."""

    def __init__(self, model: CueModel, controller: CaptionsController, *, keep: bool) -> None:
        super().__init__("Automatic captions")
        self.model, self.controller = model, controller
        self.before = model.cues
        self.after = model.cues if keep else []  # a fresh run replaces the list; a resumed one adds to it
        self.live = True  # cues still arriving are added to this command

    def redo(self) -> None:
        self.model._replace_all(self.after)

    def undo(self) -> None:
        if self.live:
            self.controller.cancel()
            self.live = False
        self.model._replace_all(self.before)


class CaptionsController(QObject):
    """Automatic captions, handed what they drive: the job runner, the open session, the cue
    model and editor, the waveform (shot changes) and the tabs (to show its panel)."""

    cues_arrived = Signal(int, object)  # run number, new cues (emitted from the job thread)
    problem = Signal(str)  # one plain line for the view's banner

    def __init__(self, *, jobs: JobRunner, session: SubtitleSession, model: CueModel, cues: CueEditor,
                 waveform: WaveformStrip, tabs: QTabWidget, dialog_parent: QWidget) -> None:
        super().__init__(dialog_parent)
        self.jobs, self.session, self.model, self.cues = jobs, session, model, cues
        self.waveform, self.tabs, self.dialog_parent = waveform, tabs, dialog_parent
        self.panel = CaptionsPanel()
        self.job: Any = None
        self.run = 0
        self.command: TranscriptCommand | None = None
        self.shots_ms: list[int] = []
        self.stopped_at_ms: int | None = None
        self.video: Path | None = None
        self._started = 0.0
        self.cues_arrived.connect(self._arrived, Qt.ConnectionType.QueuedConnection)
        p = self.panel
        p.transcribe_requested.connect(lambda: self.transcribe())
        p.resume_requested.connect(lambda: self.transcribe(resume=True))
        p.cancel_requested.connect(self.cancel)
        p.snap_requested.connect(self.snap_to_cuts)
        p.align_requested.connect(self.ask_script)
        p.reviewed_requested.connect(self.mark_checked)
        p.retime_requested.connect(self.retime)

    # -- transcription --------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.job is not None

    def _video(self) -> Path | None:
        project = self.session.project
        if project is None:
            self.problem.emit("Open a video first (Ctrl+O): there is nothing to transcribe.")
            return None
        return Path(project.video_path)

    def transcribe(self, resume: bool = False) -> None:
        video = self._video()
        if video is None or self.running:
            return
        model: CueModel = self.model
        previous = model.cue(model.rowCount() - 1) if resume and model.rowCount() else None
        start_s = (self.stopped_at_ms or 0) / 1000 if resume else 0.0
        if previous is not None:
            start_s = max(start_s, previous.end_ms / 1000)
        profile, snap = model.profile, self.panel.snap_option.isChecked()
        model_name = self.panel.model_choice.currentData()
        self.run += 1
        run = self.run
        self.video = video
        self.command = TranscriptCommand(model, self, keep=resume)
        model.undo_stack.push(self.command)
        emit = self.cues_arrived.emit

        def work(ctx: Any, control: Any) -> Any:  # on a job thread
            from app.captions.glossary import team_glossary
            from app.captions.model_source import MODEL_DIR_SETTING
            from app.captions.service import CaptionRequest, caption_video
            from app.settings import device

            request = CaptionRequest(video, profile, model=model_name, settings_dir=device.get(ctx, MODEL_DIR_SETTING),
                                     data_dir=ctx.data_dir, glossary=team_glossary(ctx), snap_to_cuts=snap,
                                     start_s=start_s, previous=previous)

            def on_cues(cues: list[Cue], position_s: float, duration_s: float) -> None:
                if cues:
                    emit(run, cues)
                control.progress(position_s / duration_s if duration_s else 1.0, self._describe(position_s, duration_s, start_s))

            def on_download(done: int, total: int) -> None:
                control.progress(done / total if total else 0.0,
                                 f"Downloading the {model_name} speech model (first use): "
                                 f"{done / 2**20:.0f} of {total / 2**20:.0f} MB")

            return caption_video(request, on_cues=on_cues, cancel=control, on_download=on_download)

        self._started = time.monotonic()
        self.job = self.jobs.start(parent=self, title="Transcribing", work=work)
        self.job.progressed.connect(self.panel.show_progress)
        self.job.finished.connect(lambda result, run=run: self._finished(run, result))
        self.job.cancelled.connect(lambda run=run: self._cancelled(run))
        self.job.failed.connect(lambda text, run=run: self._failed(run, text))
        self.panel.set_running(True)
        self.tabs.setCurrentWidget(self.panel)
        self.panel.show_progress(0.0, "Loading the speech model…")

    def _describe(self, position_s: float, duration_s: float, start_s: float) -> str:
        elapsed = time.monotonic() - self._started
        done = max(0.001, position_s - start_s)
        left = elapsed / done * max(0.0, duration_s - position_s)
        return (f"{format_time(int(position_s * 1000))} of {format_time(int(duration_s * 1000))} · "
                f"about {format_seconds(left)} left")

    def _arrived(self, run: int, cues: list[Cue]) -> None:
        command = self.command
        if run != self.run or command is None or not command.live:
            return  # a cancelled or undone run: its late cues are dropped
        project = self.session.project
        if project is None or Path(project.video_path) != self.video:
            command.live = False  # another video was opened meanwhile: these cues are not its captions
            self.cancel()
            return
        command.after = [*command.after, *cues]
        self.model.append_rows(cues)

    def _end(self, run: int) -> bool:
        if run != self.run:
            return False
        self.job = None
        if self.command is not None:
            self.command.live = False
        return True

    def _finished(self, run: int, result: Any) -> None:
        if not self._end(run):
            return
        self.shots_ms = list(result.shots_ms)
        self.waveform.shots_ms = self.shots_ms
        self.waveform.update()
        self.stopped_at_ms = None
        unsure = len(result.low_confidence_words)
        self.panel.set_running(False)
        self.panel.show_progress(1.0, f"Done: {len(result.cues)} cues in {result.elapsed_s:.1f} s for "
                                      f"{result.transcript.duration_s:.1f} s of video; {unsure} unsure word(s) "
                                      "highlighted. Each cue stays marked until you have checked it.")

    def _cancelled(self, run: int) -> None:
        if not self._end(run):
            return
        model: CueModel = self.model
        self.stopped_at_ms = model.cue(model.rowCount() - 1).end_ms if model.rowCount() else 0
        self.panel.set_running(False, can_resume=True)
        self.panel.status.setText(f"Cancelled at {format_time(self.stopped_at_ms)}: the cues so far are kept. "
                                  "Resume continues from there.")

    def _failed(self, run: int, text: str) -> None:
        if not self._end(run):
            return
        stack = self.model.undo_stack
        if stack.count() and stack.command(stack.index() - 1) is self.command:
            stack.undo()  # nothing half-made stays behind
        self.panel.set_running(False)
        self.panel.status.setText(text)
        self.problem.emit(text)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.panel.status.setText("Cancelling…")

    # -- other caption actions ------------------------------------------------------

    def snap_to_cuts(self) -> None:
        video = self._video()
        if video is None:
            return
        profile = self.model.profile
        fps = self.session.info.fps if self.session.info is not None else None

        def work(_ctx: Any, _control: Any) -> list[int]:
            from app.captions.shots import detect_shots

            return detect_shots(video)

        def done(shots: list[int]) -> None:
            from app.captions.shots import snap_to_shots

            self.shots_ms = shots
            self.waveform.shots_ms = shots
            self.waveform.update()
            self.model.apply("Snap cues to shot changes", lambda cues: snap_to_shots(cues, shots, profile, fps))
            self.panel.status.setText(f"{len(shots)} shot change(s) found; cue edges near them were snapped.")

        job = self.jobs.start(parent=self, title="Finding shot changes", work=work)
        job.finished.connect(done)
        job.failed.connect(self.problem.emit)

    def ask_script(self) -> None:
        text, ok = QInputDialog.getMultiLineText(self.dialog_parent, "Time a script",
                                                 "Paste the cleared statement; its words will be timed to the speech:")
        if ok and text.strip():
            self.align_script(text)

    def align_script(self, text: str) -> None:
        video = self._video()
        if video is None:
            return
        profile = self.model.profile

        def work(ctx: Any, control: Any) -> list[Cue]:
            from app.captions.align import script_to_cues
            from app.captions.model_source import MODEL_DIR_SETTING
            from app.captions.service import recognise_words
            from app.settings import device

            words, duration_ms = recognise_words(video, settings_dir=device.get(ctx, MODEL_DIR_SETTING),
                                                 data_dir=ctx.data_dir, cancel=control)
            return script_to_cues(text, words, profile, duration_ms=duration_ms)

        job = self.jobs.start(parent=self, title="Timing the script", work=work)
        job.finished.connect(lambda cues: self.model.apply("Time a script", lambda _old: cues))
        job.failed.connect(self.problem.emit)
        self.panel.status.setText("Timing the script to the speech…")

    def retime(self) -> None:
        """An imported subtitle file that drifts: same cues, times taken from the speech."""
        video = self._video()
        model: CueModel = self.model
        if video is None or not model.rowCount():
            return
        cues, profile = model.cues, model.profile

        def work(ctx: Any, control: Any) -> list[Cue]:
            from app.captions.align import retime_cues
            from app.captions.model_source import MODEL_DIR_SETTING
            from app.captions.service import recognise_words
            from app.settings import device

            words, duration_ms = recognise_words(video, settings_dir=device.get(ctx, MODEL_DIR_SETTING),
                                                 data_dir=ctx.data_dir, cancel=control)
            return retime_cues(cues, words, profile, duration_ms=duration_ms)

        job = self.jobs.start(parent=self, title="Re-timing cues", work=work)
        job.finished.connect(lambda new: model.apply("Re-time cues to the speech", lambda _old: new))
        job.failed.connect(self.problem.emit)
        self.panel.status.setText("Re-timing the cues to the speech…")

    def mark_checked(self) -> None:
        model: CueModel = self.model
        rows = self.cues.selected_rows()
        if not rows and self.cues.current_row() is not None:
            rows = [self.cues.current_row()]
        chosen = set(rows)
        model.apply("Mark cues as checked",
                    lambda cues: [c.reviewed() if i in chosen else c for i, c in enumerate(cues)])

    def refresh_editor(self) -> None:
        self.panel.show_unchecked(sum(1 for c in self.model.cues if c.machine))
        row = self.cues.current_row()
        cue = self.model.cue(row) if row is not None else None
        highlight_unsure(self.cues.editor, cue.unsure if cue is not None and cue.machine else ())


def attach_captions(view: Any) -> CaptionsController:
    """Add the Captions tab, its actions, and the unsure-word highlighting to the Subtitles view."""
    model: CueModel = view.model
    controller = CaptionsController(jobs=view.shell.jobs, session=view.session, model=model, cues=view.cues,
                                    waveform=view.waveform, tabs=view.tabs, dialog_parent=view)
    controller.problem.connect(view.show_problem)
    view.tabs.addTab(controller.panel, "Captions")
    view.table.setItemDelegateForColumn(
        COL_TEXT, MachineCueDelegate(lambda row: model.cue(row) if 0 <= row < model.rowCount() else None, view.table))
    model.cues_changed.connect(controller.refresh_editor)
    view.cues.current_changed.connect(lambda _row: controller.refresh_editor())
    handlers = {"transcribe": controller.transcribe, "snap_cuts": controller.snap_to_cuts,
                "mark_checked": controller.mark_checked}
    for action_id, text, key in ACTIONS:
        action = QAction(text, view)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False, fn=handlers[action_id]: fn())
        view.addAction(action)
        view.actions_by_id[action_id] = action
    return controller
