"""The contract of a Settings section."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


class SettingsSection(QWidget):
    """A group of settings. ``save`` raises ``DutyDeskError`` to refuse bad values."""

    def load(self) -> None:
        """Fill the fields from the services."""

    def save(self) -> None:
        """Write the fields through the services."""

    def values(self) -> object:
        """What the fields hold now, as a comparable value (tuple of field values)."""
        return None

    def mark_saved(self) -> None:
        """Remember the current values as the stored ones (after load and after save)."""
        self._saved = self.values()

    def is_dirty(self) -> bool:
        """True when the fields differ from what is stored: Settings saves them at quit."""
        return self.values() != getattr(self, "_saved", self.values())
