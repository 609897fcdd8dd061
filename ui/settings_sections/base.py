"""The contract of a Settings section.

A section reads its values on a worker thread (``read(ctx)``), shows them on the GUI
thread (``show_values``) and, to save, checks the fields and hands back the work to run
on the writer thread (``writer()``); nothing here touches the database on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ui.ops.failures import plain_message

if TYPE_CHECKING:
    from app.context import AppContext

Writer = Callable[["AppContext"], Any]


class SettingsSection(QWidget):
    """A group of settings. ``writer`` raises ``DutyDeskError`` to refuse bad values."""

    saved = Signal()
    refused = Signal(str)  # one plain line: nothing was changed by this section
    # True for a page whose every change is its own write: the view hides Save/Revert there
    saves_at_once = False

    def read(self, ctx: AppContext) -> Any:
        """On a worker thread: what the fields show."""
        return None

    def show_values(self, data: Any) -> None:
        """Fill the fields from what ``read`` returned."""

    def writer(self) -> Writer | None:
        """Check the fields and return the work that stores them (None: nothing to store)."""
        return None

    def after_save(self) -> None:
        """On the GUI thread once stored (apply a theme, tell the window of a new officer)."""

    loading = False

    def load(self) -> None:
        """Fields stay disabled until the stored values are in (nothing typed is overwritten)."""
        self.loading = True
        self.setEnabled(False)
        self.shell.ops.query(parent=self, op=self.read, key="load").success(self._loaded).run()  # type: ignore[attr-defined]

    def _loaded(self, data: Any) -> None:
        self.show_values(data)
        self.mark_saved()
        self.loading = False
        self.setEnabled(True)

    def save(self) -> None:
        """Store this section alone (the Settings view saves all sections in one op)."""
        try:
            work = self.writer()
        except Exception as exc:  # noqa: BLE001 - a refusal at the edge, shown plainly
            self.refused.emit(plain_message(exc))
            return
        if work is None:
            return
        values = self.values()
        self.shell.ops.write(parent=self, op=work).success(lambda _r: self.stored(values)).failure(  # type: ignore[attr-defined]
            lambda exc: self.refused.emit(plain_message(exc))).run()

    def stored(self, values: object) -> None:
        self._saved = values
        self.after_save()
        self.saved.emit()

    def values(self) -> object:
        """What the fields hold now, as a comparable value (tuple of field values)."""
        return None

    def mark_saved(self) -> None:
        """Remember the current values as the stored ones (after load and after save)."""
        self._saved = self.values()

    def is_dirty(self) -> bool:
        """True when the fields differ from what is stored: Settings saves them at quit."""
        return self.values() != getattr(self, "_saved", self.values())
