"""The edit recipe: a list of operations applied to the untouched original.

Nothing is ever written over the photo. An edit appends one ``Op``; the state the
renderer uses is a fold over the list (rotations add up, flips toggle, the last
straighten / adjustment / crop / overlay wins). Undo is dropping the last operation,
which is what the editor's ``QUndoStack`` commands do.

Crop frames are fractions (x, y, w, h in 0..1) of the straightened picture, one per
preset, so they survive any preview size. Rotating or flipping changes the shape of the
picture, so it resets the crop frames to the centred default.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from PIL import ImageColor

from app.errors import ValidationError

ADJUSTMENTS = ("brightness", "contrast", "saturation", "sharpness")
ADJUST_RANGE = (-100, 100)
STRAIGHTEN_LIMIT = 45.0
LOGO_POSITIONS = ("bottom-right", "bottom-left", "top-right", "top-left", "centre")
CAPTION_POSITIONS = ("bottom", "top")
FONTS = ("DejaVu Sans", "DejaVu Sans Bold")
CUSTOM = "custom"  # the free-crop target: any shape, optional long-edge resize
KINDS = ("rotate", "flip", "straighten", "adjust", "crop", "resize", "logo", "caption")

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Logo:
    path: str
    position: str = "bottom-right"
    size: int = 18  # percent of the exported width
    opacity: int = 90  # percent


@dataclass(frozen=True)
class Caption:
    text: str
    font: str = "DejaVu Sans Bold"
    size: int = 5  # percent of the exported height
    colour: str = "#ffffff"
    band: bool = True
    position: str = "bottom"


@dataclass(frozen=True)
class Op:
    kind: str
    value: Any

    def as_json(self) -> dict[str, Any]:
        value = self.value
        if isinstance(value, (Logo, Caption)):
            value = {"type": type(value).__name__.lower(), **value.__dict__}
        return {"kind": self.kind, "value": value}


@dataclass(frozen=True)
class EditState:
    rotation: int = 0  # clockwise quarter turns in degrees: 0, 90, 180, 270
    flip_h: bool = False
    flip_v: bool = False
    straighten: float = 0.0  # degrees, positive turns the picture anticlockwise
    adjust: dict[str, int] = field(default_factory=dict)
    crops: dict[str, Box] = field(default_factory=dict)
    long_edge: int | None = None  # resize for the custom target
    logo: Logo | None = None
    caption: Caption | None = None

    def adjustment(self, name: str) -> int:
        return self.adjust.get(name, 0)

    @property
    def has_geometry(self) -> bool:
        return bool(self.rotation or self.flip_h or self.flip_v or self.straighten)


def _apply(state: EditState, op: Op) -> EditState:
    if op.kind == "rotate":
        return replace(state, rotation=(state.rotation + op.value) % 360, crops={})
    if op.kind == "flip":
        if op.value == "horizontal":
            return replace(state, flip_h=not state.flip_h, crops={})
        return replace(state, flip_v=not state.flip_v, crops={})
    if op.kind == "straighten":
        return replace(state, straighten=float(op.value), crops={})
    if op.kind == "adjust":
        name, amount = op.value
        return replace(state, adjust={**state.adjust, name: int(amount)})
    if op.kind == "crop":
        preset, box = op.value
        crops = dict(state.crops)
        if box is None:
            crops.pop(preset, None)
        else:
            crops[preset] = tuple(box)  # type: ignore[assignment]
        return replace(state, crops=crops)
    if op.kind == "resize":
        return replace(state, long_edge=op.value)
    if op.kind == "logo":
        return replace(state, logo=op.value)
    if op.kind == "caption":
        return replace(state, caption=op.value)
    raise ValidationError(f"Unknown photo edit {op.kind!r}.")


def validate(op: Op) -> Op:
    """Reject nonsense before it joins a recipe (so the renderer never has to)."""
    kind, value = op.kind, op.value
    if kind == "rotate" and value not in (90, 180, 270, -90):
        raise ValidationError("Rotate by 90, 180 or 270 degrees; use Straighten for small angles.")
    if kind == "flip" and value not in ("horizontal", "vertical"):
        raise ValidationError("Flip is horizontal or vertical.")
    if kind == "straighten" and not -STRAIGHTEN_LIMIT <= float(value) <= STRAIGHTEN_LIMIT:
        raise ValidationError(f"Straighten by at most {STRAIGHTEN_LIMIT:g} degrees either way.")
    if kind == "adjust":
        name, amount = value
        if name not in ADJUSTMENTS:
            raise ValidationError(f"Unknown adjustment {name!r}; use one of {', '.join(ADJUSTMENTS)}.")
        if not ADJUST_RANGE[0] <= int(amount) <= ADJUST_RANGE[1]:
            raise ValidationError(f"{name.capitalize()} goes from -100 to +100.")
    if kind == "crop" and value[1] is not None:
        x, y, w, h = (float(v) for v in value[1])
        eps = 1e-6
        if w <= 0.01 or h <= 0.01 or x < -eps or y < -eps or x + w > 1 + eps or y + h > 1 + eps:
            raise ValidationError("The crop frame must lie inside the photo and not be empty.")
    if kind == "resize" and value is not None and not 16 <= int(value) <= 8000:
        raise ValidationError("Resize the long edge to between 16 and 8000 pixels.")
    if kind == "logo" and value is not None:
        if value.position not in LOGO_POSITIONS or not 2 <= value.size <= 60 or not 5 <= value.opacity <= 100:
            raise ValidationError("The logo needs a corner or centre, a size of 2-60% and an opacity of 5-100%.")
    if kind == "caption" and value is not None:
        if not value.text.strip():
            raise ValidationError("The caption is empty.")
        if value.font not in FONTS or value.position not in CAPTION_POSITIONS or not 2 <= value.size <= 20:
            raise ValidationError("The caption needs a bundled font, top or bottom, and a size of 2-20%.")
        try:
            ImageColor.getrgb(value.colour)
        except ValueError:
            raise ValidationError(f"{value.colour!r} is not a colour; write it like #ffffff.") from None
    if kind not in KINDS:
        raise ValidationError(f"Unknown photo edit {kind!r}.")
    return op


@dataclass(frozen=True)
class Recipe:
    ops: tuple[Op, ...] = ()

    def add(self, op: Op) -> Recipe:
        return Recipe((*self.ops, validate(op)))

    def state(self) -> EditState:
        state = EditState()
        for op in self.ops:
            state = _apply(state, op)
        return state

    def __len__(self) -> int:
        return len(self.ops)

    def to_json(self) -> str:
        return json.dumps([op.as_json() for op in self.ops])

    @classmethod
    def from_json(cls, text: str) -> Recipe:
        recipe = cls()
        for item in json.loads(text):
            value = item["value"]
            if isinstance(value, dict) and value.get("type") in ("logo", "caption"):
                kind = Logo if value.pop("type") == "logo" else Caption
                value = kind(**value)
            elif isinstance(value, list):
                value = tuple(tuple(v) if isinstance(v, list) else v for v in value)
            recipe = recipe.add(Op(item["kind"], value))
        return recipe
