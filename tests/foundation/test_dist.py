"""The PyInstaller bundle builds from build.spec and the built program runs."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO_ROOT


@pytest.mark.slow
@pytest.mark.xdist_group("dist")
def test_bundle_builds_and_runs(tmp_path):
    build = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "ERROR",
         "--distpath", str(tmp_path / "dist"), "--workpath", str(tmp_path / "build"), "build.spec"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=900, check=False,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    exe = tmp_path / "dist" / "dutydesk" / ("dutydesk.exe" if sys.platform == "win32" else "dutydesk")
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=120, check=False)
    assert version.returncode == 0 and version.stdout.startswith("dutydesk ")
    data = tmp_path / "data"
    setup = subprocess.run([str(exe), "--data-dir", str(data), "setup", "--officer", "Bundle"],
                           capture_output=True, text=True, timeout=120, check=False)
    assert setup.returncode == 0, setup.stderr
    doctor = subprocess.run([str(exe), "--data-dir", str(data), "doctor", "--json"],
                            capture_output=True, text=True, timeout=120, check=False)
    report = json.loads(doctor.stdout)
    assert report["officer"] == "Bundle"
    assert report["schema_version"] == report["schema_current"]
    assert report["ffmpeg"]["subtitles_filter"] is True  # the bundled ffmpeg came along
    assert str(tmp_path) in report["ffmpeg"]["path"]

    def bundled(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(exe), "--data-dir", str(data), *args],
                              capture_output=True, text=True, timeout=120, check=False)

    # data files, native libraries and lazily imported modules came along too
    templates = json.loads(bundled("incident", "templates", "--json").stdout)
    assert any(t["key"] == "major-incident" for t in templates)
    assert bundled("rota", "officers", "--add", "B,C,D").returncode == 0
    assert bundled("rota", "apply", "four-week-out-of-hours", "--start", "2026-11-02", "--weeks", "1",
                   "--officers", "Bundle,B,C,D").returncode == 0
    first = json.loads(bundled("rota", "show", "--from", "2026-11-02", "--to", "2026-11-02", "--json").stdout)[0]
    assert bundled("rota", "assign", first["id"], "-").returncode == 0
    filled = bundled("rota", "fill", "--from", "2026-11-02", "--to", "2026-11-08", "--json")
    assert filled.returncode == 0, filled.stderr  # OR-Tools' native solver is in the bundle
    subs = tmp_path / "a.srt"
    subs.write_text("1\n00:00:01,000 --> 00:00:03,000\nThe colour of the flood warning\n", encoding="utf-8")
    assert bundled("subtitles", "check", str(subs), "--json").stdout.strip() == "[]"
    # the windowed executable sits beside the console one (console=False on Windows)
    gui = exe.with_name("dutydesk-gui.exe" if sys.platform == "win32" else "dutydesk-gui")
    assert gui.is_file()
    # a burn (bundled ffmpeg, libass, fonts) and a sync round from the bundle
    from tests.subtitles.conftest import make_clip

    clip = make_clip(tmp_path / "clip.mp4", seconds=1)
    burned = bundled("subtitles", "burn", str(clip), str(subs), "-o", str(tmp_path / "burned.mp4"))
    assert burned.returncode == 0, burned.stderr
    assert (tmp_path / "burned.mp4").stat().st_size > 1000
    share = tmp_path / "share"
    share.mkdir()
    synced = bundled("sync", "--share", str(share), "--json")
    assert synced.returncode == 0, synced.stderr
    assert json.loads(synced.stdout)["state"] == "synced"
