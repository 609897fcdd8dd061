"""``dutydesk screenshot VIEW -o FILE.png``: the real window, rendered offscreen."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from app.errors import ValidationError
from app.files import atomic
from ui.views.registry import VIEW_KEYS


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("screenshot", parents=[common], help="render a view of the window to a PNG")
    p.add_argument("view", choices=VIEW_KEYS, metavar="VIEW", help="one of: " + ", ".join(VIEW_KEYS))
    p.add_argument("-o", "--output", required=True, help="PNG file to write")
    p.add_argument("--size", default="1280x800", help="window size, WIDTHxHEIGHT (default 1280x800)")
    p.add_argument("--theme", choices=("system", "light", "dark"), default=None, help="colour scheme to render")
    p.set_defaults(handler=_screenshot)


def parse_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise ValidationError(f"--size must look like 1280x800, not {text!r}.") from None
    if not (320 <= width <= 7680 and 240 <= height <= 4320):
        raise ValidationError("--size must be between 320x240 and 7680x4320.")
    return width, height


def _screenshot(args: argparse.Namespace) -> int:
    size = parse_size(args.size)
    output = Path(args.output)
    if output.suffix.lower() != ".png":
        raise ValidationError("The screenshot file must end in .png.")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.cli.support import cli_context

    with cli_context(args) as ctx:
        path = render_view(ctx, args.view, output, size, args.theme)
    print(path)
    return 0


def render_view(ctx, key: str, output: Path, size: tuple[int, int], scheme: str | None = None) -> Path:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from ui import theme
    from ui.application import build_window

    window = build_window(ctx)
    if scheme:
        theme.apply(QApplication.instance(), scheme)  # type: ignore[arg-type]
    window.resize(*size)
    window.show()
    window.show_view(key)
    app = QApplication.instance()
    for _ in range(5):
        app.processEvents()  # type: ignore[union-attr]
    window.shell.wait(10_000)
    for _ in range(5):
        app.processEvents()  # type: ignore[union-attr]
    output.parent.mkdir(parents=True, exist_ok=True)
    with atomic.writing(output) as tmp:
        if not window.grab().save(str(tmp), "PNG"):
            raise ValidationError(f"Could not write {output}.")
    window.close()
    return output
