"""The tamper-evident hash chain of log entries.

``entry_hash = sha256(prev_hash + canonical JSON of the entry's recorded facts)``.
Changing any recorded fact of an entry, or removing one, breaks the chain from there.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS = "0" * 64

HASHED_FIELDS = (
    "id", "shift_id", "chain_key", "seq", "officer", "text", "category", "channel", "link",
    "event_at", "recorded_at", "is_open", "due", "rationale", "amends", "amend_reason",
    "outside_shift", "source",
)


def canonical(entry: Any) -> str:
    from app.db.values import to_json_value

    facts = {name: to_json_value(getattr(entry, name)) for name in HASHED_FIELDS}
    return json.dumps(facts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_hash(prev_hash: str, entry: Any) -> str:
    return hashlib.sha256((prev_hash + canonical(entry)).encode("utf-8")).hexdigest()
