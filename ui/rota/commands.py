"""The rota's undo stack holds core change sets (``app.rota.edits``), nothing else.

A command's text is the change set's label, so the Edit menu reads "Undo swap: Sun 17
Jan early ⇄ late". The first ``redo`` is the change the view already made (a refused
change never reaches the stack). Undo takes back only what still holds the value the
change wrote; what it had to leave is said plainly through ``on_notice``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from app.context import AppContext
from app.db.changeset import ApplyResult, ChangeSet
from app.errors import DutyDeskError
from app.rota import edits


class ChangeSetCommand(QUndoCommand):
    def __init__(self, ctx: AppContext, changes: ChangeSet, *, on_error: Callable[[str], None],
                 refresh: Callable[[], None]) -> None:
        super().__init__(changes.label)
        self.ctx = ctx
        self.changes = changes
        self._first = True
        self._on_error = on_error
        self._refresh = refresh

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._run(edits.redo, "redo")

    def undo(self) -> None:
        self._run(edits.undo, "undo")

    def _run(self, fn: Callable[[AppContext, ChangeSet], ApplyResult], verb: str) -> None:
        try:
            result = fn(self.ctx, self.changes)
        except DutyDeskError as exc:  # refused as a whole: nothing changed, the command goes
            self.setObsolete(True)
            self._on_error(f"Could not {verb} {self.changes.label}: {exc}")
        else:
            self.changes = result.applied  # the next redo/undo covers only what this one did
            if result.skipped:
                self._on_error(result.message(verb))
        self._refresh()
