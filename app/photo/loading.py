"""Opening photos safely: what reaches the editor is an upright, fully decoded image.

Every failure a user can meet (empty file, not an image, truncated download, a
"decompression bomb" that claims billions of pixels) becomes a plain ``ValidationError``
before anything big is allocated. JPEGs are decoded at a reduced scale when that is
enough for the job (``Image.draft``), which is most of the speed of the exporter.
"""

from __future__ import annotations

import io
import math
import struct
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

from app.errors import ValidationError

try:  # phones send HEIC
    import pillow_heif

    pillow_heif.register_heif_opener()
except ImportError:  # pragma: no cover - pillow-heif is a dependency
    pillow_heif = None

ImageFile.LOAD_TRUNCATED_IMAGES = False
MAX_PIXELS = 120_000_000  # a 100 MP medium-format frame opens; a crafted bomb does not
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
OPEN_FORMATS = ("JPEG", "PNG", "WEBP", "TIFF", "HEIF", "MPO")
FILE_PATTERNS = "*.jpg *.jpeg *.png *.webp *.tif *.tiff *.heic *.heif"
ROTATING_ORIENTATIONS = {5, 6, 7, 8}
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@dataclass
class Loaded:
    """An upright image plus what the export needs to know about its original."""

    image: Image.Image
    original_size: tuple[int, int]  # upright, full resolution
    icc_profile: bytes | None
    format: str

    @property
    def scale(self) -> float:
        return self.image.width / self.original_size[0]


def _open(path: Path) -> Image.Image:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ValidationError(f"Cannot open {path.name}: {exc.strerror or exc}.") from exc
    if not path.is_file():
        raise ValidationError(f"{path} is not a file.")
    if size == 0:
        raise ValidationError(f"{path.name} is empty (0 bytes): copy the photo again from the camera or phone.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _bomb(path) from None
    except UnidentifiedImageError:
        raise ValidationError(
            f"{path.name} is not a photo Duty Desk can open (JPEG, PNG, WebP, TIFF or HEIC)."
        ) from None
    except MemoryError:
        raise _bomb(path) from None
    except DECODER_ERRORS as exc:
        raise _damaged(path, exc) from None
    if image.format not in OPEN_FORMATS:
        image.close()
        raise ValidationError(f"{path.name} is a {image.format} file; open a JPEG, PNG, WebP, TIFF or HEIC photo.")
    if image.width * image.height > MAX_PIXELS:
        image.close()
        raise _bomb(path)
    return image


# What Pillow and its plugins raise on damaged or half-copied files: a truncated HEIC is
# a ValueError from libheif, a cut JPEG an OSError, a broken TIFF a struct.error...
DECODER_ERRORS = (OSError, EOFError, ValueError, SyntaxError, struct.error, TypeError, IndexError,
                  KeyError, ZeroDivisionError, RuntimeError)


def _damaged(path: Path, exc: BaseException) -> ValidationError:
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return ValidationError(f"{path.name} is damaged or was not copied completely ({detail[:120]}); copy it again.")


def _bomb(path: Path) -> ValidationError:
    return ValidationError(
        f"{path.name} claims more than {MAX_PIXELS // 1_000_000} megapixels; it is refused as unsafe "
        "(a damaged file or a 'decompression bomb')."
    )


def orientation_of(image: Image.Image) -> int:
    try:
        value = int(image.getexif().get(0x0112, 1) or 1)
    except Exception:  # noqa: BLE001 - a damaged EXIF block means "no orientation"
        return 1
    return value if 1 <= value <= 8 else 1


def upright_size(image: Image.Image) -> tuple[int, int]:
    w, h = image.size
    if orientation_of(image) not in ROTATING_ORIENTATIONS or _decoder_turns_it(image):
        return (w, h)
    return (h, w)


def _decoder_turns_it(image: Image.Image) -> bool:
    """Recent Pillow reports (and decodes) an orientation-tagged TIFF already upright:
    its size then differs from the width and length stored in the file."""
    tags = getattr(image, "tag_v2", None)
    if image.format != "TIFF" or tags is None:
        return False
    return (tags.get(256), tags.get(257)) != image.size


def load(path: str | Path, *, min_scale: float = 1.0) -> Loaded:
    """Decode ``path`` upright. ``min_scale`` (0-1] is how much of the full resolution the
    caller needs: a JPEG is decoded at the smallest 1/2, 1/4 or 1/8 scale that still gives it."""
    path = Path(path)
    image = _open(path)
    fmt = image.format or "?"
    full = upright_size(image)
    try:
        if fmt == "JPEG" and min_scale < 1.0:
            w, h = image.size
            image.draft(image.mode if image.mode in ("RGB", "L") else None,
                        (math.ceil(w * min_scale), math.ceil(h * min_scale)))
        image.load()
        icc = image.info.get("icc_profile") or None
        upright = ImageOps.exif_transpose(image) or image
    except (MemoryError, Image.DecompressionBombError):
        image.close()
        raise _bomb(path) from None
    except DECODER_ERRORS as exc:
        image.close()
        raise _damaged(path, exc) from None
    return Loaded(upright, full, icc, fmt)


def to_rgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """Plain 8-bit sRGB: colour-managed when the original carried a profile, transparency
    flattened onto white (social platforms and JPEG have no alpha)."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    if icc_profile and image.mode in ("RGB", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            return ImageCms.profileToProfile(image, source, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: fall back to the plain conversion below
    if image.mode == "I;16" or image.mode == "I":
        image = image.point(lambda v: v / 256).convert("L")
    return image if image.mode == "RGB" else image.convert("RGB")


def preview(path: str | Path, long_edge: int = 2000, min_edge: int = 1200) -> Loaded:
    """A screen-sized, upright, sRGB image for the editor (fast even for 50 MP): the JPEG is
    decoded at the smallest 1/2, 1/4 or 1/8 scale that still gives ``min_edge`` pixels."""
    probe = _open(Path(path))
    full = upright_size(probe)
    probe.close()
    loaded = load(path, min_scale=min(1.0, min_edge / max(full)))
    image = loaded.image
    if max(image.size) > long_edge:
        image = image.copy()
        image.thumbnail((long_edge, long_edge), Image.Resampling.LANCZOS, reducing_gap=2.0)
    loaded.image = to_rgb(image, loaded.icc_profile)
    loaded.icc_profile = None
    return loaded
