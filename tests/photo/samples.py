"""Real test photos made with Pillow, carrying every kind of metadata a camera or an
editing app leaves behind."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageCms
from PIL.PngImagePlugin import PngInfo

XMP = (
    b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    b'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:City="Home Town"/>'
    b"</rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>"
)
GPS = {1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 40.0), 5: b"\x00", 6: 35.0}
SECRETS = (b"Home Town", b"SECRET-COMMENT", b"Canon", b"SN-12345", b"Private note", b"Jo Photographer")


def pattern(size: tuple[int, int]) -> Image.Image:
    """Red fading to blue from top to bottom, so "upright" can be checked on any crop."""
    ramp = Image.linear_gradient("L").resize(size)  # 0 at the top, 255 at the bottom
    red = ramp.point(lambda v: 255 - v)
    return Image.merge("RGB", (red, Image.new("L", size, 60), ramp))


def exif_block(orientation: int = 6) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif[0x0110] = "Canon EOS R6"
    exif[0x013B] = "Jo Photographer"
    exif[0x8298] = "(c) City Council"
    exif[0x0112] = orientation
    exif.get_ifd(0x8825).update(GPS)
    sub = exif.get_ifd(0x8769)
    sub[0xA431] = "SN-12345"
    sub[0x927C] = b"MAKERNOTE-SN-12345"
    return exif


def iptc_segment() -> bytes:
    """A Photoshop APP13 block with IPTC by-line and caption."""
    def field(record: int, dataset: int, value: bytes) -> bytes:
        return bytes([0x1C, record, dataset]) + len(value).to_bytes(2, "big") + value

    iptc = field(2, 80, b"Jo Photographer") + field(2, 120, b"Private note")
    resource = b"8BIM" + (0x0404).to_bytes(2, "big") + b"\x00\x00" + len(iptc).to_bytes(4, "big") + iptc
    if len(iptc) % 2:
        resource += b"\x00"
    return b"Photoshop 3.0\x00" + resource


def adobe_rgb_icc() -> bytes:
    profile = ImageCms.createProfile("LAB")
    return ImageCms.ImageCmsProfile(profile).tobytes()


def srgb_icc() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def insert_app13(jpeg: bytes, payload: bytes) -> bytes:
    segment = b"\xff\xed" + (len(payload) + 2).to_bytes(2, "big") + payload
    return jpeg[:2] + segment + jpeg[2:]


def make_jpeg(path: Path, size: tuple[int, int] = (300, 200), orientation: int = 6) -> Path:
    """Stored sideways (orientation 6), like a phone held upright: turned, the top is red."""
    upright = pattern((size[1], size[0]) if orientation == 6 else size)
    stored = upright.transpose(Image.Transpose.ROTATE_90) if orientation == 6 else upright
    buffer = io.BytesIO()
    stored.save(buffer, "JPEG", quality=90, exif=exif_block(orientation), comment=b"SECRET-COMMENT",
                xmp=XMP, icc_profile=srgb_icc())
    path.write_bytes(insert_app13(buffer.getvalue(), iptc_segment()))
    return path


def make_png(path: Path, size: tuple[int, int] = (320, 240)) -> Path:
    info = PngInfo()
    info.add_text("Comment", "Private note")
    info.add_text("Location", "Home Town", zip=True)
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    image = pattern(size).convert("RGBA")
    image.save(path, "PNG", pnginfo=info, exif=exif_block(1), icc_profile=srgb_icc())
    return path


def swapped_icc() -> bytes:
    """An RGB profile whose red and blue primaries are exchanged: pure red stored in this
    space is pure blue on screen, so a colour-managed export is easy to tell apart."""
    data = bytearray(srgb_icc())
    count = int.from_bytes(data[128:132], "big")
    entries = {}
    for i in range(count):
        at = 132 + 12 * i
        entries[bytes(data[at:at + 4])] = at
    for a, b in ((b"rXYZ", b"bXYZ"), (b"rTRC", b"bTRC")):
        ia, ib = entries[a], entries[b]
        data[ia + 4:ia + 12], data[ib + 4:ib + 12] = data[ib + 4:ib + 12], data[ia + 4:ia + 12]
    data[84:100] = bytes(16)  # profile ID no longer matches: clear it
    return bytes(data)
