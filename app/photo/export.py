"""Exporting one photo to several presets, clean and atomically.

The original is decoded once, at the smallest scale every chosen preset still gets
full detail from, turned upright, edited, then cropped and resized per preset. Each
file is encoded in memory, written under a temporary name in the output folder, and
only when every preset succeeded are they all renamed into place (``os.replace``):
a failure leaves the folder as it was.

Nothing of the original's metadata is copied (no EXIF, GPS, XMP, IPTC, maker notes,
comments, text chunks, ICC): files are plain sRGB JPEGs. ``keep_credit`` writes back a
minimal EXIF block with only the artist and copyright line.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from app.errors import ValidationError
from app.files import atomic, names
from app.photo import loading, render
from app.photo.metadata import credit_exif
from app.photo.metadata import inspect as inspect_metadata
from app.photo.presets import Preset
from app.photo.recipe import CUSTOM, Box, EditState, Recipe
from app.validation.paths import readable_name
from app.validation.text import free_text

ALT_TEXT_LIMIT = 1000  # X's limit, the strictest of the big platforms
ALT_TEXT_ADVICE = 125  # screen readers read shorter alt text more comfortably
THUMB_EDGE = 240
QUALITY_STEPS = (80, 72, 64, 56, 48, 40, 32, 25)

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class ExportResult:
    preset: str
    path: Path
    width: int
    height: int
    bytes: int
    alt_path: Path | None
    thumbnail: bytes


def slug(text: str, fallback: str = "photo") -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return text[:60] or fallback


def file_stem(source: Path, preset: str, size: tuple[int, int]) -> str:
    return names.safe_name(f"{slug(source.stem)}_{preset}_{size[0]}x{size[1]}")


def check_alt_text(text: str) -> str:
    text = free_text(text, what="The alt text")
    if len(text) > ALT_TEXT_LIMIT:
        raise ValidationError(
            f"The alt text is {len(text)} characters; platforms accept at most {ALT_TEXT_LIMIT}. Shorten it."
        )
    return text


def custom_target(size: tuple[int, int], state: EditState) -> Preset:
    """The free-crop target: the frame's own shape, at full detail or the chosen long edge."""
    geo = render.geometry_size(size, state)
    box = state.crops.get(CUSTOM, render.default_crop(geo, None))
    width, height = render.custom_size(box, geo, state.long_edge)
    return Preset(CUSTOM, "Custom crop", max(16, width), max(16, height))


def crop_for(preset: Preset, state: EditState, geo_size: tuple[int, int]) -> Box:
    aspect = None if preset.name == CUSTOM else preset.aspect
    return state.crops.get(preset.name) or render.default_crop(geo_size, aspect)


def needed_scale(presets: list[Preset], state: EditState, full: tuple[int, int]) -> float:
    """The decode scale that still gives every preset at least its pixel size."""
    geo = render.geometry_size(full, state)
    scale = 0.0
    for preset in presets:
        box = crop_for(preset, state, geo)
        scale = max(scale, preset.width / (box[2] * geo[0]), preset.height / (box[3] * geo[1]))
    return min(1.0, scale)


def prepare_folder(folder: Path) -> Path:
    folder = Path(folder).expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".dutydesk-probe-", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise ValidationError(
            f"Cannot write to the folder {folder}: {exc.strerror or exc}. Choose another folder."
        ) from exc
    return folder


def encode(image: Image.Image, preset: Preset, exif: bytes) -> bytes:
    image.info = {}  # never let anything of the original ride along
    for quality in (preset.quality, *(q for q in QUALITY_STEPS if q < preset.quality)):
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality, exif=exif, optimize=quality != preset.quality)
        data = buffer.getvalue()
        if not preset.max_bytes or len(data) <= preset.max_bytes:
            return data
    raise ValidationError(
        f"Could not make the {preset.label} file smaller than {preset.max_bytes / 1_000_000:g} MB."
    )


def thumbnail(image: Image.Image) -> bytes:
    small = image.copy()
    small.thumbnail((THUMB_EDGE, THUMB_EDGE), Image.Resampling.BILINEAR)
    buffer = io.BytesIO()
    small.save(buffer, "JPEG", quality=75)
    return buffer.getvalue()


def _check_logo(state: EditState, photo_size: tuple[int, int]) -> None:
    if state.logo is None:
        return
    mark = render.logo_image(state.logo.path)
    if mark.width > photo_size[0] or mark.height > photo_size[1]:
        raise ValidationError(
            f"The logo ({mark.width}x{mark.height}) is larger than the photo ({photo_size[0]}x{photo_size[1]}): "
            "choose the logo file, not a photo."
        )


def _write_atomically(folder: Path, files: list[tuple[Path, bytes]]) -> None:
    """All presets or none (app.files.atomic.write_all); exports are plain shareable files."""
    del folder
    atomic.write_all(files)


def export_photo(
    source: str | Path,
    recipe: Recipe,
    presets: list[Preset],
    out_dir: str | Path,
    *,
    alt_text: str = "",
    keep_credit: bool = False,
    progress: Progress | None = None,
) -> list[ExportResult]:
    source = readable_name(Path(source), what="The photo's file name")  # it is recorded in the library
    readable_name(Path(out_dir), what="The export folder")
    if not presets:
        raise ValidationError("Choose at least one preset to export to.")
    alt_text = check_alt_text(alt_text)
    state = recipe.state()
    folder = prepare_folder(Path(out_dir))
    info = inspect_metadata(source)  # also rejects empty, non-image and bomb files cheaply
    _check_logo(state, info.size)
    exif = credit_exif(info.credit) if keep_credit else b""
    presets = [custom_target(info.size, state) if p.name == CUSTOM else p for p in presets]
    total = len(presets) + 1
    _tell(progress, 0, total, f"Opening {source.name}")
    loaded = loading.load(source, min_scale=needed_scale(presets, state, info.size))
    picture = render.geometry(loaded.image, state)
    files: list[tuple[Path, bytes]] = []
    results: list[ExportResult] = []
    for step, preset in enumerate(presets, start=1):
        _tell(progress, step, total, f"Making {preset.label}")
        image = render.finish(picture, state, crop_for(preset, state, picture.size), preset.size, loaded.icc_profile)
        data = encode(image, preset, exif)
        stem = file_stem(source, preset.name, preset.size)
        path = folder / f"{stem}.jpg"
        files.append((path, data))
        alt_path = None
        if alt_text:
            alt_path = folder / f"{stem}.txt"
            files.append((alt_path, (alt_text + "\n").encode("utf-8")))
        results.append(ExportResult(preset.name, path, preset.width, preset.height, len(data), alt_path, thumbnail(image)))
    _write_atomically(folder, files)
    _tell(progress, total, total, "Done")
    return results


def _tell(progress: Progress | None, done: int, total: int, text: str) -> None:
    if progress is not None:
        progress(done, total, text)
