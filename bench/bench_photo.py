"""Photo tool figures: one 24-megapixel JPEG to four presets, against a bare Pillow
script doing the same resizes, and opening a 24 MP photo to a displayed preview."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image  # noqa: E402

from app.photo.export import export_photo  # noqa: E402
from app.photo.presets import find_presets  # noqa: E402
from app.photo.recipe import Recipe  # noqa: E402
from app.photo.render import crop_pixels, default_crop  # noqa: E402

PRESETS = ["instagram-square", "instagram-portrait", "facebook", "x"]
SIZE = (6000, 4000)  # 24 MP


def make_photo(path: Path) -> Path:
    """A 24 MP JPEG with texture (camera-like file size, ~5-8 MB) and camera EXIF."""
    base = Image.merge("RGB", (
        Image.linear_gradient("L").resize(SIZE),
        Image.radial_gradient("L").resize(SIZE),
        Image.linear_gradient("L").rotate(90).resize(SIZE),
    ))
    grain = Image.effect_noise((SIZE[0] // 4, SIZE[1] // 4), 40).resize(SIZE).convert("RGB")
    photo = Image.blend(base, grain, 0.35)
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 30.0, 1.0), 3: "W", 4: (0.0, 7.0, 1.0)})
    photo.save(path, "JPEG", quality=92, exif=exif)
    return path


def bare_pillow(source: Path, out: Path) -> None:
    """What a careful one-off script does: decode once, crop-resize each preset, save."""
    image = Image.open(source)
    image.load()
    for preset in find_presets(PRESETS):
        box = crop_pixels(default_crop(image.size, preset.aspect), image.size)
        image.resize(preset.size, Image.Resampling.LANCZOS, box=box).save(
            out / f"bare_{preset.name}.jpg", "JPEG", quality=preset.quality
        )


def best_of(runs: int, fn) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def preview_seconds(source: Path) -> float:
    """The editor's real open path: decode a preview, inspect the metadata, render the
    first view with its crop frame (one worker trip), then paint it on the canvas."""
    from PySide6.QtWidgets import QApplication

    from app.photo.presets import load_presets
    from ui.photo.canvas import PhotoCanvas
    from ui.views.photo import _load_document_data

    app = QApplication.instance() or QApplication([])
    canvas = PhotoCanvas()
    canvas.resize(900, 600)
    canvas.show()
    app.processEvents()
    preset = load_presets()[0]

    def open_and_show() -> None:
        _path, _loaded, _info, _thumb, (image, frame, _result, finished) = _load_document_data(source, Recipe(), preset)
        canvas.set_image(image)
        canvas.set_frame(frame, preset.aspect, preset.label)
        canvas.set_finished(finished)
        canvas.repaint()
        app.processEvents()

    return best_of(3, open_and_show)


def run() -> dict[str, float | str]:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        source = make_photo(tmp / "event.jpg")
        presets = find_presets(PRESETS)
        ours = best_of(3, lambda: export_photo(source, Recipe(), presets, tmp / "ours"))
        (tmp / "bare").mkdir()
        bare = best_of(3, lambda: bare_pillow(source, tmp / "bare"))
        figures: dict[str, float | str] = {
            "photo_24mp_to_4_presets_s": round(ours, 3),
            "photo_bare_pillow_same_resizes_s": round(bare, 3),
            "photo_export_vs_bare_pillow_ratio": round(ours / bare, 2),
            "photo_source_file_mb": round(source.stat().st_size / 1e6, 1),
            "photo_machine_load_1min": round(os.getloadavg()[0], 1),  # other work slows every figure
        }
        try:
            figures["photo_open_24mp_to_preview_s"] = round(preview_seconds(source), 3)
        except ImportError as exc:  # the GUI layer is optional for this figure
            figures["photo_open_24mp_to_preview_s"] = f"skipped: {exc}"
        return figures


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key}: {value}")
