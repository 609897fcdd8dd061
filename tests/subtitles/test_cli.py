"""``dutydesk subtitles ...`` as users and scripts run it."""

from __future__ import annotations

import json
from pathlib import Path

from app.media.probe import probe
from tests.conftest import run_dutydesk


def test_check_json_contract_and_exit_code(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.srt"
    bad.write_text("1\n00:00:00,000 --> 00:00:00,500\nFar too many words for half a second\n", encoding="utf-8")
    result = cli("subtitles", "check", str(bad), "--json")
    assert result.code == 1
    findings = json.loads(result.out)
    assert findings and all(set(f) == {"cue", "rule", "value", "limit", "message"} for f in findings)
    assert {"cps", "min_duration"} <= {f["rule"] for f in findings}
    assert all(f["cue"] == 1 for f in findings)


def test_check_clean_file_exits_0(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "good.vtt"
    good.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nPolice are at the scene.\n", encoding="utf-8")
    result = cli("subtitles", "check", str(good), "--profile", "netflix")
    assert result.code == 0, result.out
    assert "no problems" in result.out


def test_convert_by_extension(cli, srt_file: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out.vtt"
    assert cli("subtitles", "convert", str(srt_file), "-o", str(out)).code == 0
    assert out.read_text(encoding="utf-8").startswith("WEBVTT")
    result = cli("subtitles", "convert", str(srt_file), "-o", str(tmp_path / "out.doc"))
    assert result.code == 2 and ".srt" in result.err


def test_burn_reports_progress_on_stderr_and_writes_mp4(cli, srt_file: Path, clip: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "with: odd “name”.mp4"
    result = cli("subtitles", "burn", str(clip), str(srt_file), "-o", str(out), "--style", "boxed",
                 "--x264-preset", "ultrafast")
    assert result.code == 0, result.err
    assert "100.0%" in result.err
    assert [s.codec for s in probe(out).streams] == ["h264", "aac"]


def test_attach_and_bad_input_messages(cli, srt_file: Path, clip: Path, corrupt_video: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "soft.mp4"
    assert cli("subtitles", "attach", str(clip), str(srt_file), "-o", str(out)).code == 0
    assert probe(out).streams_of("subtitle")[0].codec == "mov_text"
    result = cli("subtitles", "burn", str(corrupt_video), str(srt_file), "-o", str(tmp_path / "x.mp4"))
    assert result.code == 2 and "damaged or not a video" in result.err
    result = cli("subtitles", "attach", str(clip), str(srt_file), "-o", str(tmp_path / "x.avi"))
    assert result.code == 2 and ".webm" in result.err
    assert not (tmp_path / "x.mp4").exists() and not (tmp_path / "x.avi").exists()


def test_missing_ffmpeg_in_a_real_process(srt_file: Path, clip: Path, tmp_path: Path) -> None:
    result = run_dutydesk("subtitles", "burn", str(clip), str(srt_file), "-o", str(tmp_path / "x.mp4"),
                          env={"DUTYDESK_FFMPEG": str(tmp_path / "nope")})
    assert result.code == 2 and "ffmpeg was not found" in result.err


def _can_mount_tmpfs() -> bool:
    import shutil
    import subprocess

    if not shutil.which("unshare"):
        return False
    probe_run = subprocess.run(["unshare", "-Urm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
                               capture_output=True, check=False)
    return probe_run.returncode == 0


def test_full_disk_during_burn_leaves_nothing(srt_file: Path, clip: Path, tmp_path: Path) -> None:
    """A real full disk: a 64 KB tmpfs in a private mount namespace (skipped where not allowed)."""
    import os
    import subprocess
    import sys

    import pytest

    from tests.conftest import REPO_ROOT

    if not _can_mount_tmpfs():
        pytest.skip("cannot mount a small tmpfs here (needs unprivileged user namespaces)")
    small = tmp_path / "small disk"
    small.mkdir()
    script = (f'mount -t tmpfs -o size=64k tmpfs "{small}" && "{sys.executable}" -m ui subtitles burn "{clip}" '
              f'"{srt_file}" -o "{small}/out.mp4" --x264-preset ultrafast; code=$?; ls -A "{small}"; exit $code')
    result = subprocess.run(["unshare", "-Urm", "sh", "-c", script], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)}, cwd=REPO_ROOT, check=False)
    assert result.returncode == 2, result.stderr
    assert "disk is full" in result.stderr
    assert result.stdout.strip() == ""  # ls: no output file, no partial file
