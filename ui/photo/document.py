"""One opened photo in the editor: its recipe, alt text, preview and undo stack.

Every edit is a ``RecipeCommand`` pushed on the photo's own ``QUndoStack``: redo sets
the recipe with the new operation, undo puts back the recipe from before. Slider drags
merge into one command, so a drag is one undo step and the recipe stays short.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage, QUndoCommand, QUndoStack

from app.photo.loading import Loaded
from app.photo.metadata import Inspection
from app.photo.recipe import Op, Recipe


class PhotoDocument(QObject):
    recipe_changed = Signal()

    def __init__(self, path: Path, loaded: Loaded, inspection: Inspection, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.loaded = loaded  # screen-sized, upright, sRGB
        self.inspection = inspection
        self.recipe = Recipe()
        self.alt_text = ""
        self.thumbnail: QImage | None = None
        self.undo_stack = QUndoStack(self)

    @property
    def name(self) -> str:
        return self.path.name

    def set_recipe(self, recipe: Recipe) -> None:
        self.recipe = recipe
        self.recipe_changed.emit()

    def edit(self, op: Op, text: str, merge_key: str | None = None) -> None:
        """Validate and apply one edit as an undoable command (errors reach the caller).
        An edit that changes nothing (a click on the frame, leaving the caption box) is not
        recorded, so Undo always undoes something visible."""
        command = RecipeCommand(self, op, text, merge_key)
        if command.after.state() != self.recipe.state():
            self.undo_stack.push(command)


_MERGE_IDS: dict[str, int] = {}


class RecipeCommand(QUndoCommand):
    def __init__(self, doc: PhotoDocument, op: Op, text: str, merge_key: str | None = None) -> None:
        super().__init__(text)
        self.doc = doc
        self.before = doc.recipe
        self.after = doc.recipe.add(op)  # raises ValidationError before anything is pushed
        self.merge_key = merge_key

    def id(self) -> int:
        if self.merge_key is None:
            return -1
        return _MERGE_IDS.setdefault(self.merge_key, len(_MERGE_IDS) + 1)

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt API
        if not isinstance(other, RecipeCommand) or other.merge_key != self.merge_key or other.doc is not self.doc:
            return False
        self.after = self.before.add(other.after.ops[-1])
        self.doc.recipe = self.after  # same state, without the superseded step
        return True

    def redo(self) -> None:
        self.doc.set_recipe(self.after)

    def undo(self) -> None:
        self.doc.set_recipe(self.before)
