"""Known speech for tests and the bench: espeak-ng reads a text, ffmpeg lays it under colour shots.

Also clips of phrases placed at known times, whose spoken onsets are measured from the samples,
to check how close aligned cue starts come to where the words are really spoken.
"""

from __future__ import annotations

import shutil
import subprocess
import wave
from pathlib import Path

import numpy as np

from app.media.ffmpeg_tools import require_ffmpeg

SHOT_SECONDS = 5  # a cut every five seconds


class SpeechToolMissing(RuntimeError):
    pass


def espeak(text: str, path: Path, voice: str = "en-us", speed: int = 150) -> Path:
    exe = shutil.which("espeak-ng")
    if exe is None:
        raise SpeechToolMissing("espeak-ng is not installed (it is in the Makefile's SYSTEM_PACKAGES)")
    subprocess.run([exe, "-v", voice, "-s", str(speed), "-w", str(path), text], check=True, capture_output=True)
    return path


def video_with_sound(wav: Path | None, out: Path, seconds: float, shots: int = 3) -> Path:
    """Colour shots (red, blue, green...) cut hard every SHOT_SECONDS, under the given sound."""
    palette = ["red", "blue", "green", "yellow", "white"]
    colours = [palette[k % len(palette)] for k in range(shots)]
    args = [require_ffmpeg(), "-hide_banner", "-loglevel", "error", "-nostdin", "-y"]
    for colour in colours:
        args += ["-f", "lavfi", "-i", f"color=c={colour}:s=320x240:r=25:d={SHOT_SECONDS}"]
    graph = "".join(f"[{i}:v]" for i in range(len(colours))) + f"concat=n={len(colours)}:v=1:a=0[v]"
    if wav is not None:
        args += ["-i", str(wav)]
        graph += f";[{len(colours)}:a]apad[a]"
    args += ["-filter_complex", graph, "-map", "[v]"]
    if wav is not None:
        args += ["-map", "[a]", "-c:a", "aac", "-b:a", "96k"]
    args += ["-t", str(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(out)]
    subprocess.run(args, check=True, capture_output=True)
    return out



def onset_s(wav: Path, threshold_dbfs: float = -40.0) -> float:
    """When the voice starts in a WAV file (first sample above the threshold)."""
    with wave.open(str(wav)) as fh:
        rate = fh.getframerate()
        samples = np.frombuffer(fh.readframes(fh.getnframes()), dtype="<i2").astype(np.float32) / 32768
    loud = np.nonzero(np.abs(samples) > 10 ** (threshold_dbfs / 20))[0]
    return float(loud[0]) / rate if len(loud) else 0.0


def phrase_clip(phrases: list[str], at_s: list[float], folder: Path, seconds: float, name: str = "phrases") -> tuple[Path, list[float]]:
    """A video whose sound has each phrase starting at its time; returns the clip and the voice onsets."""
    args = [require_ffmpeg(), "-hide_banner", "-loglevel", "error", "-nostdin", "-y"]
    onsets, labels, graph = [], [], []
    for k, (text, at) in enumerate(zip(phrases, at_s, strict=True)):
        wav = espeak(text, folder / f"{name}-{k}.wav")
        onsets.append(at + onset_s(wav))
        args += ["-i", str(wav)]
        graph.append(f"[{k}:a]adelay={int(at * 1000)}:all=1[d{k}]")
        labels.append(f"[d{k}]")
    graph.append("".join(labels) + f"amix=inputs={len(phrases)}:normalize=0,apad[a]")
    wav_out = folder / f"{name}.wav"
    subprocess.run([*args, "-filter_complex", ";".join(graph), "-map", "[a]", "-t", str(seconds), str(wav_out)],
                   check=True, capture_output=True)
    return video_with_sound(wav_out, folder / f"{name}.mp4", seconds, shots=max(1, int(seconds // SHOT_SECONDS))), onsets
