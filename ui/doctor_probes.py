"""Doctor probes that need Qt: is Qt multimedia (video preview) usable here?"""

from __future__ import annotations

import os
from typing import Any


def qt_multimedia() -> tuple[str, dict[str, Any]]:
    # Qt multimedia logs its backend search loudly; doctor says what matters in plain words.
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false;qt.core.qobject.connect=false")
    try:
        from PySide6 import QtMultimedia  # noqa: F401
        from PySide6.QtMultimedia import QMediaFormat
    except ImportError as exc:
        return "qt_multimedia", {"available": False, "detail": f"cannot load Qt multimedia: {exc}"}
    try:
        decoders = QMediaFormat().supportedFileFormats(QMediaFormat.ConversionMode.Decode)
    except Exception as exc:  # noqa: BLE001 - a broken backend must not stop doctor
        return "qt_multimedia", {"available": False, "detail": f"backend error: {exc}"}
    return "qt_multimedia", {"available": True, "detail": f"{len(decoders)} container formats can be decoded"}
