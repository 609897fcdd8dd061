"""Long work (ffmpeg burns, the rota solver, sync rounds, compaction, big exports) as jobs.

Jobs run on their own pool, never the one quick ops use, so a log entry saved while a
burn and a sync run does not queue behind them. A job gets the ``AppContext`` and a
:class:`JobControl` (report progress, see whether the officer cancelled; it also works
as the cancel token of ``app.media.ffmpeg_run``). The :class:`Job` handle lives on the
GUI thread and tells how it went through signals; a job whose parent was deleted still
runs to its end (a half-burnt video is removed by ffmpeg_run) but calls nobody.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from app.db import changes as change_log
from ui.ops.delivery import Outcome, alive, main_thread_relay, run_in_pool
from ui.ops.failures import plain_message

if TYPE_CHECKING:
    from app.context import AppContext
    from app.db.changes import Changes

JOB_THREADS = 3  # a burn, a sync round and the solver at once
PROGRESS_EVERY_S = 0.05


class JobControl:
    """The job's side: thread-safe, no Qt. Duck-types ``ffmpeg_run.CancelToken``."""

    def __init__(self, report: Callable[[float, str], None]) -> None:
        self._event = threading.Event()
        self._report = report
        self._last = 0.0

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def progress(self, fraction: float, text: str = "") -> None:
        """At most 20 reports a second reach the GUI (a burn reports far more often)."""
        now = time.monotonic()
        if fraction >= 1.0 or now - self._last >= PROGRESS_EVERY_S:
            self._last = now
            self._report(max(0.0, min(1.0, fraction)), text)


class Job(QObject):
    """The GUI thread's handle on one job."""

    progressed = Signal(float, str)
    finished = Signal(object)  # the work's result
    failed = Signal(str)  # a plain message
    cancelled = Signal()
    ended = Signal()  # after any of the three above

    def __init__(self, title: str, parent: QObject | None) -> None:
        super().__init__(None)
        self.title = title
        self._parent = parent
        self.fraction = 0.0
        self.text = ""
        self.running = True
        self.error: BaseException | None = None
        # the job thread reports through the relay with a token: it holds no reference
        # to this handle (a Qt object must never be let go of on a worker thread)
        self.control = JobControl(lambda fraction, text: None)

    def cancel(self) -> None:
        self.control.cancel()

    def _progressed(self, fraction: float, text: str) -> None:
        if self.running:
            self.fraction, self.text = fraction, text
            if alive(self._parent):
                self.progressed.emit(fraction, text)

    def _end(self, outcome: str, value: Any) -> None:
        self.running = False
        if isinstance(value, BaseException):
            self.error = value
        if not alive(self._parent):
            return
        if outcome == "done":
            self.fraction = 1.0
            self.finished.emit(value)
        elif outcome == "cancelled":
            self.cancelled.emit()
        else:
            self.failed.emit(plain_message(value, self.title.lower()))
        self.ended.emit()


class JobRunner(QObject):
    """Starts jobs on its own threads and keeps their handles until they end."""

    jobs_changed = Signal()
    changes = Signal(object)  # app.db.changes.Changes a job committed (a sync round's apply)

    def __init__(self, ctx: AppContext, parent: QObject | None = None, *, threads: int = JOB_THREADS) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._relay = main_thread_relay()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self.running: list[Job] = []

    def start(self, *, parent: QObject | None, title: str,
              work: Callable[[AppContext, JobControl], Any]) -> Job:
        job = Job(title, parent)
        ctx, relay = self.ctx, self._relay
        progress = relay.expect(lambda report: job._progressed(*report), repeat=True)
        control = job.control = JobControl(lambda fraction, text: relay.answer(progress, (fraction, text)))
        collected: list[Changes] = []

        def run() -> Any:  # on a job thread
            collector = change_log.ChangeCollector()
            try:
                with change_log.collect() as collector:
                    return work(ctx, control)
            finally:
                collected.append(collector.changes)

        def answered(done: Outcome) -> None:  # on the GUI thread
            relay.forget(progress)
            changed = collected[0] if collected else change_log.Changes()
            if done.error is not None:
                self._ended(job, "cancelled" if control.cancelled else "failed", done.error, changed)
            else:
                outcome = "cancelled" if control.cancelled and done.value is None else "done"
                self._ended(job, outcome, done.value, changed)

        self.running.append(job)
        self.jobs_changed.emit()
        run_in_pool(self._pool, run, answered)  # the job and its work are let go of on the GUI thread
        return job

    def _ended(self, job: Job, outcome: str, value: Any, changed: Changes) -> None:
        if job in self.running:
            self.running.remove(job)
        if changed and alive(self):
            self.changes.emit(changed)  # what the job wrote, even if it failed half way
        job._end(outcome, value)
        if alive(self):
            self.jobs_changed.emit()

    def cancel_all(self) -> None:
        for job in list(self.running):
            job.cancel()

    def wait(self, msecs: int = 30_000) -> bool:
        return self._pool.waitForDone(msecs)
