"""``dutydesk photo presets | inspect | export`` as a user types them."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image

from tests.photo.samples import make_jpeg, make_png


def test_presets_json_lists_name_width_height(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("photo", "presets", "--json")
    assert result.code == 0
    presets = {p["name"]: (p["width"], p["height"]) for p in json.loads(result.out)}
    assert presets["instagram-square"] == (1080, 1080)
    assert presets["instagram-portrait"] == (1080, 1350)
    assert presets["instagram-story"] == (1080, 1920)
    assert presets["facebook"] == (1200, 630)
    assert presets["x"] == (1600, 900)
    assert presets["youtube-thumbnail"] == (1280, 720)
    assert presets["linkedin"] == (1200, 627)
    assert "website-hero" in presets


def test_team_can_override_a_preset(cli, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    data_dir.mkdir(parents=True)
    (data_dir / "photo-presets.json").write_text(
        json.dumps({"presets": [{"name": "website-hero", "label": "Council site", "width": 1600, "height": 500}]})
    )
    presets = {p["name"]: p for p in json.loads(cli("photo", "presets", "--json").out)}
    assert (presets["website-hero"]["width"], presets["website-hero"]["height"]) == (1600, 500)


def test_inspect_json_lists_gps_first(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = make_jpeg(tmp_path / "a.jpg", size=(300, 200))
    result = cli("photo", "inspect", str(source), "--json")
    assert result.code == 0
    info = json.loads(result.out)
    assert info["format"] == "JPEG"
    assert info["size"] == [200, 300]
    assert info["orientation"] == 6
    assert info["has_gps"] is True
    assert info["metadata"][0] == "gps"
    assert {"exif", "xmp", "iptc", "icc", "comment"} <= set(info["metadata"])
    text = cli("photo", "inspect", str(source)).out
    assert "GPS location" in text


def test_inspect_png_reports_text_chunks(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    info = json.loads(cli("photo", "inspect", str(make_png(tmp_path / "p.png")), "--json").out)
    assert "text_chunks" in info["metadata"]


def test_export_writes_one_file_per_preset_and_prints_paths(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("setup", "--officer", "Sam Night").code == 0
    source = make_jpeg(tmp_path / "Parade.jpg", size=(900, 600))
    out = tmp_path / "ready"
    result = cli(
        "photo", "export", str(source), "--preset", "instagram-square", "--preset", "x", "-o", str(out),
        "--crop", "0,0,600,600", "--alt-text", "Crowd at the parade", "--caption", "Parade 2026",
    )
    assert result.code == 0, result.err
    paths = [Path(line) for line in result.out.split()]
    assert [p.name for p in paths] == ["parade_instagram-square_1080x1080.jpg", "parade_x_1600x900.jpg"]
    for path, size in zip(paths, [(1080, 1080), (1600, 900)]):
        with Image.open(path) as image:
            assert image.size == size
        assert json.loads(cli("photo", "inspect", str(path), "--json").out)["metadata"] == []
    assert (out / "parade_x_1600x900.txt").read_text(encoding="utf-8").strip() == "Crowd at the parade"
    library = json.loads(cli("photo", "library", "--json").out)
    assert {e["preset"] for e in library} == {"instagram-square", "x"}
    assert all(e["officer"] == "Sam Night" and e["alt_text"] == "Crowd at the parade" for e in library)


def test_export_bad_input_exits_2_with_a_message(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("setup", "--officer", "Sam Night").code == 0
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    out = tmp_path / "out"
    result = cli("photo", "export", str(empty), "--preset", "x", "-o", str(out))
    assert result.code == 2 and "empty" in result.err
    source = make_jpeg(tmp_path / "a.jpg")
    result = cli("photo", "export", str(source), "--preset", "nope", "-o", str(out))
    assert result.code == 2 and "no photo preset called 'nope'" in result.err
    result = cli("photo", "export", str(source), "--preset", "x", "-o", str(out), "--crop", "0,0,5000,10")
    assert result.code == 2 and "does not fit" in result.err
    assert not out.exists() or list(out.iterdir()) == []
    assert json.loads(cli("photo", "library", "--json").out) == []
