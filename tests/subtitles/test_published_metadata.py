"""Published videos carry no location, device or comment metadata (checked with exiftool).

Clips are made with GPS everywhere phones put it: QuickTime ``location`` and
``location-eng`` keys, ``com.apple.quicktime.location.ISO6709``, the ``©xyz``/``loci``
user data, a comment, make and model, per-stream comments; written both as mdta keys
(``-movflags use_metadata_tags``) and as classic user data. The outputs of ``subtitles
burn`` and ``subtitles attach`` are read back by an independent reader, exiftool: none
of it survives, while rotation and each track's language do.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from app.media.ffmpeg_tools import require_ffmpeg
from tests.subtitles.conftest import make_clip

LAT, LON = "+51.5074", "-000.1278"
SECRETS = ("51.50", "51 deg", "0 deg 7", "Downing", "iPhone", "Apple", "0.1278", "0.12779")
PLACE_KEYS = ("gps", "location", "comment", "make", "model", "xyz", "author", "artist")
METADATA = [
    "-metadata", f"location={LAT}{LON}/",
    "-metadata", f"location-eng={LAT}{LON}/",
    "-metadata", f"com.apple.quicktime.location.ISO6709={LAT}{LON}+010.000/",
    "-metadata", "comment=Shot outside 10 Downing Street",
    "-metadata", "make=Apple", "-metadata", "model=iPhone 15 Pro",
    "-metadata", "com.apple.quicktime.make=Apple", "-metadata", "com.apple.quicktime.model=iPhone 15 Pro",
    "-metadata:s:v:0", "comment=GPS 51.5074 -0.1278", "-metadata:s:v:0", "language=eng",
    "-metadata:s:a:0", "language=fra",
]


def exiftool(path: Path) -> dict[str, object]:
    assert shutil.which("exiftool"), "exiftool is missing: install libimage-exiftool-perl (Makefile SYSTEM_PACKAGES)"
    done = subprocess.run(["exiftool", "-j", "-a", "-G1", "-ee", "-n", str(path)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)[0]


@pytest.fixture(scope="module", params=["mov-keys", "mov-userdata", "mp4"])
def phone_clip(request, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("phone")
    base = make_clip(folder / "base.mp4", seconds=2)
    suffix = ".mp4" if request.param == "mp4" else ".mov"
    out = folder / f"phone-{request.param}{suffix}"
    flags = ["-movflags", "use_metadata_tags"] if request.param == "mov-keys" else []
    subprocess.run([require_ffmpeg(), "-hide_banner", "-loglevel", "error", "-y", "-display_rotation", "90",
                    "-i", str(base), "-map", "0", "-c", "copy", *METADATA, *flags, str(out)],
                   check=True, capture_output=True)
    tags = exiftool(out)
    assert any("GPS" in key or "Location" in key for key in tags), tags  # the clip really carries it
    return out


def leaks(tags: dict[str, object]) -> list[str]:
    found = []
    for key, value in tags.items():
        if key.startswith(("System:", "SourceFile", "ExifTool:")):
            continue  # the file's own name and path, not its content
        name = key.split(":", 1)[-1].lower()
        if any(word in name for word in PLACE_KEYS) or any(s.lower() in str(value).lower() for s in SECRETS):
            found.append(f"{key}={value}")
    return found


def _languages(tags: dict[str, object]) -> dict[str, str]:
    return {k.split(":")[0]: str(v) for k, v in tags.items() if k.endswith(":MediaLanguageCode")}


@pytest.mark.parametrize("action", ["burn", "attach"])
def test_outputs_carry_no_location_device_or_comment(cli, phone_clip, srt_file, tmp_path, action):
    assert cli("setup", "--officer", "Ann").code == 0
    out = tmp_path / f"published-{action}.mp4"
    result = cli("subtitles", action, str(phone_clip), str(srt_file), "-o", str(out))
    assert result.code == 0, result.err
    tags = exiftool(out)
    assert leaks(tags) == []
    languages = _languages(tags)
    assert languages.get("Track1") == "eng" and languages.get("Track2") == "fra"  # allowlisted
    if action == "attach":  # video copied: the display matrix still says "turn me"
        assert tags["Composite:Rotation"] in (90, 270)
        assert (tags["Track1:ImageWidth"], tags["Track1:ImageHeight"]) == (320, 240)
        assert languages.get("Track3") == "eng"  # our subtitle track
    else:  # re-encoded upright: the rotation is in the pixels
        assert tags["Composite:Rotation"] == 0
        assert (tags["Track1:ImageWidth"], tags["Track1:ImageHeight"]) == (240, 320)
    assert abs(float(tags["Track1:TrackDuration"]) - 2.0) < 0.2  # the picture is all there


def test_the_allowlist_is_what_the_commands_use(clip):
    from app.media.probe import probe
    from app.subtitles.output import EncodeSettings, attach_args, burn_args

    info = probe(clip)
    for args in (burn_args(clip, info, EncodeSettings()), attach_args(clip, info, "subs.srt", False, EncodeSettings())):
        assert args[args.index("-map_metadata") + 1] == "-1"
        assert args[args.index("-map_chapters") + 1] == "-1"
        assert "0" not in [args[i + 1] for i, a in enumerate(args) if a == "-map_metadata"]
