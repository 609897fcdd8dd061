"""Platform presets: the exact pixel sizes each channel wants, shipped as editable data.

The shipped list is ``resources/photo/presets.json``. A team can add presets or change
one (the website hero, say) in ``photo-presets.json`` in its data folder: same shape,
entries with the same ``name`` replace the shipped ones.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from app.errors import ValidationError
from app.resources import resource_path

TEAM_FILE = "photo-presets.json"
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
MAX_SIDE = 8000
DEFAULT_QUALITY = 88


@dataclass(frozen=True)
class Preset:
    name: str
    label: str
    width: int
    height: int
    max_bytes: int | None = None
    quality: int = DEFAULT_QUALITY

    @property
    def aspect(self) -> float:
        return self.width / self.height

    @property
    def size(self) -> tuple[int, int]:
        return self.width, self.height

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _parse(entry: Any, source: Path) -> Preset:
    if not isinstance(entry, dict):
        raise ValidationError(f"{source}: every preset must be an object with name, width and height.")
    name = str(entry.get("name", "")).strip()
    if not NAME_RE.match(name):
        raise ValidationError(f"{source}: preset name {name!r} must be lower-case letters, digits and dashes.")
    try:
        width, height = int(entry["width"]), int(entry["height"])
        max_bytes = int(entry["max_bytes"]) if entry.get("max_bytes") else None
        quality = int(entry.get("quality", DEFAULT_QUALITY))
    except (KeyError, TypeError, ValueError):
        raise ValidationError(f"{source}: preset {name!r} needs whole-number width and height.") from None
    if not (16 <= width <= MAX_SIDE and 16 <= height <= MAX_SIDE):
        raise ValidationError(f"{source}: preset {name!r} must be between 16 and {MAX_SIDE} pixels a side.")
    if not 1 <= quality <= 95:
        raise ValidationError(f"{source}: preset {name!r} quality must be 1-95.")
    label = str(entry.get("label") or name)
    return Preset(name, label, width, height, max_bytes, quality)


def _read(path: Path) -> list[Preset]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValidationError(f"Cannot read the photo presets in {path}: {exc}") from exc
    entries = data.get("presets") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise ValidationError(f"{path}: expected a list of presets under \"presets\".")
    return [_parse(entry, path) for entry in entries]


def load_presets(data_dir: Path | None = None) -> list[Preset]:
    """Shipped presets, then the team's additions and overrides (in file order)."""
    presets = {p.name: p for p in _read(resource_path("photo", "presets.json"))}
    if data_dir is not None and (data_dir / TEAM_FILE).is_file():
        for preset in _read(data_dir / TEAM_FILE):
            presets[preset.name] = preset
    return list(presets.values())


def find_presets(names: list[str], data_dir: Path | None = None) -> list[Preset]:
    known = {p.name: p for p in load_presets(data_dir)}
    chosen: list[Preset] = []
    for name in names:
        preset = known.get(name.strip().lower())
        if preset is None:
            raise ValidationError(f"There is no photo preset called {name!r}. Known presets: {', '.join(known)}.")
        if preset not in chosen:
            chosen.append(preset)
    if not chosen:
        raise ValidationError("Choose at least one preset to export to.")
    return chosen
