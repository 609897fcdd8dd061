"""Jobs: long work with progress and cancel on threads of their own."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject

from app.shiftlog import service as shiftlog


def test_a_job_reports_progress_and_its_result(qtbot, shell, gate) -> None:
    parent, progress = QObject(), []

    def work(ctx, control):
        control.progress(0.5, "half way")
        gate.wait(10)
        control.progress(1.0, "done")
        return threading.current_thread() is not threading.main_thread()

    job = shell.jobs.start(parent=parent, title="Burning subtitles", work=work)
    job.progressed.connect(lambda f, t: progress.append((f, t)))
    qtbot.waitUntil(lambda: (0.5, "half way") in progress)
    assert job.running and shell.jobs.running == [job]
    with qtbot.waitSignal(job.finished) as finished:
        gate.set()
    assert finished.args == [True]
    assert not job.running and shell.jobs.running == []
    assert progress[-1] == (1.0, "done")


def test_cancel_stops_the_job_and_says_so(qtbot, shell) -> None:
    parent, started = QObject(), threading.Event()

    def work(ctx, control):
        started.set()
        while not control.cancelled:
            control._event.wait(0.01)
        raise RuntimeError("stopped half way")

    job = shell.jobs.start(parent=parent, title="Fill the rota", work=work)
    qtbot.waitUntil(started.is_set)
    failed = []
    job.failed.connect(failed.append)
    with qtbot.waitSignal(job.cancelled):
        job.cancel()
    assert failed == [] and not job.running


def test_quick_ops_never_queue_behind_long_jobs(qtbot, shell, gate) -> None:
    """Every job thread busy (a burn, a sync and the solver): a log entry still saves."""
    parent, running = QObject(), []
    lock = threading.Lock()

    def long_work(ctx, control):
        with lock:
            running.append(1)
        gate.wait(30)

    jobs = [shell.jobs.start(parent=parent, title=f"job {n}", work=long_work) for n in range(6)]
    qtbot.waitUntil(lambda: len(running) == 3)  # the job pool is full, three more wait
    saved = []
    shell.ops.write(parent=parent, op=lambda ctx: shiftlog.add_entry(ctx, "Enter pressed")).success(saved.append).run()
    qtbot.waitUntil(lambda: bool(saved))
    assert saved[0].text == "Enter pressed" and all(job.running for job in jobs)
    gate.set()
    qtbot.waitUntil(lambda: not shell.jobs.running)


def test_a_failed_job_says_why_in_one_line(qtbot, shell) -> None:
    from app.errors import ValidationError

    def work(ctx, control):
        raise ValidationError("The video has no audio track.")

    job = shell.jobs.start(parent=QObject(), title="Transcribe", work=work)
    with qtbot.waitSignal(job.failed) as failed:
        pass
    assert failed.args == ["The video has no audio track."]
