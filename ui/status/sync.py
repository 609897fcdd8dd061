"""Status bar: the sync state. The shared-drive sync feature fills this in."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from ui.shell import Shell

ORDER = 20


def create_segment(shell: Shell) -> QWidget:
    label = QLabel("Sync: local only")
    label.setObjectName("status-sync")
    label.setAccessibleName("Sync state: local only")
    return label
