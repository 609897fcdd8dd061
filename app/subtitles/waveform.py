"""The sound of a video as peaks for the waveform strip, decoded by ffmpeg.

ffmpeg decodes the first audio track to mono 16-bit samples at a low rate straight into
a pipe; numpy folds them into one peak per bucket (100 a second by default). A
10-minute clip is about 10 MB of samples and decodes in well under the 3-second goal.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.errors import ValidationError
from app.media.ffmpeg_run import FfmpegError, run_capture
from app.media.probe import MediaInfo, probe

SAMPLE_RATE = 8000


@dataclass(frozen=True)
class Waveform:
    peaks: np.ndarray  # float32 0..1, one per bucket
    buckets_per_second: int
    duration_ms: int

    def peak_at(self, ms: int) -> float:
        i = int(ms * self.buckets_per_second / 1000)
        return float(self.peaks[i]) if 0 <= i < len(self.peaks) else 0.0


def compute_waveform(path: str | Path, buckets_per_second: int = 100, info: MediaInfo | None = None) -> Waveform:
    path = Path(path)
    info = info or probe(path)
    if not info.has_audio:
        raise ValidationError(f"{path.name} has no sound track, so there is no waveform to show.")
    args = ["-i", str(path.absolute()), "-map", "0:a:0", "-vn", "-sn", "-ac", "1", "-ar", str(SAMPLE_RATE),
            "-f", "s16le", "-acodec", "pcm_s16le", "pipe:1"]
    result = run_capture(args, timeout=300)
    if result.returncode != 0:
        tail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise FfmpegError(f"Could not read the sound of {path.name}: {tail[0]}")
    samples = np.frombuffer(result.stdout[: len(result.stdout) // 2 * 2], dtype="<i2")
    per_bucket = max(1, SAMPLE_RATE // buckets_per_second)
    count = len(samples) // per_bucket
    if count == 0:
        return Waveform(np.zeros(0, dtype=np.float32), buckets_per_second, 0)
    blocks = np.abs(samples[: count * per_bucket].astype(np.int32)).reshape(count, per_bucket)
    peaks = (blocks.max(axis=1) / 32768.0).astype(np.float32)
    duration_ms = int(len(samples) * 1000 / SAMPLE_RATE)
    return Waveform(peaks, buckets_per_second, duration_ms)
