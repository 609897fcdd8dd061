"""Cues (one caption on screen) and the edits an officer makes to a cue list.

Times are whole milliseconds. Every edit is a pure function: it returns a new list
(or new cues) and never changes its input, so an editor can keep the "before" for
undo, and a rejected edit (``ValidationError``) changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from app.errors import ValidationError

MIN_CUE_MS = 100  # shortest cue an edit may produce
DEFAULT_CUE_MS = 2000


@dataclass(frozen=True)
class Cue:
    start_ms: int
    end_ms: int
    text: str
    machine: bool = False  # made by automatic captioning, not yet looked at by a person
    unsure: tuple[str, ...] = ()  # words the speech model was unsure of (shown highlighted)

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @property
    def char_count(self) -> int:
        """Characters read: spaces count, line breaks do not (as Netflix and Subtitle Edit count)."""
        return sum(len(line.strip()) for line in self.lines)

    @property
    def cps(self) -> float:
        """Reading speed in characters per second."""
        if self.duration_ms <= 0:
            return float("inf") if self.char_count else 0.0
        return self.char_count * 1000 / self.duration_ms

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {"start_ms": self.start_ms, "end_ms": self.end_ms, "text": self.text}
        if self.machine:
            data["machine"] = True
            data["unsure"] = list(self.unsure)
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Cue:
        return cls(int(data["start_ms"]), int(data["end_ms"]), str(data.get("text", "")),  # type: ignore[arg-type]
                   bool(data.get("machine", False)), tuple(str(w) for w in data.get("unsure") or ()))  # type: ignore[union-attr]

    def reviewed(self) -> Cue:
        """The cue once a person has looked at it: no longer marked as machine-made."""
        return replace(self, machine=False, unsure=())


def validate_cue(cue: Cue, number: int | None = None) -> Cue:
    where = f"Cue {number}" if number is not None else "The cue"
    if cue.start_ms < 0:
        raise ValidationError(f"{where} starts before 0:00 ({format_time(cue.start_ms)}).")
    if cue.end_ms < cue.start_ms:  # zero-length loads: the checks warn that it will not show
        raise ValidationError(
            f"{where} ends ({format_time(cue.end_ms)}) before it starts ({format_time(cue.start_ms)})."
        )
    return cue


def validate_cues(cues: Sequence[Cue]) -> None:
    for number, cue in enumerate(cues, start=1):
        validate_cue(cue, number)


def require_cues(cues: Sequence[Cue], what: str = "The subtitles") -> None:
    if not cues:
        raise ValidationError(f"{what} have no cues: there is nothing to caption.")
    validate_cues(cues)


def normalise_text(text: str) -> str:
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


def sorted_cues(cues: Iterable[Cue]) -> list[Cue]:
    return sorted(cues, key=lambda c: (c.start_ms, c.end_ms))


# -- edits -----------------------------------------------------------------------------


def set_times(cue: Cue, start_ms: int | None = None, end_ms: int | None = None) -> Cue:
    new = replace(
        cue,
        start_ms=cue.start_ms if start_ms is None else int(start_ms),
        end_ms=cue.end_ms if end_ms is None else int(end_ms),
    )
    return validate_cue(new)


def set_text(cue: Cue, text: str) -> Cue:
    return replace(cue, text=normalise_text(text), machine=False, unsure=())


def insert_at(cues: Sequence[Cue], at_ms: int, text: str = "", duration_ms: int = DEFAULT_CUE_MS) -> tuple[list[Cue], int]:
    """A new cue starting at ``at_ms`` (the playhead), shortened so it does not run into the next cue.

    Returns the new list and the new cue's index.
    """
    at_ms = max(0, int(at_ms))
    end = at_ms + duration_ms
    for cue in cues:
        if cue.start_ms > at_ms:
            end = min(end, cue.start_ms)
            break
    if end - at_ms < MIN_CUE_MS:
        end = at_ms + MIN_CUE_MS
    new = Cue(at_ms, end, normalise_text(text))
    out = sorted_cues([*cues, new])
    return out, out.index(new)


def delete(cues: Sequence[Cue], indexes: Iterable[int]) -> list[Cue]:
    drop = set(indexes)
    return [c for i, c in enumerate(cues) if i not in drop]


def split(cues: Sequence[Cue], index: int, at_ms: int | None = None) -> list[Cue]:
    """Split a cue in two at ``at_ms`` (default: its middle); the text splits at the
    line break, or at the space nearest the middle."""
    cue = cues[index]
    at = cue.start_ms + cue.duration_ms // 2 if at_ms is None else int(at_ms)
    if not (cue.start_ms + MIN_CUE_MS <= at <= cue.end_ms - MIN_CUE_MS):
        raise ValidationError("Split point must be inside the cue, at least 0.1 s from each end.")
    first_text, second_text = _split_text(cue.text)
    out = list(cues)
    out[index : index + 1] = [Cue(cue.start_ms, at, first_text), Cue(at, cue.end_ms, second_text)]
    return out


def _split_text(text: str) -> tuple[str, str]:
    if "\n" in text:
        head, _, tail = text.partition("\n")
        return head.strip(), tail.strip()
    words = text.split()
    if len(words) < 2:
        return text, ""
    half = len(text) / 2
    best, pos = 1, 0
    best_dist = float("inf")
    for i, word in enumerate(words[:-1], start=1):
        pos += len(word) + 1
        if abs(pos - half) < best_dist:
            best, best_dist = i, abs(pos - half)
    return " ".join(words[:best]), " ".join(words[best:])


def merge(cues: Sequence[Cue], index: int) -> list[Cue]:
    """Merge a cue with the next one."""
    if not 0 <= index < len(cues) - 1:
        raise ValidationError("Select a cue that has another cue after it to merge with.")
    a, b = cues[index], cues[index + 1]
    text = "\n".join(t for t in (a.text, b.text) if t)
    out = list(cues)
    out[index : index + 2] = [Cue(min(a.start_ms, b.start_ms), max(a.end_ms, b.end_ms), text)]
    return out


def shift(cues: Sequence[Cue], offset_ms: int, indexes: Iterable[int] | None = None) -> list[Cue]:
    """Move all cues (or the given ones) by ``offset_ms``; refuses to move any before 0:00."""
    chosen = set(range(len(cues))) if indexes is None else set(indexes)
    out = []
    for i, cue in enumerate(cues):
        if i in chosen:
            if cue.start_ms + offset_ms < 0:
                raise ValidationError(
                    f"Shifting by {offset_ms / 1000:+.3f} s would move cue {i + 1} before 0:00; nothing was moved."
                )
            cue = replace(cue, start_ms=cue.start_ms + offset_ms, end_ms=cue.end_ms + offset_ms)
        out.append(cue)
    return out


def cue_at(cues: Sequence[Cue], ms: int) -> int | None:
    """Index of the cue on screen at ``ms`` (the last that started), or None."""
    found = None
    for i, cue in enumerate(cues):
        if cue.start_ms <= ms < cue.end_ms:
            found = i
        elif cue.start_ms > ms:
            break
    return found


# -- times as text ---------------------------------------------------------------------

_TIME = re.compile(r"^\s*(?:(\d+):)?(?:(\d+):)?(\d+(?:[.,]\d{1,3})?)\s*$")


def format_time(ms: int) -> str:
    sign = "-" if ms < 0 else ""
    ms = abs(int(ms))
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{seconds:02d}.{millis:03d}"
    return f"{sign}{minutes:02d}:{seconds:02d}.{millis:03d}"


def parse_time(text: str) -> int:
    """``1:02.5``, ``62.5``, ``0:01:02,500`` -> milliseconds."""
    m = _TIME.match(text)
    if not m:
        raise ValidationError(f"{text!r} is not a time; write it as M:SS.mmm, e.g. 0:04.500.")
    first, second, secs = m.groups()
    hours, minutes = (int(first), int(second)) if second is not None else (0, int(first or 0))
    total = hours * 3600 + minutes * 60 + float(secs.replace(",", "."))
    return int(round(total * 1000))


def parse_offset(text: str) -> int:
    """``1.5``, ``-0,25``, ``+2`` seconds -> milliseconds (for shifting cues)."""
    try:
        return int(round(float(text.strip().replace(",", ".")) * 1000))
    except ValueError:
        raise ValidationError(f"{text!r} is not a number of seconds; write e.g. 1.5 or -0.25.") from None
