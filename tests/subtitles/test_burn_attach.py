"""Burned captions really are in the picture; soft tracks really are in the file."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from app.errors import ValidationError
from app.media.probe import probe
from app.subtitles import output
from app.subtitles.cues import Cue
from app.subtitles.styles import load_style, safe_box

LOSSLESS = output.EncodeSettings(x264_preset="ultrafast", crf=0)
CUES = [Cue(500, 1500, "Police are at the scene"), Cue(2000, 2600, "Please avoid the area")]


def frame(video: Path, ms: int) -> Image.Image:
    return Image.open(io.BytesIO(output.frame_png(video, ms))).convert("RGB")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def burned(clip: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out") / "captioned: “final” ü.mp4"
    before = digest(clip)
    result = output.burn(clip, CUES, load_style("landscape"), out, settings=LOSSLESS)
    assert result == out.absolute() and out.is_file()
    assert digest(clip) == before  # the original is never modified
    return out


def test_burned_frames_differ_inside_cues_and_match_outside(clip: Path, burned: Path) -> None:
    for ms in (1000, 2300):  # on screen
        diff = ImageChops.difference(frame(clip, ms), frame(burned, ms))
        assert diff.getbbox() is not None, f"no caption at {ms} ms"
    for ms in (200, 1800, 2900):  # between and after cues
        diff = ImageChops.difference(frame(clip, ms), frame(burned, ms))
        assert diff.getbbox() is None, f"picture changed at {ms} ms without a cue"


def test_caption_sits_inside_the_title_safe_area(clip: Path, burned: Path) -> None:
    info = probe(burned)
    left, top, right, bottom = safe_box(info.width, info.height)
    box = ImageChops.difference(frame(clip, 1000), frame(burned, 1000)).getbbox()
    assert box is not None
    x0, y0, x1, y1 = box
    assert left <= x0 and x1 <= right and y1 <= bottom
    assert y0 > info.height / 2  # bottom position
    # a readable size: the caption is more than a sliver of the picture
    assert (y1 - y0) >= info.height * 0.04


def test_output_is_platform_friendly_h264_aac(burned: Path) -> None:
    info = probe(burned)
    assert [s.codec for s in info.streams] == ["h264", "aac"]
    assert info.duration_s == pytest.approx(3.0, abs=0.15)


@pytest.mark.parametrize(("suffix", "codec"), [(".mp4", "mov_text"), (".webm", "webvtt")])
def test_attach_soft_track_that_ffmpeg_lists_back(clip: Path, tmp_path: Path, suffix: str, codec: str) -> None:
    out = tmp_path / f"with subs 'soft'{suffix}"
    output.attach(clip, CUES, out)
    subs = probe(out).streams_of("subtitle")
    assert [s.codec for s in subs] == [codec]
    assert subs[0].language == "eng"
    assert probe(out).has_audio


def test_burn_refuses_to_overwrite_the_original(clip: Path) -> None:
    with pytest.raises(ValidationError, match="original"):
        output.burn(clip, CUES, load_style("landscape"), clip)


def test_empty_cue_list_and_bad_input(clip: Path, corrupt_video: Path, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="no cues"):
        output.burn(clip, [], load_style("landscape"), tmp_path / "o.mp4")
    with pytest.raises(ValidationError, match="damaged or not a video"):
        output.burn(corrupt_video, CUES, load_style("landscape"), tmp_path / "o.mp4")
    text = tmp_path / "notes.mp4"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(ValidationError):
        output.attach(text, CUES, tmp_path / "o2.mp4")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.mp4", "notes.mp4"]


def test_silent_video_burns_with_a_note(silent_clip: Path, tmp_path: Path) -> None:
    plans = []
    out = output.burn(silent_clip, [Cue(200, 1500, "No sound here")], load_style("auto"), tmp_path / "s.mp4",
                      settings=LOSSLESS, on_plan=plans.append)
    assert not probe(out).has_audio
    assert "no sound track" in plans[0].notes[0]


def test_style_preview_frame_shows_the_caption(clip: Path) -> None:
    plain = frame(clip, 1000)
    styled = Image.open(io.BytesIO(output.frame_png(clip, 1000, cues=CUES, style=load_style("boxed")))).convert("RGB")
    assert ImageChops.difference(plain, styled).getbbox() is not None
    outside = Image.open(io.BytesIO(output.frame_png(clip, 1800, cues=CUES, style=load_style("boxed")))).convert("RGB")
    assert ImageChops.difference(frame(clip, 1800), outside).getbbox() is None


def test_audio_only_file_is_not_a_video(tmp_path: Path) -> None:
    import subprocess

    from app.media.ffmpeg_tools import require_ffmpeg

    audio = tmp_path / "voice note.m4a"
    subprocess.run([require_ffmpeg(), "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                    "sine=duration=1", "-c:a", "aac", str(audio)], check=True)
    with pytest.raises(ValidationError, match="not a video"):
        output.burn(audio, CUES, load_style("landscape"), tmp_path / "o.mp4")
    assert not (tmp_path / "o.mp4").exists()
