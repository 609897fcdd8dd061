"""One atomic writer for every export: a file open in another program gets a plain line."""

from __future__ import annotations

import datetime as dt
import errno
import os
from pathlib import Path

import pytest

from app.errors import DutyDeskError
from app.files import atomic
from tests.windows.doubles import HeldOpen, part_files, win_error

CLOSE_IT = "close it in the other program and try again"


@pytest.fixture
def held(monkeypatch):  # type: ignore[no-untyped-def]
    return HeldOpen(monkeypatch)


def test_writes_replace_and_leave_nothing_beside(tmp_path: Path) -> None:
    target = tmp_path / "rota.csv"
    target.write_text("old")
    atomic.write_text(target, "new,ü\n")
    assert target.read_text(encoding="utf-8") == "new,ü\n"
    assert part_files(tmp_path) == []


@pytest.mark.parametrize("winerror", [32, 33, 5])
def test_target_open_in_another_program_is_a_plain_message(tmp_path: Path, monkeypatch, winerror: int) -> None:
    held = HeldOpen(monkeypatch, winerror)
    target = held.hold(tmp_path / "rota.csv")
    target.write_text("what Excel shows")
    with pytest.raises(atomic.FileInUseError) as caught:
        atomic.write_bytes(target, b"new")
    message = str(caught.value)
    assert str(target) in message and "close it in the other program" in message.lower()
    assert "\n" not in message and "Errno" not in message
    assert target.read_text() == "what Excel shows"
    assert part_files(tmp_path) == []


def test_smb_busy_is_the_same_message(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "summary.pdf"

    def busy(src, dst):  # type: ignore[no-untyped-def]
        raise OSError(errno.EBUSY, "Device or resource busy", str(dst))

    monkeypatch.setattr(os, "replace", busy)
    with pytest.raises(atomic.FileInUseError, match="(?i)" + CLOSE_IT):
        atomic.write_bytes(target, b"%PDF")
    assert part_files(tmp_path) == [] and not target.exists()


@pytest.mark.parametrize(
    "exc,words",
    [
        (OSError(errno.ENOSPC, "No space left on device"), "disk is full"),
        (win_error(112, "x"), "disk is full"),
        (PermissionError(errno.EACCES, "Permission denied"), "permission denied"),
        (win_error(53, "x"), "not reachable"),
    ],
)
def test_other_causes_named(tmp_path: Path, monkeypatch, exc: OSError, words: str) -> None:
    def fail(*_a, **_k):  # type: ignore[no-untyped-def]
        raise exc

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(atomic.FileWriteError, match=words):
        atomic.write_bytes(tmp_path / "new.ics", b"x")
    assert part_files(tmp_path) == []


def test_failure_while_writing_removes_part(tmp_path: Path) -> None:
    def write(temp: Path) -> None:
        temp.write_bytes(b"half")
        raise RuntimeError("encoder crashed")

    with pytest.raises(RuntimeError):
        atomic.write_with(tmp_path / "report.pdf", write)
    assert list(tmp_path.iterdir()) == []


def test_write_all_is_all_or_nothing(tmp_path: Path, held: HeldOpen) -> None:
    first, second = tmp_path / "a.jpg", held.hold(tmp_path / "b.jpg")
    second.write_bytes(b"open")
    with pytest.raises(atomic.FileInUseError, match="b.jpg"):
        atomic.write_all([(first, b"1"), (second, b"2")])
    assert part_files(tmp_path) == [] and second.read_bytes() == b"open"


# --- every exporter goes through it ------------------------------------------------------
def _assert_refused_cleanly(call, target: Path) -> None:  # type: ignore[no-untyped-def]
    before = target.read_bytes()
    with pytest.raises(DutyDeskError) as caught:
        call()
    assert CLOSE_IT in str(caught.value).lower() and target.name in str(caught.value)
    assert target.read_bytes() == before
    assert part_files(target.parent) == []


def test_rota_exports_over_an_open_file(ctx, held: HeldOpen, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from app.rota import hours, ics, pdf, service
    from app.team.service import ensure_officer

    team = ["Alex Morgan", 'Dee "DJ" Osei']
    for name in team:
        ensure_officer(ctx, name)
    start = dt.date(2026, 1, 5)
    service.apply_pattern(ctx, "four-week-out-of-hours", start=start, weeks=1, officers=team)
    out = tmp_path / "out"
    out.mkdir()
    for name, call in [
        ("rota.ics", lambda p: ics.export_ics(ctx, p, start, start + dt.timedelta(days=6))),
        ("rota.pdf", lambda p: pdf.render_pdf(ctx, p, start, start + dt.timedelta(days=6))),
        ("hours.csv", lambda p: hours.write_csv_atomic(p, [{"a": 1}], ["a"])),
    ]:
        target = held.hold(out / name)
        target.write_bytes(b"open in another program")
        _assert_refused_cleanly(lambda: call(target), target)


def test_subtitle_and_report_exports_over_an_open_file(ctx, held: HeldOpen, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from app.incidents import report, service
    from app.subtitles import formats
    from app.subtitles.cues import Cue

    target = held.hold(tmp_path / "clip.srt")
    target.write_text("1\n00:00:01,000 --> 00:00:02,000\nold\n")
    _assert_refused_cleanly(lambda: formats.save([Cue(0, 1000, "Hello")], target), target)

    incident = service.start_incident(ctx, "serious-crime-body-found", "Elm Park")
    pdf = held.hold(tmp_path / "incident.pdf")
    pdf.write_bytes(b"%PDF open in Acrobat")
    _assert_refused_cleanly(lambda: report.write_report(ctx, incident.id, pdf), pdf)


def test_photo_export_where_chmod_is_not_supported(tmp_path: Path, monkeypatch) -> None:
    """Some mounts (SMB, exFAT, FAT sticks) refuse chmod: an export must not depend on it."""
    from PIL import Image

    from app.photo.export import export_photo
    from app.photo.presets import load_presets
    from app.photo.recipe import Recipe

    source = tmp_path / "scene.jpg"
    Image.new("RGB", (1200, 900), (10, 120, 200)).save(source, "JPEG")

    def no_chmod(*_a, **_k):  # type: ignore[no-untyped-def]
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "chmod", no_chmod)
    monkeypatch.setattr(Path, "chmod", no_chmod)
    out = tmp_path / "out"
    results = export_photo(source, Recipe(), [p for p in load_presets() if p.name != "custom"][:1], out)
    assert results[0].path.is_file() and part_files(out) == []


def test_photo_export_over_an_open_file(tmp_path: Path, held: HeldOpen) -> None:
    from PIL import Image

    from app.photo.export import export_photo
    from app.photo.presets import load_presets
    from app.photo.recipe import Recipe

    source = tmp_path / "scene.jpg"
    Image.new("RGB", (1200, 900), (10, 120, 200)).save(source, "JPEG")
    preset = [p for p in load_presets() if p.name != "custom"][:1]
    out = tmp_path / "out"
    first = export_photo(source, Recipe(), preset, out)[0].path
    held.hold(first)
    before = first.read_bytes()
    _assert_refused_cleanly(lambda: export_photo(source, Recipe(), preset, out), first)
    assert first.read_bytes() == before


def test_shift_summary_over_an_open_file(cli, tmp_path: Path, monkeypatch) -> None:
    held = HeldOpen(monkeypatch)
    assert cli("setup", "--officer", "Dee Osei").code == 0
    assert cli("shift", "start").code == 0
    assert cli("log", "add", "Statement issued").code == 0
    pdf = held.hold(tmp_path / "summary.pdf")
    pdf.write_bytes(b"%PDF open in Acrobat")
    result = cli("summary", "-o", str(pdf))
    assert result.code == 2 and CLOSE_IT in result.err.lower() and "Traceback" not in result.err
    assert pdf.read_bytes() == b"%PDF open in Acrobat" and part_files(tmp_path) == []
