"""Reading and writing subtitle files with pysubs2 (SRT, WebVTT, ASS/SSA and what it reads).

Files from the wild come in several encodings; we try, in order, UTF-8 with or without
a byte-order mark, UTF-16 when it has a BOM, then Windows-1252 (old SRTs from Windows
tools), and say plainly when none fits. Writing goes to a temporary name and is renamed
into place, so a failed export never leaves a half file.
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pysubs2

from app.errors import ValidationError
from app.files import atomic
from app.subtitles.cues import Cue, normalise_text, sorted_cues, validate_cues

# extension -> pysubs2 format id
WRITE_FORMATS = {".srt": "srt", ".vtt": "vtt", ".ass": "ass", ".ssa": "ssa"}
READ_EXTRA = {".sub": "microdvd", ".json": "json", ".txt": "tmp", ".ttml": "ttml", ".dfxp": "ttml", ".sbv": None}
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class SubtitleDoc:
    cues: list[Cue]
    format: str
    encoding: str


def decode(data: bytes, name: str = "the file") -> tuple[str, str]:
    """Bytes to text: (text, encoding name)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", "strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8", "strict"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252", "strict")
    except UnicodeDecodeError:
        raise ValidationError(
            f"{name} is in an encoding Duty Desk cannot read (tried UTF-8, UTF-8 with BOM, Windows-1252). "
            "Save it as UTF-8 in your subtitle tool and try again."
        ) from None
    if "\x00" in text:
        raise ValidationError(f"{name} is not a text subtitle file.")
    return text, "cp1252"


def load(path: str | Path, fps: float | None = None) -> SubtitleDoc:
    path = Path(path)
    if not path.is_file():
        raise ValidationError(f"{path} does not exist or is not a file.")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ValidationError(f"{path.name} is too large to be a subtitle file.")
    text, encoding = decode(path.read_bytes(), path.name)
    return parse(text, path.suffix.lower(), name=path.name, encoding=encoding, fps=fps)


def parse(text: str, suffix: str = "", *, name: str = "the subtitles", encoding: str = "utf-8", fps: float | None = None) -> SubtitleDoc:
    if not text.strip():
        raise ValidationError(f"{name} is empty: it has no cues.")
    fmt = None
    try:
        subs = pysubs2.SSAFile.from_string(text, fps=fps)
        fmt = subs.format
    except pysubs2.exceptions.UnknownFPSError:
        raise ValidationError(f"{name} counts frames, not time; give the video's frame rate.") from None
    except Exception:  # noqa: BLE001 - pysubs2 raises several kinds for text it cannot read
        forced = WRITE_FORMATS.get(suffix) or READ_EXTRA.get(suffix)
        if not forced:
            raise ValidationError(f"{name} is not a subtitle file Duty Desk can read (SRT, WebVTT, ASS...).") from None
        try:
            subs = pysubs2.SSAFile.from_string(text, format_=forced, fps=fps)
            fmt = forced
        except Exception as exc:  # noqa: BLE001
            raise ValidationError(f"{name} could not be read as {forced.upper()}: {exc}") from None
    cues = []
    for event in subs.events:
        if event.is_comment or event.is_drawing:
            continue
        cue_text = normalise_text(event.plaintext)
        cues.append(Cue(int(event.start), int(event.end), cue_text))
    if not cues:
        raise ValidationError(f"{name} has no cues.")
    validate_cues(cues)  # negative or backwards times: a message naming the cue
    return SubtitleDoc(sorted_cues(cues), fmt or "srt", encoding)


def to_ssafile(cues: Sequence[Cue], style: pysubs2.SSAStyle | None = None, play_res: tuple[int, int] | None = None) -> pysubs2.SSAFile:
    subs = pysubs2.SSAFile()
    if style is not None:
        subs.styles["Default"] = style
    if play_res is not None:
        subs.info["PlayResX"] = str(play_res[0])
        subs.info["PlayResY"] = str(play_res[1])
        subs.info["ScaledBorderAndShadow"] = "yes"
        subs.info["WrapStyle"] = "0"
    for cue in cues:
        event = pysubs2.SSAEvent(start=cue.start_ms, end=cue.end_ms)
        # braces open an override block in ASS (and pysubs2 drops them from SRT/VTT):
        # written as parentheses so the words inside are not lost
        event.plaintext = cue.text.replace("{", "(").replace("}", ")")
        subs.events.append(event)
    return subs


def format_for(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    fmt = WRITE_FORMATS.get(suffix)
    if fmt is None:
        raise ValidationError(
            f"Cannot tell the subtitle format from {Path(path).name!r}: end the name in .srt, .vtt, .ass or .ssa."
        )
    return fmt


def dumps(cues: Sequence[Cue], fmt: str, **ssa: object) -> str:
    return to_ssafile(cues, **ssa).to_string(fmt)  # type: ignore[arg-type]


def save(cues: Sequence[Cue], path: str | Path, *, style: pysubs2.SSAStyle | None = None, play_res: tuple[int, int] | None = None) -> Path:
    """Write cues as UTF-8 without a BOM (what upload forms expect); the format comes from the extension."""
    path = Path(path)
    fmt = format_for(path)
    if not cues:
        raise ValidationError("There are no cues to export.")
    validate_cues(cues)
    text = dumps(cues, fmt, style=style, play_res=play_res)
    write_text_atomic(path, text)
    return path


def write_text_atomic(path: Path, text: str) -> None:
    """UTF-8, LF line ends, through the one atomic writer (app.files.atomic)."""
    atomic.write_text(path, text)
