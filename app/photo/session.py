"""The editor's open photos, kept between runs on this laptop (never synced).

The originals are never copied: only their paths, each photo's recipe (the list of
edits) and alt text, the ticked channels and the export folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.context import AppContext
from app.errors import ValidationError
from app.photo.recipe import Recipe
from app.settings import device

KEY = "photo.session"


@dataclass
class OpenPhoto:
    path: Path
    recipe: Recipe = field(default_factory=Recipe)
    alt_text: str = ""


@dataclass
class EditorSession:
    photos: list[OpenPhoto] = field(default_factory=list)
    channels: list[str] | None = None
    folder: str | None = None


def save_session(ctx: AppContext, session: EditorSession) -> None:
    value: dict[str, Any] = {
        "photos": [{"path": str(p.path), "recipe": p.recipe.to_json(), "alt_text": p.alt_text} for p in session.photos],
        "channels": session.channels,
        "folder": session.folder,
    }
    device.set_many(ctx, {KEY: value})


def load_session(ctx: AppContext) -> EditorSession:
    """The saved session; photos that were moved or deleted meanwhile are left out."""
    value = device.get(ctx, KEY) or {}
    photos = []
    for item in value.get("photos", []):
        path = Path(item.get("path", ""))
        if not path.is_file():
            continue
        try:
            recipe = Recipe.from_json(item.get("recipe") or "[]")
        except (ValidationError, ValueError, KeyError, TypeError):
            recipe = Recipe()
        photos.append(OpenPhoto(path, recipe, item.get("alt_text", "")))
    return EditorSession(photos, value.get("channels"), value.get("folder"))
