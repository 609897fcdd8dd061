"""Figures for automatic captions (issue 15, ``make bench``).

- ``rtf_tiny_en_60s``: seconds spent per second of video transcribing 60 s of speech with the
  built-in tiny.en (model already loaded; decode, cuts, recognition, cues). Goal <= 0.2.
- ``wer_real_speech_alsa``: word error rate on real recorded English speech available offline:
  the eight voice prompts of Debian's alsa-utils ("Front Left"...; only 16 words, so a coarse
  figure). Goal < 10 %. ``wer_espeak_60s``: on the 60 s of espeak-ng speech (synthesised, not real).
- ``bbc_pass_share``: share of machine-made cues with no BBC finding (spelling aside). Goal >= 95 %.
- ``align_start_error_ms_max`` / ``_mean``: script alignment, cue starts against the measured
  onsets of phrases placed at known times. Goal within 200 ms.
- ``peak_memory_mb``: peak resident memory of the process while transcribing. Goal < 1 GB.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.captions.align import script_to_cues  # noqa: E402
from app.captions.model_source import resolve  # noqa: E402
from app.captions.service import CaptionRequest, caption_video, recognise_words  # noqa: E402
from app.captions.transcribe import load_model  # noqa: E402
from app.captions.words import match_key  # noqa: E402
from app.media.ffmpeg_tools import require_ffmpeg  # noqa: E402
from app.subtitles.checks import check, load_profile  # noqa: E402
from tests.captions.speech import espeak, phrase_clip, video_with_sound  # noqa: E402

STATEMENT = (
    "Good evening. This is a statement from the city council about tonight's flooding. "
    "Heavy rain since lunchtime has caused the river to rise faster than expected. "
    "We have closed the bridge on Mill Lane and the car park beside the leisure centre. "
    "Residents in the lower town should move valuables upstairs and keep away from flood water. "
    "Sandbags are available at the depot on Station Road until ten o'clock tonight. "
    "The rest centre at the community hall is open for anyone who needs somewhere warm to stay. "
    "Please check on elderly neighbours and do not drive through flooded roads. "
    "Bus services in the lower town are suspended until further notice. "
    "We will post the next update at nine o'clock tomorrow morning. Thank you."
)
ALSA_PROMPTS = ("Front_Center", "Front_Left", "Front_Right", "Rear_Center", "Rear_Left", "Rear_Right",
                "Side_Left", "Side_Right")
ALSA_DIR = Path("/usr/share/sounds/alsa")
SPELLINGS = {"centre": "center"}


def _norm(text: str) -> str:
    keys = (match_key(w) for w in text.replace("-", " ").split())
    return " ".join(SPELLINGS.get(k, k) for k in keys if k)


def _wer(reference: str, heard: str) -> float:
    import jiwer

    return float(jiwer.wer(_norm(reference), _norm(heard)))


def _alsa_clip(folder: Path) -> tuple[Path, str] | None:
    files = [ALSA_DIR / f"{name}.wav" for name in ALSA_PROMPTS]
    if not all(f.is_file() for f in files):
        return None
    args = [require_ffmpeg(), "-hide_banner", "-loglevel", "error", "-nostdin", "-y"]
    graph = []
    for k, f in enumerate(files):
        args += ["-i", str(f)]
        graph.append(f"[{k}:a]aresample=16000,aformat=channel_layouts=mono,apad=pad_dur=0.8[a{k}]")
    graph.append("".join(f"[a{k}]" for k in range(len(files))) + f"concat=n={len(files)}:v=0:a=1[out]")
    out = folder / "alsa.wav"
    subprocess.run([*args, "-filter_complex", ";".join(graph), "-map", "[out]", str(out)], check=True, capture_output=True)
    return out, " ".join(n.replace("_", " ") for n in ALSA_PROMPTS)


def run() -> dict[str, float | str]:
    figures: dict[str, float | str] = {}
    bbc = load_profile("bbc")
    with tempfile.TemporaryDirectory(prefix="bench-captions-") as tmp:
        folder = Path(tmp)
        wav = espeak(STATEMENT, folder / "statement.wav", speed=155)
        clip = video_with_sound(wav, folder / "statement.mp4", seconds=60, shots=12)
        load_model(resolve(None))  # warm: the window keeps the model loaded between runs
        started = time.monotonic()
        result = caption_video(CaptionRequest(clip, bbc))
        elapsed = time.monotonic() - started
        figures["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        figures["rtf_tiny_en_60s"] = round(elapsed / result.transcript.duration_s, 3)
        figures["transcribe_60s_s"] = round(elapsed, 2)
        figures["wer_espeak_60s"] = round(_wer(STATEMENT, " ".join(w.text for w in result.words)), 3)
        failing = {f.cue for f in check(result.cues, bbc, spell=False)}
        figures["bbc_pass_share"] = round(1 - len(failing) / max(1, len(result.cues)), 3)
        figures["cues_60s"] = len(result.cues)

        alsa = _alsa_clip(folder)
        if alsa is not None:
            audio_clip = video_with_sound(alsa[0], folder / "alsa.mp4", seconds=20, shots=1)
            words, _ = recognise_words(audio_clip)
            figures["wer_real_speech_alsa"] = round(_wer(alsa[1], " ".join(w.text for w in words)), 3)
        else:
            figures["wer_real_speech_alsa"] = "alsa-utils not installed"

        phrases = [
            "Police were called to Station Road at six this morning.",
            "A man has been arrested on suspicion of theft.",
            "Anyone with information should call us on one zero one.",
            "The road has now reopened.",
        ]
        at_s = [0.6, 5.4, 10.1, 15.3]
        aligned_clip, onsets = phrase_clip(phrases, at_s, folder, seconds=19.0, name="align")
        heard, duration_ms = recognise_words(aligned_clip)
        cues = script_to_cues(" ".join(phrases), heard, bbc, duration_ms=duration_ms)
        starts = {c.text.split()[0]: c.start_ms for c in cues}
        errors = [abs(starts.get(p.split()[0], 10**6) - onset * 1000) for p, onset in zip(phrases, onsets, strict=True)]
        figures["align_start_error_ms_max"] = round(max(errors), 1)
        figures["align_start_error_ms_mean"] = round(sum(errors) / len(errors), 1)
    figures["cores"] = os.cpu_count() or 0
    return figures


if __name__ == "__main__":
    print(run())
