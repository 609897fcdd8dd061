"""Checking cues against a reading-speed profile (BBC-style, Netflix-style), shipped as data.

A profile is a JSON file in ``resources/subtitles/profiles/`` whose numbers an officer
may change (per project, or by editing the file). Each broken rule is a ``Finding`` for
one cue; the rule names are a contract of ``dutydesk subtitles check --json``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from app.errors import ValidationError
from app.resources import resource_path
from app.subtitles.cues import Cue, format_time

RULES = ("line_length", "lines", "cps", "min_duration", "max_duration", "gap", "overlap", "spelling")
# What a captioner calls each rule (the window's Checks column); the keys stay the --json contract.
RULE_WORDS = {
    "line_length": "Line too long",
    "lines": "Too many lines",
    "cps": "Reading speed",
    "min_duration": "Too short",
    "max_duration": "Too long on screen",
    "gap": "Gap too small",
    "overlap": "Overlaps",
    "spelling": "Spelling",
}
NUMBERS = ("max_chars_per_line", "max_lines", "max_cps", "min_duration_ms", "max_duration_ms", "min_gap_ms")


def rule_words(rules: Sequence[str]) -> str:
    """The broken rules in words, in the order of ``RULES``, each once."""
    found = set(rules)
    return ", ".join(RULE_WORDS.get(rule, rule) for rule in (*RULES, *sorted(found - set(RULES))) if rule in found)


@dataclass(frozen=True)
class Profile:
    name: str
    label: str
    max_chars_per_line: int
    max_lines: int
    max_cps: float
    min_duration_ms: int
    max_duration_ms: int
    min_gap_ms: int
    source: str = ""

    def with_numbers(self, **numbers: Any) -> Profile:
        """A copy with some numbers changed (the editable limits); checked for sense."""
        clean: dict[str, Any] = {}
        for key, value in numbers.items():
            if key not in NUMBERS:
                raise ValidationError(f"{key!r} is not a limit of a check profile.")
            try:
                number = float(value) if key == "max_cps" else int(value)
            except (TypeError, ValueError):
                raise ValidationError(f"{key} must be a number, not {value!r}.") from None
            if number < 0 or (key != "min_gap_ms" and number == 0):
                raise ValidationError(f"{key} must be more than 0.")
            clean[key] = number
        new = replace(self, **clean)
        if new.min_duration_ms > new.max_duration_ms:
            raise ValidationError("The shortest cue allowed cannot be longer than the longest.")
        return new

    def numbers(self) -> dict[str, float]:
        return {k: getattr(self, k) for k in NUMBERS}

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def profile_names() -> list[str]:
    return sorted(p.stem for p in resource_path("subtitles", "profiles").glob("*.json"))


def load_profile(name: str, overrides: dict[str, Any] | None = None) -> Profile:
    path = resource_path("subtitles", "profiles", f"{name}.json")
    if name not in profile_names():
        raise ValidationError(f"Unknown check profile {name!r}; choose one of: {', '.join(profile_names())}.")
    data = json.loads(path.read_text(encoding="utf-8"))
    known = {f.name for f in fields(Profile)}
    profile = Profile(**{k: v for k, v in data.items() if k in known})
    return profile.with_numbers(**overrides) if overrides else profile


@dataclass(frozen=True)
class Finding:
    cue: int  # 1-based
    rule: str
    value: float | int | str
    limit: float | int | None
    message: str
    suggestions: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """Exactly the keys of the ``check --json`` contract."""
        return {"cue": self.cue, "rule": self.rule, "value": self.value, "limit": self.limit, "message": self.message}


def check_cue(
    cue: Cue, number: int, profile: Profile, previous: Cue | None = None, spell: bool = True, previous_number: int | None = None
) -> list[Finding]:
    """Findings for one cue; ``previous`` is the cue before it on screen (for gap and overlap)."""
    before = previous_number or number - 1
    out: list[Finding] = []
    p = profile
    for line in cue.lines:
        length = len(line.strip())
        if length > p.max_chars_per_line:
            out.append(Finding(number, "line_length", length, p.max_chars_per_line,
                               f"A line has {length} characters; at most {p.max_chars_per_line}."))
    if len(cue.lines) > p.max_lines:
        out.append(Finding(number, "lines", len(cue.lines), p.max_lines,
                           f"{len(cue.lines)} lines; at most {p.max_lines}."))
    cps = cue.cps
    if cps > p.max_cps and cue.duration_ms > 0:
        need = cue.char_count * 1000 / p.max_cps / 1000
        out.append(Finding(number, "cps", round(cps, 1), p.max_cps,
                           f"Reading speed {cps:.1f} characters a second; at most {p.max_cps:g}. "
                           f"Show it for {need:.1f} s or shorten the text."))
    if cue.duration_ms == 0:
        out.append(Finding(number, "min_duration", 0, p.min_duration_ms,
                           f"Lasts no time at all ({format_time(cue.start_ms)}), so it never shows; "
                           f"give it at least {p.min_duration_ms / 1000:g} s."))
    elif cue.duration_ms < p.min_duration_ms:
        out.append(Finding(number, "min_duration", cue.duration_ms, p.min_duration_ms,
                           f"On screen {cue.duration_ms / 1000:.2f} s; at least {p.min_duration_ms / 1000:g} s."))
    if cue.duration_ms > p.max_duration_ms:
        out.append(Finding(number, "max_duration", cue.duration_ms, p.max_duration_ms,
                           f"On screen {cue.duration_ms / 1000:.2f} s; at most {p.max_duration_ms / 1000:g} s."))
    if previous is not None:
        gap = cue.start_ms - previous.end_ms
        if gap < 0:
            out.append(Finding(number, "overlap", gap, 0,
                               f"Starts {-gap / 1000:.3f} s before cue {before} ends "
                               f"({format_time(previous.end_ms)})."))
        elif 0 < gap < p.min_gap_ms:
            out.append(Finding(number, "gap", gap, p.min_gap_ms,
                               f"Gap after cue {before} is {gap} ms; leave at least {p.min_gap_ms} ms "
                               "or close it to 0 so captions do not flicker."))
    if spell and cue.text:
        from app.subtitles.spelling import speller

        for miss in speller().check_text(cue.text):
            hint = f" Did you mean {', '.join(miss.suggestions[:3])}?" if miss.suggestions else ""
            out.append(Finding(number, "spelling", miss.word, None, f"{miss.word!r} is not British English spelling.{hint}",
                               miss.suggestions))
    return out


def check(cues: Sequence[Cue], profile: Profile, spell: bool = True) -> list[Finding]:
    findings: list[Finding] = []
    previous: Cue | None = None
    previous_number = 0
    for number, cue in enumerate(cues, start=1):
        findings.extend(check_cue(cue, number, profile, previous, spell, previous_number))
        if previous is None or cue.end_ms >= previous.end_ms:
            previous, previous_number = cue, number
    return findings


def stretch_for_reading(cues: Sequence[Cue], index: int, profile: Profile) -> Cue:
    """The cue with its end moved so it reads at the profile's speed and lasts the minimum,
    without running into the next cue (keeping the minimum gap). May still be too fast if
    the next cue is too close: then the text must be shortened."""
    cue = cues[index]
    need_ms = max(profile.min_duration_ms, int(cue.char_count * 1000 / profile.max_cps + 0.999))
    end = max(cue.end_ms, cue.start_ms + need_ms)
    if index + 1 < len(cues):
        end = min(end, max(cue.end_ms, cues[index + 1].start_ms - profile.min_gap_ms))
    end = min(end, cue.start_ms + profile.max_duration_ms)
    return Cue(cue.start_ms, max(end, cue.end_ms), cue.text)
