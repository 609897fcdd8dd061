"""The contract of a Settings section."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


class SettingsSection(QWidget):
    """A group of settings. ``save`` raises ``DutyDeskError`` to refuse bad values."""

    def load(self) -> None:
        """Fill the fields from the services."""

    def save(self) -> None:
        """Write the fields through the services."""

    def is_dirty(self) -> bool:
        return False
