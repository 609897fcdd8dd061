"""Exports carry nothing of the original but its pixels: upright, exact size, sRGB."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from app.errors import ValidationError
from app.photo.export import export_photo
from app.photo.loading import load
from app.photo.metadata import inspect
from app.photo.presets import Preset, find_presets, load_presets
from app.photo.recipe import CUSTOM, Caption, Logo, Op, Recipe
from tests.photo.samples import SECRETS, make_jpeg, make_png, swapped_icc

ALL = [p.name for p in load_presets()]


def assert_clean(path: Path) -> None:
    data = path.read_bytes()
    for secret in SECRETS:
        assert secret not in data, f"{secret!r} leaked into {path.name}"
    with Image.open(path) as image:
        assert not image.getexif(), "EXIF left in the export"
        assert "icc_profile" not in image.info
        assert "comment" not in image.info
        assert "xmp" not in image.info
        assert image.applist == [] or all(marker not in ("APP1", "APP2", "APP13") for marker, _ in image.applist)
    assert inspect(path).metadata == []


def assert_upright(path: Path) -> None:
    """The samples fade from red at the top to blue at the bottom once turned upright."""
    with Image.open(path) as image:
        rgb = image.convert("RGB")
        top = rgb.getpixel((rgb.width // 2, rgb.height // 10))
        bottom = rgb.getpixel((rgb.width // 2, rgb.height * 7 // 10))
        left = rgb.getpixel((rgb.width // 10, rgb.height // 2))
        right = rgb.getpixel((rgb.width * 9 // 10, rgb.height // 2))
    assert top[0] > bottom[0] + 20 and top[2] + 20 < bottom[2], f"{path.name} is not upright ({top}, {bottom})"
    assert abs(left[0] - right[0]) < 25, f"{path.name} is turned sideways ({left}, {right})"


def test_jpeg_export_to_every_preset_is_clean_upright_and_exact(tmp_path: Path) -> None:
    source = make_jpeg(tmp_path / "Bridge Opening.jpg", size=(900, 600))
    before = source.read_bytes()
    assert {"gps", "exif", "xmp", "iptc", "icc", "comment", "maker_notes"} <= set(inspect(source).metadata)
    results = export_photo(source, Recipe(), find_presets(ALL), tmp_path / "out", alt_text="Mayor cuts the ribbon")
    assert [r.preset for r in results] == ALL
    for result in results:
        preset = next(p for p in load_presets() if p.name == result.preset)
        with Image.open(result.path) as image:
            assert image.size == (preset.width, preset.height)
            assert image.format == "JPEG"
        assert_clean(result.path)
        assert_upright(result.path)
        assert result.alt_path is not None and result.alt_path.read_text(encoding="utf-8") == "Mayor cuts the ribbon\n"
    assert source.read_bytes() == before, "the original must never change"
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert "bridge-opening_instagram-square_1080x1080.jpg" in names
    assert not [n for n in names if n.endswith(".part")]


def test_youtube_thumbnail_stays_under_two_megabytes(tmp_path: Path) -> None:
    noisy = Image.effect_noise((1400, 800), 120).convert("RGB")  # hardest case for JPEG
    source = tmp_path / "noise.png"
    noisy.save(source)
    [result] = export_photo(source, Recipe(), find_presets(["youtube-thumbnail"]), tmp_path)
    assert result.bytes <= 2_000_000
    assert result.path.stat().st_size <= 2_000_000


def test_size_cap_lowers_quality_until_it_fits(tmp_path: Path) -> None:
    source = tmp_path / "noise.png"
    Image.effect_noise((800, 450), 120).convert("RGB").save(source)
    tight = Preset("tight", "Tight", 640, 360, max_bytes=150_000, quality=95)
    [result] = export_photo(source, Recipe(), [tight], tmp_path / "out")
    assert result.bytes <= 150_000


def test_png_text_chunks_exif_and_alpha_are_gone(tmp_path: Path) -> None:
    source = make_png(tmp_path / "poster.png")
    assert "text_chunks" in inspect(source).metadata
    [result] = export_photo(source, Recipe(), find_presets(["instagram-square"]), tmp_path / "out")
    assert_clean(result.path)
    assert_upright(result.path)


def test_icc_profile_is_converted_to_srgb_not_dropped(tmp_path: Path) -> None:
    source = tmp_path / "tagged.jpg"
    Image.new("RGB", (400, 300), (255, 0, 0)).save(source, quality=95, icc_profile=swapped_icc())
    [result] = export_photo(source, Recipe(), find_presets(["x"]), tmp_path / "out")
    with Image.open(result.path) as image:
        r, g, b = image.convert("RGB").getpixel((800, 450))
        assert "icc_profile" not in image.info
    assert b > 200 and r < 60, "colours were not converted from the photo's own profile"


def test_keep_credit_keeps_only_the_credit_line(tmp_path: Path) -> None:
    source = make_jpeg(tmp_path / "a.jpg")
    [result] = export_photo(source, Recipe(), find_presets(["facebook"]), tmp_path / "o", keep_credit=True)
    with Image.open(result.path) as image:
        exif = image.getexif()
        assert exif.get(0x013B) == "Jo Photographer"
        assert exif.get(0x8298) == "(c) City Council"
        assert not exif.get_ifd(0x8825)
        assert exif.get(0x010F) is None
    assert inspect(result.path).metadata == ["exif"]
    assert b"SN-12345" not in result.path.read_bytes()


def test_crop_rotate_and_overlays_render_at_preset_size(tmp_path: Path) -> None:
    source = make_jpeg(tmp_path / "a.jpg", size=(600, 400))
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (80, 40), (255, 255, 0, 255)).save(logo)
    recipe = (
        Recipe()
        .add(Op("rotate", 180))
        .add(Op("straighten", 3.5))
        .add(Op("crop", ("instagram-square", (0.0, 0.1, 1.0, 0.5))))
        .add(Op("adjust", ("brightness", 20)))
        .add(Op("logo", Logo(str(logo), "top-left", 20, 100)))
        .add(Op("caption", Caption("Bridge reopened", size=6)))
    )
    [square] = export_photo(source, recipe, find_presets(["instagram-square"]), tmp_path / "out")
    with Image.open(square.path) as image:
        assert image.size == (1080, 1080)
        margin = round(1080 * 0.04) + 5
        r, g, b = image.convert("RGB").getpixel((margin, margin))
        assert r > 200 and g > 200 and b < 80, "logo missing in the top-left corner"
        bottom = image.convert("RGB").getpixel((540, 1075))
        assert max(bottom) < 140, "caption band missing at the bottom"


def test_custom_crop_with_long_edge_resize(tmp_path: Path) -> None:
    source = make_jpeg(tmp_path / "a.jpg", size=(600, 400))  # upright 400 x 600
    recipe = Recipe().add(Op("crop", (CUSTOM, (0.0, 0.0, 0.5, 0.5)))).add(Op("resize", 100))
    [result] = export_photo(source, recipe, [Preset(CUSTOM, "Custom", 16, 16)], tmp_path / "out")
    with Image.open(result.path) as image:
        assert image.size == (67, 100)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"this is a text file, not a photo\n", "not a photo"),
    ],
)
def test_bad_files_are_refused_plainly(tmp_path: Path, content: bytes, message: str) -> None:
    source = tmp_path / "bad.jpg"
    source.write_bytes(content)
    with pytest.raises(ValidationError, match=message):
        export_photo(source, Recipe(), find_presets(["x"]), tmp_path / "out")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_truncated_jpeg_is_refused_and_nothing_written(tmp_path: Path) -> None:
    whole = make_jpeg(tmp_path / "whole.jpg", size=(600, 400)).read_bytes()
    source = tmp_path / "cut.jpg"
    source.write_bytes(whole[: len(whole) // 2])
    out = tmp_path / "out"
    with pytest.raises(ValidationError, match="damaged|not copied completely"):
        export_photo(source, Recipe(), find_presets(["x", "facebook"]), out)
    assert list(out.iterdir()) == []


def test_decompression_bomb_is_refused(tmp_path: Path) -> None:
    """A tiny PNG whose header claims 20000 x 20000 pixels (400 MP)."""
    source = tmp_path / "bomb.png"
    buffer = io.BytesIO()
    Image.new("L", (10, 10)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    data[16:24] = (20000).to_bytes(4, "big") + (20000).to_bytes(4, "big")  # IHDR width, height
    data[29:33] = zlib.crc32(bytes(data[12:29])).to_bytes(4, "big")
    source.write_bytes(bytes(data))
    with pytest.raises(ValidationError, match="megapixels"):
        export_photo(source, Recipe(), find_presets(["x"]), tmp_path / "out")
    with pytest.raises(ValidationError, match="megapixels"):
        load(source)


def test_unwritable_folder_is_refused(tmp_path: Path) -> None:
    """The real command, with permission bits enforced even when the tests run as root."""
    import subprocess

    from tests.conftest import dutydesk_command, run_dutydesk, without_root_override

    prefix = without_root_override()
    if prefix is None:
        pytest.skip("running as root without setpriv: cannot make a folder unwritable")
    data = tmp_path / "data"
    assert run_dutydesk("--data-dir", str(data), "setup", "--officer", "A").code == 0
    source = make_jpeg(tmp_path / "a.jpg")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = subprocess.run(
            [*prefix, *dutydesk_command("--data-dir", str(data), "photo", "export", str(source),
                                        "--preset", "x", "-o", str(locked))],
            capture_output=True, text=True, timeout=120, check=False,
        )
        assert result.returncode == 2, result.stderr
        assert "Cannot write" in result.stderr
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_output_that_is_a_file_is_refused(tmp_path: Path) -> None:
    source = make_jpeg(tmp_path / "a.jpg")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(ValidationError, match="Cannot write"):
        export_photo(source, Recipe(), find_presets(["x"]), blocker)


def test_logo_larger_than_photo_is_refused(tmp_path: Path) -> None:
    source = make_jpeg(tmp_path / "a.jpg", size=(300, 200))
    logo = tmp_path / "huge.png"
    Image.new("RGBA", (1000, 1000), "white").save(logo)
    out = tmp_path / "out"
    with pytest.raises(ValidationError, match="larger than the photo"):
        export_photo(source, Recipe().add(Op("logo", Logo(str(logo)))), find_presets(["x"]), out)
    assert list(out.iterdir()) == []


def test_alt_text_over_the_limit_is_refused(tmp_path: Path) -> None:
    source = make_jpeg(tmp_path / "a.jpg")
    with pytest.raises(ValidationError, match="at most 1000"):
        export_photo(source, Recipe(), find_presets(["x"]), tmp_path / "out", alt_text="a" * 1001)


def test_heic_opens_and_exports(tmp_path: Path) -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    source = tmp_path / "phone.heic"
    from tests.photo.samples import pattern

    pillow_heif.from_pillow(pattern((320, 240))).save(str(source), quality=80)
    assert inspect(source).format == "HEIF"
    [result] = export_photo(source, Recipe(), find_presets(["facebook"]), tmp_path / "out")
    with Image.open(result.path) as image:
        assert image.size == (1200, 630)
    assert_upright(result.path)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    width=st.integers(20, 400),
    height=st.integers(20, 400),
    rotation=st.sampled_from([0, 90, 180, 270]),
    angle=st.floats(-45, 45, allow_nan=False),
    preset=st.sampled_from(ALL),
)
def test_any_photo_shape_gives_the_exact_preset_size(
    tmp_path: Path, width: int, height: int, rotation: int, angle: float, preset: str
) -> None:
    source = tmp_path / "any.png"
    Image.new("RGB", (width, height), (90, 90, 90)).save(source)
    recipe = Recipe()
    if rotation:
        recipe = recipe.add(Op("rotate", rotation))
    recipe = recipe.add(Op("straighten", angle))
    [result] = export_photo(source, recipe, find_presets([preset]), tmp_path / "out")
    chosen = find_presets([preset])[0]
    with Image.open(io.BytesIO(result.path.read_bytes())) as image:
        assert image.size == chosen.size


def test_reduced_decoding_never_costs_detail_in_a_tight_crop(tmp_path: Path) -> None:
    """A small crop of a big JPEG must be decoded at full scale: thin stripes survive."""
    stripes = Image.new("L", (2400, 1600), 0)
    for x in range(0, 2400, 8):
        stripes.paste(255, (x, 0, x + 4, 1600))
    source = tmp_path / "stripes.jpg"
    stripes.convert("RGB").save(source, quality=95)
    tight = Recipe().add(Op("crop", ("x", (0.4, 0.4, 1600 / 2400 / 4, 900 / 1600 / 4))))  # 400x225 px
    wide = Recipe()  # the whole width: a 1/2 decode is plenty for 1600 px
    for recipe in (tight, wide):
        [result] = export_photo(source, recipe, find_presets(["x"]), tmp_path / "out")
        with Image.open(result.path) as image:
            low, high = image.convert("L").crop((400, 450, 1200, 451)).getextrema()
            assert high - low > 150, "the stripes were blurred away"
