"""What an original photo carries besides its pixels, GPS first.

Used by ``photo inspect`` and the editor's Inspect panel, and by the exporter to find
the credit line when the officer chooses to keep it. Reading never changes the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import ExifTags, Image, IptcImagePlugin

from app.errors import ValidationError
from app.photo.loading import DECODER_ERRORS, _damaged, _open, orientation_of, upright_size

GPS_IFD = 0x8825
EXIF_IFD = 0x8769
MAKER_NOTE = 0x927C
ARTIST, COPYRIGHT = 0x013B, 0x8298
IPTC_BYLINE, IPTC_COPYRIGHT = (2, 80), (2, 116)
XMP_KEYS = ("xmp", "XML:com.adobe.xmp")
CAMERA_TAGS = {
    0x010F: "Camera make",
    0x0110: "Camera model",
    0x0131: "Software",
    ARTIST: "Artist",
    COPYRIGHT: "Copyright",
    0x0132: "Modified",
}
EXIF_DETAIL_TAGS = {
    0x9003: "Taken",
    0xA431: "Camera serial number",
    0xA434: "Lens",
    0xA430: "Camera owner",
}
ORIENTATION_TEXT = {
    1: "upright", 2: "mirrored", 3: "upside down", 4: "upside down, mirrored",
    5: "turned, mirrored", 6: "needs turning 90° clockwise", 7: "turned, mirrored", 8: "needs turning 90° anticlockwise",
}


@dataclass
class Inspection:
    path: str
    format: str
    size: tuple[int, int]  # upright
    orientation: int
    has_gps: bool
    gps: tuple[float, float] | None
    metadata: list[str]  # what is present, GPS first
    details: list[tuple[str, str, str]] = field(default_factory=list)  # (group, name, value)
    credit: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "format": self.format,
            "size": list(self.size),
            "orientation": self.orientation,
            "has_gps": self.has_gps,
            "gps": list(self.gps) if self.gps else None,
            "metadata": self.metadata,
            "details": [{"group": g, "name": n, "value": v} for g, n, v in self.details],
            "credit": self.credit,
        }


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value).strip("\x00 ").strip()


def _degrees(value: Any, ref: Any) -> float | None:
    try:
        d, m, s = (float(v) for v in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    result = d + m / 60 + s / 3600
    return -result if _text(ref).upper() in ("S", "W") else result


def gps_position(gps: dict[int, Any]) -> tuple[float, float] | None:
    lat = _degrees(gps.get(2), gps.get(1))
    lon = _degrees(gps.get(4), gps.get(3))
    if lat is None or lon is None:
        return None
    return round(lat, 6), round(lon, 6)


def _iptc(image: Image.Image) -> dict[tuple[int, int], Any]:
    try:
        return IptcImagePlugin.getiptcinfo(image) or {}
    except Exception:  # noqa: BLE001 - damaged IPTC is reported as absent
        return {}


def _text_chunks(image: Image.Image) -> dict[str, str]:
    if image.format != "PNG":
        return {}
    try:
        chunks = dict(getattr(image, "text", {}) or {})
    except Exception:  # noqa: BLE001 - reading text after the pixels may fail on a damaged PNG
        chunks = {}
    return {k: _text(v) for k, v in chunks.items() if k not in XMP_KEYS}


def inspect(path: str | Path) -> Inspection:
    path = Path(path)
    image = _open(path)
    try:
        return _inspect(path, image)
    except MemoryError:
        raise ValidationError(f"{path.name} is too large to inspect.") from None
    except DECODER_ERRORS as exc:
        raise _damaged(path, exc) from None
    finally:
        image.close()


def _inspect(path: Path, image: Image.Image) -> Inspection:
    exif = image.getexif()
    gps = dict(exif.get_ifd(GPS_IFD)) if exif else {}
    sub = dict(exif.get_ifd(EXIF_IFD)) if exif else {}
    iptc = _iptc(image)
    chunks = _text_chunks(image)
    details: list[tuple[str, str, str]] = []
    position = gps_position(gps) if gps else None
    if gps:
        where = f"{position[0]:.6f}, {position[1]:.6f}" if position else "present (unreadable)"
        details.append(("GPS", "Location", where))
        for tag, value in gps.items():
            if tag not in (1, 2, 3, 4):
                details.append(("GPS", ExifTags.GPSTAGS.get(tag, f"Tag {tag}"), _text(value)[:80]))
    present: list[str] = ["gps"] if gps else []
    if exif:
        present.append("exif")
        for tag, name in CAMERA_TAGS.items():
            if exif.get(tag):
                details.append(("EXIF", name, _text(exif[tag])[:120]))
        for tag, name in EXIF_DETAIL_TAGS.items():
            if sub.get(tag):
                details.append(("EXIF", name, _text(sub[tag])[:120]))
    if sub.get(MAKER_NOTE):
        present.append("maker_notes")
        details.append(("EXIF", "Maker notes", f"{len(sub[MAKER_NOTE])} bytes of camera-maker data"))
    xmp = next((image.info[k] for k in XMP_KEYS if image.info.get(k)), None)
    if xmp is None and image.format == "TIFF":
        xmp = image.tag_v2.get(700) if hasattr(image, "tag_v2") else None
    if xmp:
        present.append("xmp")
        details.append(("XMP", "XMP packet", f"{len(xmp)} bytes"))
    if iptc:
        present.append("iptc")
        for key, value in iptc.items():
            shown = value[0] if isinstance(value, list) and value else value
            details.append(("IPTC", f"Field {key[0]}:{key[1]}", _text(shown)[:120]))
    if image.info.get("icc_profile"):
        present.append("icc")
        details.append(("Colour", "ICC profile", f"{len(image.info['icc_profile'])} bytes (converted to sRGB on export)"))
    if image.info.get("comment"):
        present.append("comment")
        details.append(("Comment", "Comment", _text(image.info["comment"])[:200]))
    if chunks:
        present.append("text_chunks")
        for key, value in chunks.items():
            details.append(("PNG text", key, value[:200]))
    orientation = orientation_of(image)
    if orientation != 1:
        details.insert(1 if gps else 0, ("EXIF", "Orientation", f"{orientation}: {ORIENTATION_TEXT[orientation]}"))
    return Inspection(
        path=str(path),
        format=image.format or "?",
        size=upright_size(image),
        orientation=orientation,
        has_gps=bool(gps),
        gps=position,
        metadata=present,
        details=details,
        credit=_credit(exif, iptc),
    )


def _credit(exif: Image.Exif, iptc: dict[tuple[int, int], Any]) -> dict[str, str]:
    credit: dict[str, str] = {}
    artist = _text(exif.get(ARTIST, "")) if exif else ""
    rights = _text(exif.get(COPYRIGHT, "")) if exif else ""
    if not artist and iptc.get(IPTC_BYLINE):
        value = iptc[IPTC_BYLINE]
        artist = _text(value[0] if isinstance(value, list) else value)
    if not rights and iptc.get(IPTC_COPYRIGHT):
        value = iptc[IPTC_COPYRIGHT]
        rights = _text(value[0] if isinstance(value, list) else value)
    if artist:
        credit["artist"] = artist
    if rights:
        credit["copyright"] = rights
    return credit


def credit_exif(credit: dict[str, str]) -> bytes:
    """A minimal EXIF block holding only the credit line (nothing else of the original)."""
    exif = Image.Exif()
    if credit.get("artist"):
        exif[ARTIST] = credit["artist"]
    if credit.get("copyright"):
        exif[COPYRIGHT] = credit["copyright"]
    return exif.tobytes() if len(exif) else b""
