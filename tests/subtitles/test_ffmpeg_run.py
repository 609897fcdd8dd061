"""The ffmpeg runner: progress, cancel, failures leave nothing behind, copyable command."""

from __future__ import annotations

import shlex
import threading
from pathlib import Path

import pytest

from app.errors import DutyDeskError
from app.media import ffmpeg_tools
from app.media.ffmpeg_run import (
    OUTPUT,
    CancelToken,
    FfmpegCancelled,
    FfmpegError,
    FfmpegJob,
    Progress,
    explain_failure,
    parse_progress,
)
from app.media.probe import probe
from app.subtitles.waveform import compute_waveform


def slow_job(out: Path) -> FfmpegJob:
    # 60 s of 640x480 at a slow preset: long enough to cancel midway
    args = ["-f", "lavfi", "-i", "testsrc=size=640x480:rate=25:duration=60", "-c:v", "libx264", "-preset", "slow", OUTPUT]
    return FfmpegJob(args, out, duration_s=60)


def test_progress_reports_fraction_and_finishes(tmp_path: Path) -> None:
    seen: list[Progress] = []
    args = ["-f", "lavfi", "-i", "testsrc=size=160x120:rate=25:duration=2", "-c:v", "libx264", "-preset", "ultrafast", OUTPUT]
    out = FfmpegJob(args, tmp_path / "p.mp4", duration_s=2).run(seen.append)
    assert out.is_file() and probe(out).duration_s == pytest.approx(2, abs=0.1)
    assert seen[-1].fraction == 1.0
    assert all(0 <= p.fraction <= 1 for p in seen)
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left


def test_cancel_kills_ffmpeg_and_removes_the_partial_file(tmp_path: Path) -> None:
    token = CancelToken()
    started = threading.Event()

    def on_progress(p: Progress) -> None:
        started.set()
        token.cancel()

    with pytest.raises(FfmpegCancelled):
        slow_job(tmp_path / "big.mp4").run(on_progress, token)
    assert started.is_set()
    assert list(tmp_path.iterdir()) == []


def test_corrupt_input_is_explained_and_nothing_is_written(tmp_path: Path, corrupt_video: Path) -> None:
    job = FfmpegJob(["-i", str(corrupt_video), "-c:v", "libx264", OUTPUT], tmp_path / "o.mp4")
    with pytest.raises(FfmpegError, match="damaged or not a video") as info:
        job.run()
    assert "Invalid data" in info.value.details
    assert not (tmp_path / "o.mp4").exists() and not list(tmp_path.glob(".*part*"))


def test_missing_ffmpeg_is_a_clear_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ffmpeg_tools.ENV_VAR, str(tmp_path / "no-ffmpeg-here"))
    with pytest.raises(DutyDeskError, match="ffmpeg was not found"):
        FfmpegJob(["-i", "x", OUTPUT], tmp_path / "o.mp4").run()


@pytest.mark.parametrize(
    ("log", "words"),
    [
        ("[out#0/mp4] Error writing trailer: No space left on device", "disk is full"),
        ("av_interleaved_write_frame(): No space left on device", "disk is full"),
        ("moov atom not found", "damaged"),
        ("out.mp4: Permission denied", "permission"),
    ],
)
def test_failures_are_put_in_plain_words(log: str, words: str) -> None:
    assert words in explain_failure(log, 1)


def test_progress_block_parsing() -> None:
    p = parse_progress({"out_time_us": "5000000", "speed": "2.0x", "progress": "continue"}, 10.0, 2.5)
    assert p.fraction == pytest.approx(0.5) and p.seconds_left == pytest.approx(2.5)
    assert "left" in p.describe()
    unknown = parse_progress({"out_time_us": "N/A", "progress": "continue"}, None, 1)
    assert unknown.fraction == 0 and unknown.seconds_left is None


def test_command_text_is_a_copyable_shell_line(tmp_path: Path) -> None:
    out = tmp_path / "it's: ü.mp4"
    job = FfmpegJob(["-i", "in put.mp4", OUTPUT], out, cwd=tmp_path)
    text = job.command_text()
    assert text.startswith("cd ")
    command = shlex.split(text.split(" && ", 1)[1])
    assert command[-1] == str(out) and "in put.mp4" in command


def test_waveform_follows_the_tone(clip: Path, silent_clip: Path) -> None:
    wave = compute_waveform(clip)
    assert wave.duration_ms == pytest.approx(3000, abs=100)
    assert len(wave.peaks) == pytest.approx(300, abs=10)
    assert wave.peaks[50:250].min() > 0.05  # the sine is there all along
    with pytest.raises(DutyDeskError, match="no sound track"):
        compute_waveform(silent_clip)


def test_probe_reads_size_duration_and_streams(clip: Path, corrupt_video: Path) -> None:
    info = probe(clip)
    assert (info.width, info.height) == (320, 240) and info.fps == 25
    assert info.has_audio and info.aspect == "landscape"
    with pytest.raises(DutyDeskError, match="damaged"):
        probe(corrupt_video)
