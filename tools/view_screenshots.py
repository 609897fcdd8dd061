"""Render every view of the real window at 1024x640 and 1600x1000, light and dark, with
realistic data (tools/screenshot_data.py: a team of twelve, a shift log, an overdue incident,
a photo, a video with captions, a sync conflict), to check the layout by eye.

Run: python tools/view_screenshots.py OUT_DIR [--views subtitles,photo] (offscreen; temp data folder).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication, QTabWidget  # noqa: E402

from tools.screenshot_data import seed  # noqa: E402

SIZES = ((1024, 640), (1600, 1000))


def settle(app: QApplication, window: object) -> None:
    for _ in range(5):
        app.processEvents()
    window.shell.wait(20_000)  # type: ignore[attr-defined]
    for _ in range(10):
        app.processEvents()


def prepare(app: QApplication, window: Any, photo: Path) -> None:
    """Open what a user would have open: the photo, the conflict, the running incident."""
    window.show_view("photo").open_paths([photo])
    settle(app, window)


def extra_shots(window: Any, app: QApplication) -> dict[str, Callable[[], None]]:
    """Views with a second page worth a look: the Team settings and the sync conflicts."""
    def team() -> None:
        view = window.show_view("settings")
        tabs = view.findChild(QTabWidget)
        tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabText(i).replace("&", "") == "Team"))
    return {"settings-team": team}


def save(pixmap: Any, path: Path, *, small: bool = False) -> None:
    """Save a grab; ``small`` quantizes to 256 colours, which a flat UI survives unchanged to the eye."""
    pixmap.save(str(path), "PNG")
    if small:
        from PIL import Image

        with Image.open(path) as image:
            quantized = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        quantized.save(path, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--views", default="")
    parser.add_argument("--small", action="store_true", help="256-colour PNGs (a third of the size) for docs/")
    args = parser.parse_args()
    from app.context import open_context
    from app.setup import setup
    from ui import theme
    from ui.application import build_window
    from ui.views.registry import VIEW_KEYS

    app = QApplication.instance() or QApplication([])
    args.out.mkdir(parents=True, exist_ok=True)
    keys = [k for k in VIEW_KEYS if not args.views or k in args.views.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_context(Path(tmp) / "laptop")
        setup(ctx, officer="Sam Night")
        _video, photo = seed(ctx, Path(tmp))
        window = build_window(ctx)
        window.show()
        settle(app, window)
        prepare(app, window, photo)
        extras = extra_shots(window, app)
        for scheme in ("light", "dark"):
            theme.apply(app, scheme)  # type: ignore[arg-type]
            for size in SIZES:
                window.resize(*size)
                for key in keys + [k for k in extras if not args.views or k in args.views.split(",")]:
                    extras[key]() if key in extras else window.show_view(key)
                    settle(app, window)
                    shot = args.out / f"{key}-{scheme}-{size[0]}x{size[1]}.png"
                    save(window.grab(), shot, small=args.small)
                    print(shot)
        window.close()
        settle(app, window)
        ctx.close()


if __name__ == "__main__":
    main()
