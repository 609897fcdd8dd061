from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import ValidationError
from app.subtitles import formats
from app.subtitles.cues import Cue

WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéüñ ÀÉ,.?!'", min_size=1, max_size=30).map(str.strip).filter(bool)


@st.composite
def cue_lists(draw: st.DrawFn) -> list[Cue]:
    count = draw(st.integers(1, 8))
    cues, t = [], 0
    for _ in range(count):
        t += draw(st.integers(0, 5000)) * 10  # centisecond steps: ASS stores hundredths
        length = draw(st.integers(10, 500)) * 10
        lines = draw(st.lists(WORDS, min_size=1, max_size=2))
        cues.append(Cue(t, t + length, "\n".join(" ".join(line.split()) for line in lines)))
        t += length
    return cues


@pytest.mark.parametrize("suffix", [".srt", ".vtt", ".ass"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cues=cue_lists())
def test_round_trip_keeps_times_and_text(tmp_path: Path, suffix: str, cues: list[Cue]) -> None:
    path = tmp_path / f"out{suffix}"
    formats.save(cues, path)
    doc = formats.load(path)
    assert doc.cues == cues


@pytest.mark.parametrize(
    ("encoding", "prefix", "expected"),
    [("utf-8", b"", "utf-8"), ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"), ("cp1252", b"", "cp1252")],
)
def test_encodings_are_detected(tmp_path: Path, encoding: str, prefix: bytes, expected: str) -> None:
    path = tmp_path / "in.srt"
    path.write_bytes(prefix + "1\n00:00:01,000 --> 00:00:02,000\nCafé – €5 “fare”\n".encode(encoding))
    doc = formats.load(path)
    assert doc.encoding == expected
    assert doc.cues[0].text == "Café – €5 “fare”"


def test_unknown_encoding_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "in.srt"
    path.write_bytes(b"1\n00:00:01,000 --> 00:00:02,000\n" + b"\x00\x01\x81\x8d\x8f\x90\x9d\xff\xfe" * 30 + b"\n")
    with pytest.raises(ValidationError, match="encoding"):
        formats.load(path)


def test_negative_and_backwards_times_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.srt"
    path.write_text("1\n00:00:05,000 --> 00:00:04,000\nBackwards\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="Cue 1 ends .* '00:00:05,000 --> 00:00:04,000'"):
        formats.load(path)


def test_empty_file_and_not_subtitles(tmp_path: Path) -> None:
    empty = tmp_path / "empty.srt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ValidationError, match="no cues|empty"):
        formats.load(empty)
    prose = tmp_path / "notes.srt"
    prose.write_text("Dear team,\nthis is not a subtitle file.\n", encoding="utf-8")
    with pytest.raises(ValidationError):
        formats.load(prose)


def test_export_refuses_unknown_extension_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"\.srt"):
        formats.save([Cue(0, 1000, "x")], tmp_path / "out.docx")
    assert list(tmp_path.iterdir()) == []


def test_ass_with_tags_reads_as_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "in.ass"
    cues = [Cue(0, 1500, "Hello\nworld")]
    formats.save(cues, path)
    text = path.read_text(encoding="utf-8").replace("Hello\\Nworld", "{\\i1}Hello{\\i0}\\Nworld")
    path.write_text(text, encoding="utf-8")
    assert formats.load(path).cues == cues


@pytest.mark.parametrize("suffix", [".srt", ".vtt", ".ass"])
def test_braces_in_text_are_not_lost(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"b{suffix}"
    formats.save([Cue(0, 1000, "Call {999} now")], path)
    assert formats.load(path).cues[0].text == "Call (999) now"
