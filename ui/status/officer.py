"""Status bar: who is signed in on this laptop."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from ui.shell import Shell

ORDER = 0


def create_segment(shell: Shell) -> QWidget:
    label = QLabel()
    label.setObjectName("status-officer")

    def show(name: str) -> None:
        label.setText(f"Officer: {name or '(not set)'}")
        label.setAccessibleName(label.text())

    show(shell.ctx.officer)
    shell.bus.officer_changed.connect(show)
    return label
