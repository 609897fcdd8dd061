"""Half-copied phone photos and every decoder error are a plain refusal; an orientation-
tagged TIFF is measured upright, so a crop drawn on the upright photo is accepted."""

from __future__ import annotations

import struct
from pathlib import Path

import pillow_heif
import pytest
from PIL import Image, TiffImagePlugin

from app.errors import ValidationError
from app.photo import loading, metadata

pillow_heif.register_heif_opener()


@pytest.fixture(scope="module")
def heic(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("heic") / "phone.heic"
    image = Image.effect_noise((960, 720), 64).convert("RGB")  # noise: a body that is not tiny
    image.save(path, quality=90)
    return path.read_bytes()


@pytest.mark.parametrize("fraction", [0.1, 0.3, 0.5, 0.7, 0.9, 0.99])
def test_truncated_heic_is_refused_in_words(cli, tmp_path, heic, fraction):
    cut = tmp_path / "IMG_0420.heic"
    cut.write_bytes(heic[: int(len(heic) * fraction)])
    with pytest.raises(ValidationError, match="IMG_0420.heic"):
        loading.load(cut)
    assert cli("setup", "--officer", "Ann").code == 0
    out = tmp_path / "out"
    out.mkdir()
    result = cli("photo", "export", str(cut), "--preset", "instagram-square", "-o", str(out))
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1, result.err
    assert "IMG_0420.heic" in result.err and "Traceback" not in result.err
    assert list(out.iterdir()) == []
    inspected = cli("photo", "inspect", str(cut))
    assert inspected.code in (0, 2) and "Traceback" not in inspected.err  # the header may still be readable


@pytest.mark.parametrize(
    "error",
    [EOFError("no more data"), OSError("image file is truncated"), ValueError("Invalid input: Unexpected end of file"),
     SyntaxError("not a TIFF file"), struct.error("unpack requires a buffer of 4 bytes"), MemoryError(),
     IndexError("tuple index out of range"), TypeError("Invalid dimensions")],
    ids=lambda e: type(e).__name__,
)
@pytest.mark.parametrize("stage", ["open", "load"])
def test_every_decoder_error_becomes_a_plain_refusal(tmp_path, monkeypatch, error, stage):
    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (64, 48), "red").save(photo)
    if stage == "open":
        monkeypatch.setattr(Image, "open", lambda *a, **k: (_ for _ in ()).throw(error))
    else:
        monkeypatch.setattr(Image.Image, "load", lambda self: (_ for _ in ()).throw(error))
    with pytest.raises(ValidationError) as caught:
        loading.load(photo)
    assert "photo.jpg" in str(caught.value)


def test_orientation_tagged_tiff_is_measured_upright_and_the_crop_fits(cli, tmp_path):
    image = Image.new("RGB", (400, 200), "red")
    image.paste((0, 0, 255), (0, 0, 50, 50))
    tags = TiffImagePlugin.ImageFileDirectory_v2()
    tags[274] = 6  # stored landscape, shown turned 90 degrees: portrait 200 x 400
    path = tmp_path / "scan.tif"
    image.save(path, tiffinfo=tags)
    assert metadata.inspect(path).size == (200, 400)
    loaded = loading.load(path)
    assert loaded.image.size == loaded.original_size == (200, 400)
    assert loaded.image.getpixel((199, 0))[2] == 255  # the blue corner turned to the top right
    assert cli("setup", "--officer", "Ann").code == 0
    shown = cli("photo", "inspect", str(path), "--json")
    assert shown.code == 0 and '"size": [\n    200,\n    400\n  ]' in shown.out
    out = tmp_path / "out"
    out.mkdir()
    result = cli("photo", "export", str(path), "--preset", "instagram-portrait", "--crop", "0,0,200,400", "-o", str(out))
    assert result.code == 0, result.err
    assert len(list(out.glob("*.jpg"))) == 1
