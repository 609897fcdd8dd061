"""Turning an upright original plus an ``EditState`` into pixels.

The same functions draw the editor's preview (on a screen-sized copy) and the exports
(on the original decoded at the scale the preset needs), so what the officer sees is
what gets published.

Order: quarter turns and flips -> straighten (rotate, then trim the blank corners) ->
crop and resize in one step (``Image.resize(box=..., reducing_gap=...)``) -> sRGB ->
adjustments -> logo and caption.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw, ImageEnhance, ImageFont

from app.errors import ValidationError
from app.photo.loading import to_rgb
from app.photo.recipe import Box, Caption, EditState, Logo
from app.resources import bundled_font, resource_path

REDUCING_GAP = 2.5
_ROTATIONS = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_90}
_ENHANCERS = {
    "brightness": ImageEnhance.Brightness,
    "contrast": ImageEnhance.Contrast,
    "saturation": ImageEnhance.Color,
    "sharpness": ImageEnhance.Sharpness,
}


def normalise_mode(image: Image.Image) -> Image.Image:
    """A mode every later step can resize and enhance (RGB, RGBA, L, CMYK)."""
    if image.mode in ("RGB", "RGBA", "L", "CMYK"):
        return image
    if image.mode in ("LA", "PA") or "transparency" in image.info:
        return image.convert("RGBA")
    if image.mode.startswith("I"):
        return image.convert("I").point(lambda v: v / 256).convert("L")
    return image.convert("RGB")


def straighten_scale(width: int, height: int, degrees: float) -> float:
    """How much of the picture survives a straighten without blank corners."""
    a = math.radians(abs(degrees))
    c, s = math.cos(a), math.sin(a)
    return min(width / (width * c + height * s), height / (width * s + height * c))


def geometry(image: Image.Image, state: EditState) -> Image.Image:
    image = normalise_mode(image)
    if state.rotation:
        image = image.transpose(_ROTATIONS[state.rotation])
    if state.flip_h:
        image = image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    if state.flip_v:
        image = image.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    if state.straighten:
        w, h = image.size
        k = straighten_scale(w, h, state.straighten)
        turned = image.rotate(state.straighten, resample=Image.Resampling.BICUBIC)
        cw, ch = w * k, h * k
        image = turned.crop((round((w - cw) / 2), round((h - ch) / 2), round((w + cw) / 2), round((h + ch) / 2)))
    return image


def geometry_size(size: tuple[int, int], state: EditState) -> tuple[int, int]:
    """The picture's size after turns and straightening, without decoding anything."""
    w, h = size
    if state.rotation in (90, 270):
        w, h = h, w
    if state.straighten:
        k = straighten_scale(w, h, state.straighten)
        w, h = round(w * k), round(h * k)
    return w, h


def default_crop(size: tuple[int, int], aspect: float | None) -> Box:
    """The largest centred frame of the preset's shape (the whole picture for free crop)."""
    if aspect is None:
        return (0.0, 0.0, 1.0, 1.0)
    w, h = size
    if w / h > aspect:
        fw = (h * aspect) / w
        return ((1 - fw) / 2, 0.0, fw, 1.0)
    fh = (w / aspect) / h
    return (0.0, (1 - fh) / 2, 1.0, fh)


def crop_pixels(box: Box, size: tuple[int, int]) -> tuple[float, float, float, float]:
    x, y, w, h = box
    return (x * size[0], y * size[1], (x + w) * size[0], (y + h) * size[1])


def custom_size(box: Box, full: tuple[int, int], long_edge: int | None) -> tuple[int, int]:
    w, h = max(1, round(box[2] * full[0])), max(1, round(box[3] * full[1]))
    if long_edge and max(w, h) > long_edge:
        k = long_edge / max(w, h)
        w, h = max(1, round(w * k)), max(1, round(h * k))
    return w, h


def finish(
    picture: Image.Image,
    state: EditState,
    box: Box,
    out_size: tuple[int, int],
    icc_profile: bytes | None = None,
) -> Image.Image:
    """Crop ``box`` out of the straightened ``picture``, at exactly ``out_size``, finished."""
    left, top, right, bottom = crop_pixels(box, picture.size)
    image = picture.resize(
        out_size, Image.Resampling.LANCZOS, box=(left, top, right, bottom), reducing_gap=REDUCING_GAP
    )
    image = to_rgb(image, icc_profile)
    image = adjust(image, state)
    if state.logo is not None:
        image = draw_logo(image, state.logo)
    if state.caption is not None:
        image = draw_caption(image, state.caption)
    return image


def adjust(image: Image.Image, state: EditState) -> Image.Image:
    for name, enhancer in _ENHANCERS.items():
        amount = state.adjustment(name)
        if amount:
            image = enhancer(image).enhance(1 + amount / 100)
    return image


@lru_cache(maxsize=8)
def _logo_image(path: str, mtime: float) -> Image.Image:
    from app.photo.loading import load

    loaded = load(path)
    image = loaded.image
    return image.convert("RGBA") if image.mode != "RGBA" else image


def logo_image(path: str) -> Image.Image:
    try:
        mtime = Path(path).stat().st_mtime
    except OSError as exc:
        raise ValidationError(f"Cannot open the logo {Path(path).name}: {exc.strerror or exc}.") from exc
    return _logo_image(path, mtime)


def draw_logo(image: Image.Image, logo: Logo) -> Image.Image:
    mark = logo_image(logo.path)
    width = max(8, round(image.width * logo.size / 100))
    height = max(1, round(mark.height * width / mark.width))
    if height > image.height * 0.6:
        height = round(image.height * 0.6)
        width = max(1, round(mark.width * height / mark.height))
    mark = mark.resize((width, height), Image.Resampling.LANCZOS)
    if logo.opacity < 100:
        alpha = mark.getchannel("A").point(lambda a: a * logo.opacity // 100)
        mark.putalpha(alpha)
    margin = round(min(image.size) * 0.04)
    x = {"left": margin, "right": image.width - width - margin}
    y = {"top": margin, "bottom": image.height - height - margin}
    if logo.position == "centre":
        pos = ((image.width - width) // 2, (image.height - height) // 2)
    else:
        vertical, horizontal = logo.position.split("-")
        pos = (x[horizontal], y[vertical])
    out = image.copy()
    out.paste(mark, pos, mark)
    return out


def font_path(name: str) -> Path:
    if name.endswith("Bold"):
        bold = resource_path("fonts", "DejaVuSans-Bold.ttf")
        if bold.exists():
            return bold
    return bundled_font()


def _greedy(words: list[str], font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    lines: list[str] = []
    for word in words:
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(trial) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


def _wrap(text: str, font: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    """Lines of even length that fit ``max_width`` (no lonely last word), at most six."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        words = paragraph.split()
        if not words:
            lines.append("")
            continue
        count = len(_greedy(words, font, max_width))
        target = font.getlength(" ".join(words)) / count
        while target < max_width and len(_greedy(words, font, target)) > count:
            target *= 1.04  # the narrowest width that still needs no extra line
        lines += _greedy(words, font, min(target, max_width))
    return lines[:6]


def draw_caption(image: Image.Image, caption: Caption) -> Image.Image:
    size = max(10, round(image.height * caption.size / 100))
    font = ImageFont.truetype(str(font_path(caption.font)), size)
    padding = round(size * 0.6)
    lines = _wrap(caption.text.strip(), font, image.width - 2 * padding)
    line_height = round(size * 1.25)
    block = line_height * len(lines) + 2 * padding
    top = image.height - block if caption.position == "bottom" else 0
    out = image.convert("RGBA")
    layer = Image.new("RGBA", out.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    if caption.band:
        draw.rectangle((0, top, image.width, top + block), fill=(0, 0, 0, 150))
    colour = ImageColor.getrgb(caption.colour)
    stroke = 0 if caption.band else max(1, size // 14)
    for i, line in enumerate(lines):
        width = font.getlength(line)
        xy = ((image.width - width) / 2, top + padding + i * line_height)
        draw.text(xy, line, font=font, fill=colour, stroke_width=stroke, stroke_fill=(0, 0, 0))
    return Image.alpha_composite(out, layer).convert("RGB")


@dataclass
class EditorPictures:
    """What the editor shows for one channel, all from the screen-sized preview."""

    canvas: Image.Image  # whole picture: turns, straighten, adjustments
    frame: Box  # the channel's crop frame on it
    finished: Image.Image | None  # the channel's picture at the frame's screen size, overlays included
    result: Image.Image | None  # the same, small (fits ``result_box``)


def editor_pictures(base: Image.Image, state: EditState, preset_size: tuple[int, int] | None,
                    frame: Box, result_box: tuple[int, int]) -> EditorPictures:
    """``preset_size`` None means the custom (free) crop, sized by the frame itself."""
    picture = geometry(base, state)
    canvas = adjust(to_rgb(picture, None), state)
    w, h = preset_size or custom_size(frame, picture.size, None)
    shown_w = max(16, round(frame[2] * picture.width))
    shown = (shown_w, max(16, round(shown_w * h / w)))
    k = min(result_box[0] / w, result_box[1] / h)
    small = (max(1, round(w * k)), max(1, round(h * k)))
    try:
        finished = finish(picture, state, frame, shown)
    except ValidationError:  # e.g. the logo file went away: show the picture without it
        return EditorPictures(canvas, frame, None, None)
    result = finished.resize(small, Image.Resampling.LANCZOS, reducing_gap=2.0)
    return EditorPictures(canvas, frame, finished, result)
