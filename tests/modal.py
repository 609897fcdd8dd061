"""Driving a modal dialog that a window opens with ``exec()`` (inside its own event loop)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog


def when_modal(kind: type[QDialog], script: Callable[[QDialog], None], finished: list[bool]) -> QTimer:
    """Run ``script`` on the modal dialog once it is up; ``finished`` gets True after it ran.

    A failed check inside ``script`` rejects the dialog, so no modal loop keeps the test waiting."""
    timer = QTimer()
    timer.setInterval(5)

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            timer.stop()
            try:
                script(dialog)
            except BaseException:
                dialog.reject()
                raise
            finally:
                finished.append(True)

    timer.timeout.connect(look)
    timer.start()
    return timer
