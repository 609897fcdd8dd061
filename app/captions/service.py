"""Automatic captions for one video: the steps in order, shared by the CLI, the window and the bench.

decode sound -> refuse silence -> find cuts -> choose and check the model -> recognise words
(streaming) -> team glossary corrections -> cues that pass the profile, snapped to cuts.
Nothing is written here: callers save the cues (atomically) or put them in an editor.
"""

from __future__ import annotations

import time
from concurrent.futures import Future, ThreadPoolExecutor
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.captions.audio import Audio, load_audio, require_sound
from app.captions.glossary import Glossary
from app.captions.model_source import ModelChoice, resolve
from app.captions.shots import detect_shots
from app.captions.stream import CueStream
from app.captions.transcribe import Transcript, transcribe
from app.captions.words import Word
from app.media.ffmpeg_run import CancelToken
from app.media.probe import probe
from app.subtitles.checks import Profile
from app.subtitles.cues import Cue

CuesCallback = Callable[[list[Cue], float, float], None]  # new cues, audio position (s), duration (s)


@dataclass
class CaptionResult:
    cues: list[Cue]
    words: list[Word]
    transcript: Transcript
    shots_ms: list[int] = field(default_factory=list)
    elapsed_s: float = 0.0

    @property
    def low_confidence_words(self) -> list[Word]:
        return [w for w in self.words if w.unsure]

    def as_json(self) -> dict[str, Any]:
        return {
            "cues": [c.as_json() for c in self.cues],
            "words": [w.as_json() for w in self.words],
            "duration_s": round(self.transcript.duration_s, 3),
            "speech_s": round(self.transcript.speech_s, 3),
            "elapsed_s": round(self.elapsed_s, 3),
            "real_time_factor": round(self.elapsed_s / self.transcript.duration_s, 3) if self.transcript.duration_s else None,
            "model": self.transcript.model,
            "low_confidence_words": [w.as_json() for w in self.low_confidence_words],
            "shots_ms": self.shots_ms,
        }


@dataclass
class CaptionRequest:
    video: Path
    profile: Profile
    model: str | None = None  # name or folder; None: Settings folder, else the built-in tiny.en
    settings_dir: str | None = None
    data_dir: Path | None = None
    glossary: Glossary = field(default_factory=Glossary)
    snap_to_cuts: bool = True
    start_s: float = 0.0  # resume after a cancel: recognise from here on
    previous: Cue | None = None  # the last cue already made, when resuming


def prepare_audio(video: Path) -> tuple[Audio, float | None, bool]:
    info = probe(video)
    audio = load_audio(video, info)
    require_sound(audio, video.name)
    return audio, info.fps or None, info.has_video


def choose_model(request: CaptionRequest, cancel: CancelToken | None = None,
                 on_download: Callable[[int, int], None] | None = None) -> ModelChoice:
    return resolve(request.model, settings_dir=request.settings_dir, data_dir=request.data_dir,
                   on_download=on_download, cancel=cancel)


def caption_video(
    request: CaptionRequest,
    *,
    on_cues: CuesCallback | None = None,
    cancel: CancelToken | None = None,
    on_download: Callable[[int, int], None] | None = None,
) -> CaptionResult:
    started = time.monotonic()
    video = Path(request.video)
    audio, fps, has_video = prepare_audio(video)
    choice = choose_model(request, cancel, on_download)
    duration_ms = int(audio.duration_s * 1000)
    # cuts are found while the model listens; cues wait for them so each is snapped before it is shown
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="shots")
    cuts: Future[list[int]] | None = pool.submit(detect_shots, video) if request.snap_to_cuts and has_video else None
    stream = CueStream(request.profile, duration_ms=duration_ms, fps=fps, anchor=request.previous, hold=cuts is not None)
    glossary = request.glossary

    def on_words(words: list[Word], position_s: float) -> None:
        if stream.hold and cuts is not None and cuts.done():
            stream.release(cuts.result())
        new = stream.feed(glossary.correct(words) if glossary.terms else words)
        if on_cues is not None:
            on_cues(new, position_s, audio.duration_s)

    try:
        transcript = transcribe(audio, choice, prompt=glossary.prompt(), hotwords=glossary.hotwords(),
                                on_words=on_words, cancel=cancel, start_s=request.start_s, name=video.name)
        if cuts is not None and stream.hold:
            stream.release(cuts.result())
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # a cancelled run does not wait for ffmpeg
    last = stream.finish()
    if on_cues is not None:
        on_cues(last, audio.duration_s, audio.duration_s)
    words = glossary.correct(transcript.words) if glossary.terms else transcript.words
    return CaptionResult(stream.cues, words, transcript, list(stream.shots_ms), time.monotonic() - started)


def recognise_words(video: Path, *, model: str | None = None, settings_dir: str | None = None,
                    data_dir: Path | None = None, cancel: CancelToken | None = None) -> tuple[list[Word], int]:
    """Just the timed words and the clip's length (ms), for aligning a known text."""
    audio, _, _ = prepare_audio(Path(video))
    choice = resolve(model, settings_dir=settings_dir, data_dir=data_dir, cancel=cancel)
    transcript = transcribe(audio, choice, cancel=cancel, name=Path(video).name)
    return transcript.words, int(audio.duration_s * 1000)

