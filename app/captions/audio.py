"""The sound of a video as 16 kHz mono samples for the speech model, decoded by the bundled ffmpeg.

One ffmpeg call with an argument list writes 32-bit float samples to a pipe; no temporary
file, nothing written beside the video. A clip with no sound track or nothing but silence
gets a plain message here, before the model is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.errors import ValidationError
from app.media.ffmpeg_run import FfmpegError, run_capture
from app.media.probe import MediaInfo, probe

SAMPLE_RATE = 16000
SILENCE_DBFS = -50.0  # quieter than this throughout is silence


@dataclass(frozen=True)
class Audio:
    samples: np.ndarray  # float32, mono, 16 kHz
    info: MediaInfo

    @property
    def duration_s(self) -> float:
        return len(self.samples) / SAMPLE_RATE

    def peak_dbfs(self) -> float:
        if len(self.samples) == 0:
            return -120.0
        peak = float(np.max(np.abs(self.samples)))
        return 20 * np.log10(peak) if peak > 0 else -120.0


def load_audio(path: str | Path, info: MediaInfo | None = None) -> Audio:
    path = Path(path)
    info = info or probe(path)
    if not info.has_audio:
        raise ValidationError(f"{path.name} has no sound track, so there is no speech to transcribe.")
    args = ["-i", str(path.absolute()), "-map", "0:a:0", "-vn", "-sn", "-dn", "-ac", "1", "-ar", str(SAMPLE_RATE),
            "-f", "f32le", "-acodec", "pcm_f32le", "pipe:1"]
    result = run_capture(args, timeout=1800)
    if result.returncode != 0:
        tail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise FfmpegError(f"Could not read the sound of {path.name}: {tail[0]}")
    samples = np.frombuffer(result.stdout[: len(result.stdout) // 4 * 4], dtype="<f4").copy()
    return Audio(samples, info)


def require_sound(audio: Audio, name: str) -> None:
    if audio.duration_s < 0.2:
        raise ValidationError(f"{name} has no sound long enough to transcribe.")
    if audio.peak_dbfs() < SILENCE_DBFS:
        raise ValidationError(f"{name} is silent (its loudest moment is {audio.peak_dbfs():.0f} dBFS): "
                              "there is no speech to transcribe.")
