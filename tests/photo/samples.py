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


def make_event_scene(path: Path, size: tuple[int, int] = (1800, 1200), orientation: int = 1) -> Path:
    """A synthetic evening event photo (skyline, bridge, crowd, bunting) with camera EXIF
    and GPS, for the GUI tests and the screenshots."""
    import random

    from PIL import ImageDraw, ImageFilter

    w, h = size
    rng = random.Random(7)
    sky_top, sky_low = (38, 62, 118), (246, 160, 92)
    ramp = Image.linear_gradient("L").resize((w, h))
    sky = Image.composite(Image.new("RGB", size, sky_low), Image.new("RGB", size, sky_top), ramp)
    draw = ImageDraw.Draw(sky)
    draw.ellipse((w * 0.62, h * 0.38, w * 0.72, h * 0.38 + w * 0.1), fill=(255, 214, 150))
    x = 0
    while x < w:  # skyline
        bw, bh = rng.randint(60, 150), rng.randint(int(h * 0.12), int(h * 0.38))
        draw.rectangle((x, h * 0.62 - bh, x + bw, h * 0.62), fill=(44, 48, 70))
        for wy in range(int(h * 0.62 - bh) + 12, int(h * 0.62) - 10, 26):
            for wx in range(x + 10, x + bw - 10, 22):
                if rng.random() < 0.35:
                    draw.rectangle((wx, wy, wx + 8, wy + 12), fill=(255, 206, 120))
        x += bw + rng.randint(4, 20)
    draw.rectangle((0, h * 0.62, w, h), fill=(58, 70, 96))  # river
    for i in range(40):
        y = h * 0.64 + i * h * 0.009
        draw.line((rng.randint(0, w), y, rng.randint(0, w), y), fill=(230, 150, 100), width=2)
    deck = h * 0.56
    draw.rectangle((0, deck, w, deck + h * 0.035), fill=(190, 60, 50))  # bridge
    for px in range(0, w, w // 9):
        draw.rectangle((px, deck - h * 0.2, px + 14, deck), fill=(170, 50, 42))
        draw.line((px + 7, deck - h * 0.2, px + w // 18, deck), fill=(200, 200, 210), width=2)
    for i in range(0, w, 70):  # bunting
        colour = [(230, 57, 70), (255, 209, 102), (6, 214, 160), (17, 138, 178)][i // 70 % 4]
        draw.polygon([(i, deck - h * 0.19), (i + 50, deck - h * 0.19), (i + 25, deck - h * 0.15)], fill=colour)
    ground = h * 0.78
    draw.rectangle((0, ground, w, h), fill=(72, 64, 60))
    for _ in range(140):  # crowd
        cx = rng.randint(-20, w + 20)
        cy = rng.randint(int(ground - h * 0.02), h)
        r = int(h * 0.028 * (0.6 + cy / h))
        shade = rng.choice([(30, 28, 36), (52, 40, 44), (40, 50, 70), (90, 40, 40)])
        draw.ellipse((cx - r, cy - r * 2.6, cx + r, cy - r * 0.6), fill=(shade[0] + 40, shade[1] + 30, shade[2] + 20))
        draw.rounded_rectangle((cx - r * 1.5, cy - r * 0.7, cx + r * 1.5, cy + r * 4), radius=r, fill=shade)
    photo = sky.filter(ImageFilter.GaussianBlur(1.2))
    noise = Image.effect_noise(size, 18).convert("RGB")
    photo = Image.blend(photo, noise, 0.06)
    stored = photo.transpose(Image.Transpose.ROTATE_90) if orientation == 6 else photo
    stored.save(path, "JPEG", quality=90, exif=exif_block(orientation), comment=b"SECRET-COMMENT", xmp=XMP)
    return path
