"""Reading and writing subtitle files with pysubs2 (SRT, WebVTT, ASS/SSA and what it reads).

Files from the wild come in several encodings: ``app.subtitles.encoding`` tells which
(byte-order marks, UTF-8, then charset-normalizer's guess, which is reported as one). Writing goes to a temporary name and is renamed
into place, so a failed export never leaves a half file.
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence
import re
from dataclasses import dataclass, replace
from pathlib import Path

import pysubs2

from app.errors import ValidationError
from app.files import atomic
from app.subtitles.cues import Cue, format_time, normalise_text, sorted_cues, validate_cue, validate_cues
from app.subtitles.encoding import decode as detect
from app.subtitles.encoding import label as encoding_label

# extension -> pysubs2 format id
WRITE_FORMATS = {".srt": "srt", ".vtt": "vtt", ".ass": "ass", ".ssa": "ssa"}
READ_EXTRA = {".sub": "microdvd", ".json": "json", ".txt": "tmp", ".ttml": "ttml", ".dfxp": "ttml", ".sbv": None}
MAX_FILE_BYTES = 20 * 1024 * 1024
_NEGATIVE_TIME = re.compile(r"(^|[\s,>])-\s*\d+[:.,]\d")


@dataclass(frozen=True)
class SubtitleDoc:
    cues: list[Cue]
    format: str
    encoding: str  # e.g. "utf-8", "cp1250"
    encoding_certain: bool = True  # False: a guess; say so and offer ``alternatives``
    alternatives: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()  # loaded anyway, e.g. zero-length cues

    @property
    def encoding_note(self) -> str | None:
        """One line for the user when the encoding was guessed, else ``None``."""
        if self.encoding_certain:
            return None
        others = ", ".join(self.alternatives[:3])
        return (f"the encoding was guessed as {encoding_label(self.encoding)}"
                + (f" (also possible: {others})" if others else "")
                + "; if letters look wrong, give the right one with --encoding.")


def decode(data: bytes, name: str = "the file", encoding: str | None = None) -> tuple[str, str]:
    """Bytes to text: (text, encoding name)."""
    decoded = detect(data, name, encoding=encoding)
    return decoded.text, _codec_name(decoded.encoding)


def _codec_name(codec: str) -> str:
    return codecs.lookup(codec).name


def load(path: str | Path, fps: float | None = None, *, encoding: str | None = None) -> SubtitleDoc:
    path = Path(path)
    if not path.is_file():
        raise ValidationError(f"{path} does not exist or is not a file.")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ValidationError(f"{path.name} is too large to be a subtitle file.")
    decoded = detect(path.read_bytes(), path.name, encoding=encoding)
    doc = parse(decoded.text, path.suffix.lower(), name=path.name, encoding=_codec_name(decoded.encoding), fps=fps)
    return replace(doc, encoding_certain=decoded.certain, alternatives=tuple(_codec_name(c) for c in decoded.alternatives))


def parse(text: str, suffix: str = "", *, name: str = "the subtitles", encoding: str = "utf-8", fps: float | None = None) -> SubtitleDoc:
    if not text.strip():
        raise ValidationError(f"{name} is empty: it has no cues.")
    if "\x00" in text:
        raise ValidationError(f"{name} is not a text subtitle file (it holds NUL bytes).")
    refuse_negative_times(text, name)
    fmt = None
    try:
        subs = pysubs2.SSAFile.from_string(text, fps=fps)
        fmt = subs.format
    except pysubs2.exceptions.UnknownFPSError:
        raise ValidationError(f"{name} counts frames, not time; give the video's frame rate.") from None
    except Exception:  # noqa: BLE001 - pysubs2 raises several kinds for text it cannot read
        forced = WRITE_FORMATS.get(suffix) or READ_EXTRA.get(suffix)
        if not forced:
            raise ValidationError(
                f"{name} is not a subtitle file Duty Desk can read (SRT, WebVTT, ASS...); it begins {first_line(text)!r}."
            ) from None
        try:
            subs = pysubs2.SSAFile.from_string(text, format_=forced, fps=fps)
            fmt = forced
        except Exception as exc:  # noqa: BLE001
            raise ValidationError(f"{name} could not be read as {forced.upper()} ({exc}); it begins {first_line(text)!r}.") from None
    cues = []
    for event in subs.events:
        if event.is_comment or event.is_drawing:
            continue
        cue_text = normalise_text(event.plaintext)
        cues.append(Cue(int(event.start), int(event.end), cue_text))
    if not cues:
        raise ValidationError(f"{name} has no cues; it begins {first_line(text)!r}.")
    warnings = check_times(cues, text, name)
    return SubtitleDoc(sorted_cues(cues), fmt or "srt", encoding, warnings=warnings)


def first_line(text: str) -> str:
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return line[:80]


def timing_lines(text: str) -> list[str]:
    """The file's own timing lines, in order (SRT/WebVTT arrows, ASS Dialogue lines)."""
    return [line.strip() for line in text.splitlines() if "-->" in line or line.lstrip().startswith("Dialogue:")]


def refuse_negative_times(text: str, name: str) -> None:
    """pysubs2 drops a leading minus (``-00:00:01,000`` reads as one second): refuse it
    first, quoting the line as the file has it."""
    for number, line in enumerate(timing_lines(text), start=1):
        times = ",".join(line.split(",")[1:3]) if line.startswith("Dialogue:") else line  # not the ASS text
        if _NEGATIVE_TIME.search(times):
            raise ValidationError(f"{name}, cue {number}: {line!r} has a negative time (before 0:00).")


def check_times(cues: Sequence[Cue], text: str, name: str) -> tuple[str, ...]:
    """Refuse cues that end before they start (quoting the file's line); zero-length cues
    load, with a warning (other tools load them too)."""
    lines = timing_lines(text)
    warnings = []
    for number, cue in enumerate(cues, start=1):
        said = f" (the file says {lines[number - 1]!r})" if number <= len(lines) else ""
        if cue.end_ms == cue.start_ms and cue.start_ms >= 0:
            warnings.append(f"cue {number} lasts no time at all ({format_time(cue.start_ms)}){said}; it will not show.")
        try:
            validate_cue(cue, number)
        except ValidationError as exc:
            raise ValidationError(f"{name}: {str(exc).rstrip('.')}{said}.") from None
    return tuple(warnings)


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
