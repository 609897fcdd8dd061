"""Speech to timed words with faster-whisper (CTranslate2, int8 on the CPU), offline.

The bundled voice-activity filter (Silero VAD) skips silence and music, so the model only
listens where someone speaks; word timestamps are on. Segments arrive one by one: each is
handed to ``on_words`` with the audio position reached, so the window can stream cues
and show time left, and the cancel token is checked between segments.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from app.captions.audio import SAMPLE_RATE, Audio
from app.captions.model_source import Cancelled, ModelChoice, ModelError
from app.captions.words import Word
from app.errors import ValidationError
from app.media.ffmpeg_run import CancelToken

NOT_ENGLISH_LOGPROB = -1.0  # an English-only model guessing at another language scores below this
# a segment the model garbles (repeats, no confidence) is decoded again, warmer: three tries, not
# faster-whisper's six, so speech it cannot make sense of (another language) fails in seconds
FALLBACK_TEMPERATURES = (0.0, 0.4, 0.8)
EARLY_VERDICT_S = 4.0  # seconds of speech after which that verdict is trusted
WordsCallback = Callable[[list[Word], float], None]  # new words, audio position reached (seconds)

_models: dict[str, object] = {}
_models_lock = threading.Lock()


@dataclass
class Transcript:
    words: list[Word]
    duration_s: float
    speech_s: float
    elapsed_s: float
    model: str
    language: str = "en"
    notes: list[str] = field(default_factory=list)


def load_model(choice: ModelChoice) -> object:
    """One loaded model per folder for the life of the process (loading takes about a second)."""
    from faster_whisper import WhisperModel

    key = str(choice.path)
    with _models_lock:
        if key not in _models:
            try:
                _models[key] = WhisperModel(key, device="cpu", compute_type="int8",
                                            cpu_threads=max(1, min(4, os.cpu_count() or 1)))
            except Exception as exc:  # noqa: BLE001 - CTranslate2 raises RuntimeError/ValueError on junk
                raise ModelError(f"The speech model in {choice.path} could not be loaded: it is damaged or "
                                 f"not a CTranslate2 Whisper model ({str(exc).splitlines()[0][:120]}).") from None
        return _models[key]


def transcribe(
    audio: Audio,
    choice: ModelChoice,
    *,
    prompt: str | None = None,
    hotwords: Sequence[str] = (),
    on_words: WordsCallback | None = None,
    cancel: CancelToken | None = None,
    start_s: float = 0.0,
    name: str = "the clip",
) -> Transcript:
    """Timed words for ``audio`` (from ``start_s``, to resume after a cancel)."""
    started = time.monotonic()
    model = load_model(choice)
    samples = audio.samples[int(start_s * SAMPLE_RATE):]
    if not choice.english_only:
        _require_english_multilingual(model, samples, name)
    segments, info = model.transcribe(  # type: ignore[attr-defined]
        samples,
        language="en",
        vad_filter=True,
        word_timestamps=True,
        beam_size=1,
        initial_prompt=prompt or None,
        hotwords=", ".join(hotwords) or None,
        condition_on_previous_text=False,
        temperature=FALLBACK_TEMPERATURES,
    )
    offset_ms = int(start_s * 1000)
    words: list[Word] = []
    logprob_weight = logprob_sum = 0.0
    for segment in segments:
        if cancel is not None and cancel.cancelled:
            raise Cancelled("Transcription cancelled.")
        new = [Word(offset_ms + int(round(w.start * 1000)), offset_ms + int(round(w.end * 1000)),
                    w.word.strip(), float(w.probability)) for w in (segment.words or []) if w.word.strip()]
        new = [w if w.end_ms > w.start_ms else Word(w.start_ms, w.start_ms + 20, w.text, w.probability) for w in new]
        new = refine_onsets(new, audio.samples, words[-1].end_ms if words else 0)
        span = max(0.01, segment.end - segment.start)
        logprob_weight += span
        logprob_sum += segment.avg_logprob * span
        if choice.english_only and logprob_weight >= EARLY_VERDICT_S and logprob_sum / logprob_weight < NOT_ENGLISH_LOGPROB:
            raise ValidationError(_not_english(name))  # say so early, before cues of gibberish are shown
        words.extend(new)
        if on_words is not None and new:
            on_words(new, start_s + segment.end)
    if cancel is not None and cancel.cancelled:
        raise Cancelled("Transcription cancelled.")
    if not words:
        raise ValidationError(f"No speech was found in {name}: the voice filter heard only silence, music or noise.")
    if choice.english_only and logprob_weight and logprob_sum / logprob_weight < NOT_ENGLISH_LOGPROB:
        raise ValidationError(_not_english(name))
    return Transcript(words, audio.duration_s, float(info.duration_after_vad or 0.0),
                      time.monotonic() - started, choice.name)


def refine_onsets(words: list[Word], samples: np.ndarray, previous_end_ms: int, *, pause_ms: int = 150) -> list[Word]:
    """Move the first word after a pause onto the moment the voice starts.

    Whisper puts such a word at the start of the voice filter's chunk, often a few hundred
    ms early; a cue shown before anyone speaks looks wrong, so the start moves to the first
    10 ms frame whose level rises above a twentieth of the clip's loudest frame.
    """
    if not words or len(samples) == 0:
        return words
    frame = SAMPLE_RATE // 100
    loud = float(np.max(np.abs(samples))) or 1.0
    out = []
    before = previous_end_ms
    for word in words:
        if word.start_ms - before >= pause_ms or before == 0:
            lo = word.start_ms * SAMPLE_RATE // 1000
            hi = min(len(samples), max(lo + frame, (word.end_ms - 60) * SAMPLE_RATE // 1000))
            chunk = samples[lo:hi]
            count = len(chunk) // frame
            if count:
                levels = np.sqrt(np.mean(chunk[: count * frame].reshape(count, frame) ** 2, axis=1))
                voiced = np.nonzero(levels > loud * 0.05)[0]
                if len(voiced):
                    start = word.start_ms + int(voiced[0]) * 10
                    word = Word(start, max(word.end_ms, start + 20), word.text, word.probability)
        out.append(word)
        before = word.end_ms
    return out


def _not_english(name: str) -> str:
    return (f"{name} does not sound like English (the English model could not make sense of it). "
            "Automatic captions work for English speech only.")


def _require_english_multilingual(model: object, samples: object, name: str) -> None:
    language, probability, _ = model.detect_language(samples, vad_filter=True)  # type: ignore[attr-defined]
    if language != "en" and probability > 0.5:
        raise ValidationError(f"{name} sounds like another language ({language}), not English. "
                              "Automatic captions work for English speech only.")
