"""The look of burned-in captions, as presets shipped in ``resources/subtitles/styles.json``.

Sizes and margins are percentages of the picture, so one preset works at any
resolution; ``to_ssa`` turns them into pixels for a given video, with the ASS play
resolution set to the video size (otherwise libass lays text out for 384x288). Margins
never go below the title-safe area (5% of the width and height on each side).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

import pysubs2

from app.errors import ValidationError
from app.resources import resource_path

TITLE_SAFE_PCT = 5.0  # title-safe area: the inner 90% of width and height
FONT_FAMILIES = ("DejaVu Sans",)  # fonts shipped in resources/fonts
POSITIONS = ("bottom", "middle", "top")
AUTO = "auto"


@dataclass(frozen=True)
class BurnStyle:
    name: str
    label: str = ""
    font: str = "DejaVu Sans"
    size_pct: float = 5.5  # text height, % of picture height
    bold: bool = False
    colour: str = "#FFFFFF"
    outline_colour: str = "#000000"
    outline_pct: float = 0.35  # outline width, % of picture height
    box: bool = False
    box_colour: str = "#000000"
    box_opacity: float = 0.75
    position: str = "bottom"
    margin_v_pct: float = 8.0
    margin_h_pct: float = 10.0

    def validated(self) -> BurnStyle:
        if self.font not in FONT_FAMILIES:
            raise ValidationError(f"Font {self.font!r} is not shipped; use one of: {', '.join(FONT_FAMILIES)}.")
        if not 1.5 <= self.size_pct <= 15:
            raise ValidationError("Caption size must be between 1.5% and 15% of the picture height.")
        if self.position not in POSITIONS:
            raise ValidationError(f"Position must be one of: {', '.join(POSITIONS)}.")
        for colour in (self.colour, self.outline_colour, self.box_colour):
            parse_colour(colour)
        if not 0 <= self.box_opacity <= 1 or not 0 <= self.outline_pct <= 2:
            raise ValidationError("Box opacity must be 0-1 and outline 0-2% of the height.")
        return replace(
            self,
            margin_v_pct=max(TITLE_SAFE_PCT, min(40.0, self.margin_v_pct)),
            margin_h_pct=max(TITLE_SAFE_PCT, min(30.0, self.margin_h_pct)),
        )

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BurnStyle:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known}).validated()

    def to_ssa(self, width: int, height: int) -> pysubs2.SSAStyle:
        s = self.validated()
        text = parse_colour(s.colour)
        outline = parse_colour(s.outline_colour)
        box = parse_colour(s.box_colour, alpha=round((1 - s.box_opacity) * 255))
        alignment = {"bottom": 2, "middle": 5, "top": 8}[s.position]
        style = pysubs2.SSAStyle(
            fontname=s.font,
            fontsize=round(height * s.size_pct / 100),
            primarycolor=text,
            secondarycolor=text,
            bold=s.bold,
            alignment=pysubs2.Alignment(alignment),
            marginl=round(width * s.margin_h_pct / 100),
            marginr=round(width * s.margin_h_pct / 100),
            marginv=round(height * s.margin_v_pct / 100),
        )
        if s.box:
            # libass draws BorderStyle 3 as a box in the outline colour
            style.borderstyle = 3
            style.outlinecolor = box
            style.backcolor = box
            style.outline = max(2.0, round(height * 0.006, 1))
            style.shadow = 0
        else:
            style.borderstyle = 1
            style.outlinecolor = outline
            style.backcolor = pysubs2.Color(0, 0, 0, 128)
            style.outline = max(1.0, round(height * s.outline_pct / 100, 1))
            style.shadow = 0
        return style


def parse_colour(text: str, alpha: int = 0) -> pysubs2.Color:
    value = text.strip().lstrip("#")
    if len(value) != 6:
        raise ValidationError(f"{text!r} is not a colour; write it as #RRGGBB, e.g. #FFFFFF.")
    try:
        r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        raise ValidationError(f"{text!r} is not a colour; write it as #RRGGBB, e.g. #FFFFFF.") from None
    return pysubs2.Color(r, g, b, alpha)


def _presets_data() -> dict[str, Any]:
    return json.loads(resource_path("subtitles", "styles.json").read_text(encoding="utf-8"))


def style_names() -> list[str]:
    return list(_presets_data()["styles"])


def load_style(name: str, aspect: str = "landscape") -> BurnStyle:
    """A preset by name; ``auto`` picks the square or vertical preset from the video shape."""
    if name == AUTO:
        name = aspect if aspect in ("square", "vertical") else "landscape"
    styles = _presets_data()["styles"]
    if name not in styles:
        raise ValidationError(f"Unknown caption style {name!r}; choose one of: auto, {', '.join(styles)}.")
    return BurnStyle.from_json({"name": name, **styles[name]})


def safe_box(width: int, height: int) -> tuple[int, int, int, int]:
    """The title-safe rectangle (left, top, right, bottom) in pixels."""
    dx, dy = round(width * TITLE_SAFE_PCT / 100), round(height * TITLE_SAFE_PCT / 100)
    return dx, dy, width - dx, height - dy
