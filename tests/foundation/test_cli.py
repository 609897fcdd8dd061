"""The command line: version, setup, doctor, screenshot."""

from __future__ import annotations

import json

from PIL import Image

from app import __version__
from tests.conftest import run_dutydesk


def test_version_as_a_real_process():
    result = run_dutydesk("--version")
    assert result.code == 0 and result.out.strip() == f"dutydesk {__version__}"


def test_setup_then_doctor_json(cli, tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    result = cli("setup", "--officer", "  A.   Officer ", "--share", str(share))
    assert result.code == 0, result.err
    report = json.loads(cli("doctor", "--json").out)
    assert report["officer"] == "A. Officer"
    assert report["version"] == __version__
    assert len(report["device_id"]) == 36
    assert report["schema_version"] == report["schema_current"]
    assert report["share"] == {"path": str(share), "reachable": True, "writable": True, "detail": "ok"}
    ffmpeg = report["ffmpeg"]
    assert ffmpeg["path"] and ffmpeg["version"]
    assert ffmpeg["subtitles_filter"] is True and ffmpeg["libx264"] is True
    assert report["qt_multimedia"]["available"] in (True, False)


def test_doctor_on_a_fresh_folder_says_what_to_do(cli):
    result = cli("doctor")
    assert result.code == 1  # it lists a problem, so scripts see a non-zero status
    assert "not set up yet" in result.out and "dutydesk setup --officer" in result.out


def test_commands_that_need_an_officer_say_so(cli):
    result = cli("screenshot", "today", "-o", "x.png")
    assert result.code == 2 and 'dutydesk setup --officer "Your Name"' in result.err


def test_setup_refuses_an_empty_name(cli):
    result = cli("setup", "--officer", "   ")
    assert result.code == 2 and "cannot be empty" in result.err


def test_screenshot_renders_the_real_window(cli, tmp_path):
    assert cli("setup", "--officer", "A. Officer").code == 0
    out = tmp_path / "today.png"
    result = cli("screenshot", "today", "-o", str(out), "--size", "1024x700")
    assert result.code == 0, result.err
    image = Image.open(out)
    assert image.size == (1024, 700)
    # a real window has many colours (text, sidebar, highlight), not a blank frame
    assert len(image.convert("RGB").getcolors(maxcolors=1_000_000)) > 20


def test_screenshot_rejects_a_bad_size(cli, tmp_path):
    assert cli("setup", "--officer", "A").code == 0
    result = cli("screenshot", "rota", "-o", str(tmp_path / "x.png"), "--size", "huge")
    assert result.code == 2 and "--size" in result.err
