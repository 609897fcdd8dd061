"""Undoable rota edits. Each command calls the rota services; the first ``redo`` is the
edit the view already made (so a refused edit never reaches the stack)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from app.context import AppContext
from app.errors import DutyDeskError
from app.rota import service
from app.rota.records import ShiftInfo


class RotaCommand(QUndoCommand):
    def __init__(self, ctx: AppContext, text: str, on_error: Callable[[str], None], refresh: Callable[[], None]) -> None:
        super().__init__(text)
        self.ctx = ctx
        self._first = True
        self._on_error = on_error
        self._refresh = refresh

    def _do(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._guard(self._do)

    def undo(self) -> None:
        self._guard(self._undo)

    def _guard(self, fn: Callable[[], None]) -> None:
        try:
            fn()
        except DutyDeskError as exc:
            self.setObsolete(True)
            self._on_error(f"Could not {self.text().lower()}: {exc}")
        self._refresh()


class EditShiftCommand(RotaCommand):
    """Move, reassign or retype: restores every field on undo."""

    def __init__(self, ctx: AppContext, before: ShiftInfo, after: ShiftInfo, text: str, **kw) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx, text, **kw)
        self.before, self.after = before, after

    @staticmethod
    def _set(ctx: AppContext, s: ShiftInfo) -> None:
        service.update_shift(ctx, s.id, officer=s.officer, start=s.start, end=s.end, kind=s.kind,
                             unpaid_break_minutes=s.unpaid_break_minutes)

    def _do(self) -> None:
        self._set(self.ctx, self.after)

    def _undo(self) -> None:
        self._set(self.ctx, self.before)


class AddShiftsCommand(RotaCommand):
    """Shifts that were added (one by hand, or a whole pattern): undo removes them."""

    def __init__(self, ctx: AppContext, ids: list[str], text: str, **kw) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx, text, **kw)
        self.ids = ids

    def _do(self) -> None:
        service.restore_shifts(self.ctx, self.ids)

    def _undo(self) -> None:
        service.remove_shifts(self.ctx, self.ids)


class RemoveShiftsCommand(AddShiftsCommand):
    def _do(self) -> None:
        service.remove_shifts(self.ctx, self.ids)

    def _undo(self) -> None:
        service.restore_shifts(self.ctx, self.ids)
