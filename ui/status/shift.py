"""Status bar: whether a shift is running. The shift log feature fills this in."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from ui.shell import Shell

ORDER = 10


def create_segment(shell: Shell) -> QWidget:
    label = QLabel("No shift running")
    label.setObjectName("status-shift")
    label.setAccessibleName("Shift: no shift running")
    return label
