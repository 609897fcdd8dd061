"""One ffmpeg output at a time (burn or attach) as a job: progress, Cancel, the outcome.

A small controller handed what it needs (the job runner and the output panel), so it is
tested without a window or a view; the Subtitles view only says what to run.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from ui.ops import Job, JobControl, JobRunner

# work(on_progress, cancel_token) -> the written file; runs on a job thread
OutputWork = Callable[[Callable[[Any], None], JobControl], Path]


class OutputJobController(QObject):
    done = Signal(object)  # Path of the finished file
    problem = Signal(str)  # a plain line: what went wrong (not sent for a cancel)

    def __init__(self, jobs: JobRunner, panel: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self.panel = panel  # has set_running(bool), progress (QProgressBar), status (QLabel)
        self.job: Job | None = None

    @property
    def running(self) -> bool:
        return self.job is not None

    def start(self, what: str, work: OutputWork) -> bool:
        """False (and a problem) when an output is already being written."""
        if self.job is not None:
            self.problem.emit("ffmpeg is already working on an output: wait for it or press Cancel.")
            return False
        self.panel.set_running(True)
        self.panel.status.setText(f"{what}…")

        def run(_ctx: Any, control: JobControl) -> Path:  # on a job thread: ffmpeg with progress and cancel
            return work(lambda p: control.progress(p.fraction, p.describe().strip()), control)

        job = self.job = self.jobs.start(parent=self, title=what, work=run)
        job.progressed.connect(self._progressed)
        job.finished.connect(self._finished)
        job.failed.connect(self._failed)
        job.cancelled.connect(self._cancelled)
        return True

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.panel.status.setText("Cancelling…")

    def _progressed(self, fraction: float, text: str) -> None:
        self.panel.progress.setValue(int(fraction * 1000))
        self.panel.status.setText(text)

    def _ended(self) -> Job | None:
        job, self.job = self.job, None
        self.panel.set_running(False)
        return job

    def _finished(self, result: Path) -> None:
        self._ended()
        self.panel.progress.setValue(1000)
        self.panel.status.setText(f"Done: {result}")
        self.done.emit(Path(result))

    def _failed(self, message: str) -> None:
        job = self._ended()
        self.panel.progress.setValue(0)
        self.panel.status.setText(message)
        self.panel.status.setToolTip(getattr(job.error if job else None, "details", ""))
        self.problem.emit(message)

    def _cancelled(self) -> None:
        job = self._ended()
        self.panel.progress.setValue(0)
        self.panel.status.setText(str(job.error if job and job.error else "Cancelled."))
