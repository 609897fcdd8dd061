"""Render every view of the real window at 1024x640 and 1600x1000, light and dark, with demo
data (a rota, a generated video with captions), to check the layout by eye.

Run: python tools/view_screenshots.py OUT_DIR [--views subtitles,photo] (offscreen; temp data folder).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

SIZES = ((1024, 640), (1600, 1000))
TEAM = ["Alex Morgan", "Bea Khan", "Cal Reid", "Dee Osei"]
CUES = [(800, 3600, "Good evening. This is an update\non flooding in Westfield."),
        (3900, 6900, "The River Wend has risen quickly\nafter heavy rain this afternoon."),
        (7100, 8200, "Please stay away from the riverside path and the footbridge."),
        (8500, 11600, "A rest centre is open at\nWestfield Leisure Centre."),
        (11900, 14900, "Check the color-coded map on\nour website before you travel."),
        (15200, 18400, "If life is at risk, call 999.")]


def settle(app: QApplication, window: object) -> None:
    for _ in range(5):
        app.processEvents()
    window.shell.wait(20_000)  # type: ignore[attr-defined]
    for _ in range(10):
        app.processEvents()


def make_video(path: Path) -> Path:
    from app.media.ffmpeg_tools import require_ffmpeg

    subprocess.run([require_ffmpeg(), "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
                    "-f", "lavfi", "-i", "testsrc=size=1280x720:rate=25:duration=20",
                    "-f", "lavfi", "-i", "sine=frequency=440:duration=20", "-c:a", "aac",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(path)],
                   check=True, capture_output=True)
    return path


def seed(ctx, folder: Path) -> None:  # type: ignore[no-untyped-def]
    from app.media.probe import probe
    from app.rota import service as rota
    from app.subtitles import projects
    from app.subtitles.cues import Cue
    from app.team.service import ensure_officer

    for name in TEAM:
        ensure_officer(ctx, name)
    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday())
    rota.apply_pattern(ctx, "four-week-out-of-hours", start=monday, weeks=4, officers=TEAM)
    video = make_video(folder / "Flood update 23 Nov.mp4")
    project = projects.create_project(ctx, video, media=probe(video))
    projects.save_project(ctx, project.id, cues=[Cue(a, b, t) for a, b, t in CUES], playhead_ms=12_600)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--views", default="")
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
        seed(ctx, Path(tmp))
        window = build_window(ctx)
        window.show()
        for scheme in ("light", "dark"):
            theme.apply(app, scheme)  # type: ignore[arg-type]
            for size in SIZES:
                window.resize(*size)
                for key in keys:
                    window.show_view(key)
                    settle(app, window)
                    shot = args.out / f"{key}-{scheme}-{size[0]}x{size[1]}.png"
                    window.grab().save(str(shot), "PNG")
                    print(shot)
        window.close()
        settle(app, window)
        ctx.close()


if __name__ == "__main__":
    main()
