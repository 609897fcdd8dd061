"""``python -m ui`` and the bundled executables: ``dutydesk`` (console) and ``dutydesk-gui``
(windowed, no console, built from the same analysis: picked here by the executable's name)."""

import sys
from pathlib import Path

from ui.entry import gui_main, main

if getattr(sys, "frozen", False) and Path(sys.executable).stem.lower().endswith("-gui"):
    sys.exit(gui_main())
sys.exit(main())
