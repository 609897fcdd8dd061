"""Real speech for the caption tests: espeak-ng reads a known text, ffmpeg puts it under a video
with hard cuts (three colour shots), so word error, cue checks and snapping to cuts are all real."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from app.media.ffmpeg_tools import require_ffmpeg
from tests.captions.speech import SHOT_SECONDS, espeak, video_with_sound  # noqa: F401 - SHOT_SECONDS for tests

SPEECH_TEXT = (
    "The council will close the high street on Saturday morning while the water main is repaired. "
    "Buses will use the ring road instead. We expect the street to reopen by six in the evening. "
    "Thank you for your patience."
)
GERMAN_TEXT = "Der Stadtrat sperrt am Samstag die Hauptstraße, weil die Wasserleitung repariert wird. Vielen Dank."


@pytest.fixture(scope="session")
def caption_media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("caption-media")


@pytest.fixture(scope="session")
def speech_clip(caption_media: Path) -> Path:
    wav = espeak(SPEECH_TEXT, caption_media / "speech.wav")
    return video_with_sound(wav, caption_media / "statement.mp4", seconds=15)


@pytest.fixture(scope="session")
def german_clip(caption_media: Path) -> Path:
    wav = espeak(GERMAN_TEXT, caption_media / "german.wav", voice="de")
    return video_with_sound(wav, caption_media / "german.mp4", seconds=8, shots=2)


@pytest.fixture(scope="session")
def silence_clip(caption_media: Path) -> Path:
    out = caption_media / "silence.mp4"
    subprocess.run([require_ffmpeg(), "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
                    "-f", "lavfi", "-i", "color=c=black:s=320x240:r=25:d=4", "-f", "lavfi",
                    "-i", "anullsrc=r=44100:cl=mono", "-t", "4", "-c:v", "libx264", "-preset", "ultrafast",
                    "-c:a", "aac", str(out)], check=True, capture_output=True)
    return out


@pytest.fixture(scope="session")
def mute_clip(caption_media: Path) -> Path:
    return video_with_sound(None, caption_media / "mute.mp4", seconds=6, shots=2)


@pytest.fixture(scope="session")
def speech_result(speech_clip: Path):  # type: ignore[no-untyped-def]
    """One real tiny.en run on the statement, shared by the tests that read its result."""
    from app.captions.service import CaptionRequest, caption_video
    from app.subtitles.checks import load_profile

    return caption_video(CaptionRequest(speech_clip, load_profile("bbc")))
