"""Primary keys for shared records: UUIDv7 (time-ordered, unique across laptops)."""

from __future__ import annotations

import uuid6


def new_id() -> str:
    return str(uuid6.uuid7())
