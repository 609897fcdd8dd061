"""What a pending flush changes on one row, column by column.

Both the sync outbox (``changelog``) and undo (``changeset``) need the same reading
of SQLAlchemy's attribute history; each then decides what counts as a real change.
"""

from __future__ import annotations

from collections.abc import Iterator, Set
from typing import Any

from sqlalchemy import inspect


def column_changes(obj: Any, skip: Set[str]) -> Iterator[tuple[str, Any, Any]]:
    """Yield ``(column, old, new)`` for each column of ``obj`` with pending history, except ``skip``."""
    state = inspect(obj)
    for attr in state.mapper.column_attrs:
        if attr.key in skip:
            continue
        history = state.attrs[attr.key].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        yield attr.key, old, new
