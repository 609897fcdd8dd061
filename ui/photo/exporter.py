"""Exporting photos to the ticked channels as one job: progress, the files, the team's library.

A small controller handed what it needs (the job runner, the channel list, and the export
box's fields and progress bar), so it is tested without a window; the Photo view only says
which photos to export and shows the outcome.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QCheckBox, QLineEdit, QProgressBar

from app.errors import DutyDeskError
from app.photo import export as photo_export
from app.photo import library
from ui.ops import JobControl, JobRunner
from ui.photo.document import PhotoDocument
from ui.photo.models import PresetListModel

if TYPE_CHECKING:
    from app.context import AppContext

NO_CHANNEL = "Tick at least one channel to export to."


class PhotoExporter(QObject):
    busy_changed = Signal(bool)
    exported = Signal(object)  # list[ExportResult], every file written
    failed = Signal(object)  # the exception: a refusal, a failure or a cancel

    def __init__(self, jobs: JobRunner, channels: PresetListModel, folder: QLineEdit, keep_credit: QCheckBox,
                 progress_bar: QProgressBar, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs, self.channels = jobs, channels
        self.folder, self.keep_credit, self.progress_bar = folder, keep_credit, progress_bar
        self.running = False

    def export(self, docs: list[PhotoDocument]) -> bool:
        """Start exporting ``docs`` to every ticked channel; False when nothing was started."""
        presets = self.channels.chosen()
        if not presets:
            self.failed.emit(DutyDeskError(NO_CHANNEL))
            return False
        if self.running or not docs:
            return False
        work_list = [(d.path, d.recipe, d.alt_text) for d in docs]
        folder, keep = Path(self.folder.text().strip() or "."), self.keep_credit.isChecked()

        def work(ctx: AppContext, control: JobControl) -> list[photo_export.ExportResult]:  # on a job thread
            done: list[photo_export.ExportResult] = []
            for i, (path, recipe, alt) in enumerate(work_list):
                step = lambda d, t, text, i=i: control.progress((i + d / max(t, 1)) / len(work_list), text)  # noqa: E731
                results = photo_export.export_photo(path, recipe, presets, folder, alt_text=alt,
                                                    keep_credit=keep, progress=step)
                library.record_exports(ctx, path, results, photo_export.check_alt_text(alt))
                done += results
            return done

        self._set_running(True)
        self.progress_bar.setValue(0)
        self.progress_bar.show()
        job = self.jobs.start(parent=self, title="Exporting photos", work=work)
        job.progressed.connect(self._progressed)
        job.finished.connect(self._finished)
        job.failed.connect(lambda _message: self._ended_badly(job.error or DutyDeskError(_message)))
        job.cancelled.connect(lambda: self._ended_badly(job.error or DutyDeskError("Export cancelled.")))
        return True

    def _set_running(self, running: bool) -> None:
        self.running = running
        if not running:
            self.progress_bar.hide()
        self.busy_changed.emit(running)

    def _progressed(self, fraction: float, text: str) -> None:
        self.progress_bar.setMaximum(1000)
        self.progress_bar.setValue(int(fraction * 1000))
        self.progress_bar.setFormat(f"{text} · %p%")

    def _finished(self, results: list[photo_export.ExportResult]) -> None:
        self._set_running(False)
        self.exported.emit(results)

    def _ended_badly(self, exc: BaseException) -> None:
        self._set_running(False)
        self.failed.emit(exc)
