"""The rota's undo stack holds core change sets (``app.rota.edits``), nothing else.

A command's text is the change set's label, so the Edit menu reads "Undo swap: Sun 17
Jan early ⇄ late". The first ``redo`` is the change the view already made (a refused
change never reaches the stack). Undo and redo run as write ops (``ui.ops``), one at a
time in the order pressed; they take back only what still holds the value the change
wrote, and what they had to leave is said plainly through ``on_notice``. If the core
refuses the whole undo (it would book someone twice), the stack steps back so it
still shows the change as done.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack

from app.db.changeset import ApplyResult, ChangeSet
from app.rota import edits

if TYPE_CHECKING:
    from app.context import AppContext
    from ui.shell import Shell


class ChangeSetCommand(QUndoCommand):
    def __init__(self, shell: Shell, owner: QObject, stack: QUndoStack, changes: ChangeSet, *,
                 on_notice: Callable[[str], None]) -> None:
        super().__init__(changes.label)
        self.shell, self.owner, self.stack = shell, owner, stack
        self.changes = changes
        self._skip = True  # the first redo is the change already made
        self._on_notice = on_notice

    def redo(self) -> None:
        if self._skip:
            self._skip = False
            return
        self._run(edits.redo, "redo")

    def undo(self) -> None:
        if self._skip:
            self._skip = False
            return
        self._run(edits.undo, "undo")

    def _run(self, fn: Callable[[AppContext, ChangeSet], ApplyResult], verb: str) -> None:
        def op(ctx: AppContext) -> ApplyResult:  # on the writer thread, in the order pressed
            result = fn(ctx, self.changes)
            self.changes = result.applied  # the next redo/undo covers only what this one did
            return result

        self.shell.ops.write(parent=self.owner, op=op, doing=f"{verb} {self.text()}") \
            .success(lambda result: self._done(result, verb)) \
            .failure(lambda exc: self._refused(exc, verb)).run()

    def _done(self, result: ApplyResult, verb: str) -> None:
        if result.skipped:
            self._on_notice(result.message(verb))

    def _refused(self, exc: BaseException, verb: str) -> None:
        self._on_notice(f"Could not {verb} {self.text()}: {exc}")
        index = next((i for i in range(self.stack.count()) if self.stack.command(i) is self), None)
        if index is None:
            return
        self._skip = True  # step the stack back without running anything
        if verb == "undo" and self.stack.index() == index:
            self.stack.redo()
        elif verb == "redo" and self.stack.index() == index + 1:
            self.stack.undo()
        else:
            self._skip = False
