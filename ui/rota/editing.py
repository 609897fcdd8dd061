"""Rota changes from the view, as write ops: each runs ``app.rota.edits`` off the GUI thread
and puts the change set it returns on the undo stack. Handed its dependencies, so it can be
driven without the view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoStack

from app.rota import edits
from ui.rota.commands import ChangeSetCommand

if TYPE_CHECKING:
    from app.context import AppContext
    from app.rota.edits import Edit
    from ui.shell import Shell

Done = Callable[[Any], None] | None


class RotaEditing:
    def __init__(self, shell: Shell, owner: QObject, stack: QUndoStack, *,
                 on_error: Callable[[BaseException], None], on_notice: Callable[[str], None]) -> None:
        self.shell, self.owner, self.stack = shell, owner, stack
        self.on_error, self.on_notice = on_error, on_notice

    def run(self, op: Callable[[AppContext], Edit[Any]], done: Done = None, *, doing: str = "change the rota",
            failed: Callable[[BaseException], None] | None = None) -> None:
        def recorded(edit: Edit[Any]) -> None:
            if edit.changes:
                self.stack.push(ChangeSetCommand(self.shell, self.owner, self.stack, edit.changes,
                                                 on_notice=self.on_notice))
            if done is not None:
                done(edit.value)

        self.shell.ops.write(parent=self.owner, op=op, doing=doing).success(recorded).failure(failed or self.on_error).run()

    def add_shift(self, values: dict[str, Any], done: Done = None) -> None:
        self.run(lambda ctx: edits.add_shift(ctx, **values), done, doing="add the shift")

    def edit_shift(self, shift_id: str, values: dict[str, Any], done: Done = None) -> None:
        """Writes only the fields that differ from the shift as it is."""
        self.run(lambda ctx: edits.edit_shift(ctx, shift_id, **values), done, doing="change the shift")

    def remove_shifts(self, shift_ids: list[str], done: Done = None) -> None:
        self.run(lambda ctx: edits.remove_shifts(ctx, shift_ids), done, doing="remove the shift")

    def apply_pattern(self, name: str, start: dt.date, weeks: int, officers: list[str], done: Done = None) -> None:
        self.run(lambda ctx: edits.apply_pattern(ctx, name, start=start, weeks=weeks, officers=officers), done,
                 doing="apply the pattern")

    def add_leave(self, values: dict[str, Any], done: Done = None) -> None:
        v = values
        self.run(lambda ctx: edits.add_leave(ctx, v["officer"], v["start"], v["end"], v["kind"], v["note"]), done,
                 doing="record the leave")

    def swap(self, shift_a: str, shift_b: str, done: Done = None) -> None:
        self.run(lambda ctx: edits.swap(ctx, shift_a, shift_b), done, doing="swap the shifts")

    def accept_swap(self, swap_id: str, done: Done = None) -> None:
        self.run(lambda ctx: edits.accept_swap(ctx, swap_id), done, doing="accept the swap")

    def save_pattern(self, data: dict[str, Any], done: Done, failed: Callable[[BaseException], None]) -> None:
        """The pattern editor's Save: refusals go back to the editor (``failed``), not to a message box."""
        self.run(lambda ctx: edits.save_pattern(ctx, data), done, doing="save the pattern", failed=failed)

    def fill(self, result: Any, done: Done = None) -> None:
        self.run(lambda ctx: edits.fill(ctx, result), done, doing="fill the period")
