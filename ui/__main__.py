"""``python -m ui`` and the bundled executables: ``dutydesk`` (console) and ``dutydesk-gui``
(windowed, no console, built from the same analysis: picked here by the executable's name)."""

import sys
from pathlib import Path

if len(sys.argv) > 1 and sys.argv[1] == "--dutydesk-worker":  # the bundle's worker process (app/worker.py): no Qt
    from app.worker import serve

    sys.exit(serve())

from ui.entry import gui_main, main  # noqa: E402 - after the worker's dispatch, which needs no Qt

if getattr(sys, "frozen", False) and Path(sys.executable).stem.lower().endswith("-gui"):
    sys.exit(gui_main())
sys.exit(main())
