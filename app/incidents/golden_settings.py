"""The ``[golden_hour]`` table of an incident template: channel clocks, whether it is a major
incident (planned posts are reviewed), and the clearance ladder. Templates without it get
the defaults below (PagerDuty's guide: first message within 5 minutes, updates every 20)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from app.incidents.platforms import PLATFORMS
from app.incidents.templates import Template

DEFAULT_CHANNELS = ("x", "facebook", "instagram", "website", "email", "press")
DEFAULT_LADDER = ("Duty lead", "Head of communications", "On-call director")


@dataclass(frozen=True)
class GoldenHourSettings:
    major: bool = False
    channels: tuple[str, ...] = DEFAULT_CHANNELS
    first_message_minutes: float = 5.0
    update_minutes: float = 20.0
    clearance: tuple[str, ...] = DEFAULT_LADDER
    clearance_wait_minutes: float = 10.0


def settings_of(template: Template) -> GoldenHourSettings:
    """The template's settings; anything missing or malformed falls back to the default."""
    try:
        raw = tomllib.loads(template.text).get("golden_hour", {}) if template.text else {}
    except tomllib.TOMLDecodeError:
        raw = {}
    if not isinstance(raw, dict):
        raw = {}
    base = GoldenHourSettings()

    def minutes(key: str, default: float) -> float:
        value = raw.get(key, default)
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value <= 1440 else default

    channels = raw.get("channels", base.channels)
    if not isinstance(channels, (list, tuple)) or not all(isinstance(c, str) and c in PLATFORMS for c in channels):
        channels = base.channels
    ladder = raw.get("clearance", base.clearance)
    if not isinstance(ladder, (list, tuple)) or not ladder or not all(isinstance(r, str) and r.strip() for r in ladder):
        ladder = base.clearance
    return GoldenHourSettings(
        major=bool(raw.get("major", False)) if isinstance(raw.get("major", False), bool) else False,
        channels=tuple(dict.fromkeys(channels)),
        first_message_minutes=minutes("first_message_minutes", base.first_message_minutes),
        update_minutes=minutes("update_minutes", base.update_minutes),
        clearance=tuple(" ".join(r.split()) for r in ladder),
        clearance_wait_minutes=minutes("clearance_wait_minutes", base.clearance_wait_minutes),
    )
