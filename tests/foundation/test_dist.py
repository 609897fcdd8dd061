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
