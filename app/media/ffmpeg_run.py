"""Run one ffmpeg job as a subprocess: progress, time left, cancel, safe output.

Every job follows the same rules, whoever starts it (CLI, window, bench):

- an argument list, never a shell string; ``-progress pipe:1 -nostats`` is added so
  progress comes as ``key=value`` lines on stdout;
- the output is written to a temporary name beside the final file and renamed with
  ``os.replace`` only when ffmpeg succeeded, so a cancelled, failed or interrupted job
  never leaves a half-written file that looks complete;
- a failure becomes a plain message (ffmpeg missing, input unreadable, disk full...)
  with the tail of ffmpeg's own log kept for "details";
- the exact command can be copied as text to run it by hand when debugging.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.errors import DutyDeskError
from app.files import atomic
from app.media import process, shell_text

OUTPUT = "{output}"  # placeholder in the argument list for the (temporary) output path


class FfmpegError(DutyDeskError):
    """ffmpeg could not do the job; ``details`` holds the end of its log."""

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.details = details


class FfmpegCancelled(DutyDeskError):
    """The user cancelled; the partial output was removed."""

    exit_code = 130


@dataclass(frozen=True)
class Progress:
    fraction: float  # 0..1, or 0 when the duration is unknown
    done_s: float
    seconds_left: float | None
    speed: str = ""

    def describe(self) -> str:
        pct = f"{self.fraction * 100:5.1f}%"
        if self.seconds_left is None:
            return f"{pct}  {self.done_s:6.1f} s done"
        return f"{pct}  about {format_seconds(self.seconds_left)} left"


def format_seconds(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return f"{seconds} s"
    minutes, secs = divmod(seconds, 60)
    return f"{minutes} min {secs:02d} s"


class CancelToken:
    """Shared between the caller (any thread) and the running job."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


def command_text(args: Sequence[str], cwd: str | os.PathLike[str] | None = None, shell: str | None = None) -> str:
    """The command as text a person can paste into ``shell`` (default: this platform's)."""
    return shell_text.command_text(args, cwd, shell)


def partial_path(output: Path) -> Path:
    """Temporary name beside ``output`` that keeps the extension (ffmpeg picks the muxer by it)."""
    return atomic.temp_path_for(output, keep_suffix=True)


@dataclass
class FfmpegJob:
    """``args`` is the full list without the program; ``OUTPUT`` marks the output file."""

    args: list[str]
    output: Path
    duration_s: float | None = None
    cwd: Path | None = None
    ffmpeg: str | None = None
    log_tail: deque[str] = field(default_factory=lambda: deque(maxlen=40))

    def full_args(self, output: Path | None = None) -> list[str]:
        from app.media.ffmpeg_tools import require_ffmpeg

        exe = self.ffmpeg or require_ffmpeg()
        target = str(output or self.output)
        body = [target if a == OUTPUT else a for a in self.args]
        return [exe, "-hide_banner", "-nostdin", "-y", *body]

    def command_text(self, shell: str | None = None) -> str:
        """The exact command (with the real output name) for copying into ``shell``."""
        return command_text(self.full_args(), self.cwd, shell)

    def command_texts(self) -> dict[str, str]:
        """The command for each shell (cmd, powershell, posix)."""
        return shell_text.command_texts(self.full_args(), self.cwd)

    def run(
        self,
        on_progress: Callable[[Progress], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> Path:
        output = Path(self.output).resolve()
        if not output.parent.is_dir():
            raise FfmpegError(f"The folder {output.parent} does not exist.")
        tmp = partial_path(output)
        args = self.full_args(tmp)
        # progress switches go before the output file
        out_at = args.index(str(tmp))
        args[out_at:out_at] = ["-progress", "pipe:1", "-nostats"]
        try:
            proc = process.popen(
                args,
                background=True,
                cwd=self.cwd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                errors="replace",
            )
        except FileNotFoundError:
            raise FfmpegError(
                f"ffmpeg was not found at {args[0]}. Reinstall Duty Desk or set DUTYDESK_FFMPEG to its full path."
            ) from None
        except OSError as exc:
            raise FfmpegError(f"ffmpeg could not start: {exc}") from exc

        stderr_reader = threading.Thread(target=self._read_stderr, args=(proc,), daemon=True)
        stderr_reader.start()
        watcher = None
        if cancel is not None:
            watcher = threading.Thread(target=self._watch_cancel, args=(proc, cancel), daemon=True)
            watcher.start()
        started = time.monotonic()
        try:
            self._read_progress(proc, started, on_progress)
            code = proc.wait()
        except BaseException:
            _kill(proc)
            _remove(tmp)
            raise
        finally:
            stderr_reader.join(timeout=5)
        if cancel is not None and cancel.cancelled:
            _remove(tmp)
            raise FfmpegCancelled("Cancelled. The unfinished file was removed; the original video is unchanged.")
        if code != 0:
            _remove(tmp)
            raise FfmpegError(explain_failure(self.log_text(), code), self.log_text())
        if not tmp.exists() or tmp.stat().st_size == 0:
            _remove(tmp)
            raise FfmpegError("ffmpeg finished but wrote no output.", self.log_text())
        atomic.commit(tmp, output)  # a target open in a player: plain message, no .part left
        if on_progress is not None:
            on_progress(Progress(1.0, self.duration_s or 0.0, 0.0))
        return output

    def log_text(self) -> str:
        return "\n".join(self.log_tail)

    # -- internals -------------------------------------------------------------------

    def _read_stderr(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            line = line.rstrip()
            if line:
                self.log_tail.append(line)

    def _watch_cancel(self, proc: subprocess.Popen[str], cancel: CancelToken) -> None:
        while proc.poll() is None:
            if cancel.cancelled:
                _kill(proc)
                return
            time.sleep(0.05)

    def _read_progress(
        self, proc: subprocess.Popen[str], started: float, on_progress: Callable[[Progress], None] | None
    ) -> None:
        assert proc.stdout is not None
        block: dict[str, str] = {}
        for line in proc.stdout:
            key, _, value = line.strip().partition("=")
            if not key:
                continue
            block[key] = value
            if key != "progress":
                continue
            if on_progress is not None:
                on_progress(parse_progress(block, self.duration_s, time.monotonic() - started))
            block = {}


def parse_progress(block: dict[str, str], duration_s: float | None, elapsed_s: float) -> Progress:
    """One ``-progress`` block (ends with ``progress=continue|end``) to a fraction and time left."""
    done_us = 0
    for key in ("out_time_us", "out_time_ms"):  # both are microseconds in ffmpeg
        try:
            done_us = max(done_us, int(block.get(key, "0")))
        except ValueError:
            pass
    done_s = max(0.0, done_us / 1_000_000)
    speed = block.get("speed", "").strip()
    if not duration_s:
        return Progress(0.0, done_s, None, speed)
    fraction = min(1.0, done_s / duration_s)
    left = None
    if fraction > 0.01 and elapsed_s > 0:
        left = elapsed_s * (1 - fraction) / fraction
    # "progress=end" also comes when ffmpeg fails: 100% is reported by run() after the rename
    return Progress(fraction, done_s, left, speed)


def explain_failure(log: str, code: int) -> str:
    """Turn ffmpeg's log into something an officer can act on."""
    low = log.lower()
    if "no space left on device" in low or "enospc" in low:
        return "The disk is full: the video could not be written. Free some space and try again; nothing was kept."
    if "permission denied" in low:
        return "ffmpeg was not allowed to read or write a file (permission denied). Choose another folder."
    if "invalid data found when processing input" in low or "moov atom not found" in low:
        return "The video could not be read: it is damaged or not a video file."
    if "does not contain any stream" in low or "matches no streams" in low:
        return "The video has no usable picture stream."
    if "error opening input" in low or "no such file or directory" in low:
        return "ffmpeg could not open an input file (missing or unreadable)."
    if "could not write header" in low or "incompatible" in low:
        return "The streams of this video cannot go into that output format. Try an MP4 output."
    last = log.strip().splitlines()[-1] if log.strip() else f"exit code {code}"
    return f"ffmpeg failed: {last}"


def _kill(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.kill()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def run_capture(args: Sequence[str], *, timeout: float = 120, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """A short ffmpeg call whose output we read (probe, still frame, audio samples)."""
    from app.media.ffmpeg_tools import require_ffmpeg

    exe = require_ffmpeg()
    try:
        return process.run(
            [exe, "-hide_banner", "-nostdin", *args],
            capture_output=True,
            timeout=timeout,
            cwd=cwd,
            check=False,
        )
    except FileNotFoundError:
        raise FfmpegError(f"ffmpeg was not found at {exe}.") from None
    except subprocess.TimeoutExpired:
        raise FfmpegError(f"ffmpeg took longer than {timeout:.0f} s and was stopped.") from None


def scratch_dir(prefix: str = "dutydesk-") -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix=prefix)
