"""The tamper-evident hash chains of log entries.

One chain per (shift, laptop): ``<shift id>@<device id>``, or ``outside:<officer>@<device
id>`` for entries outside any shift. Only one laptop ever appends to a chain, so an
officer working one shift on two laptops, a data folder restored from a backup or a
cloned folder never produce two different entries with one number in one chain (a clone
that writes before its first sync forks a chain; ``verify`` accepts a fork whose every
entry links to a genuine predecessor).

``entry_hash = sha256(prev_hash + canonical JSON of every fact that makes the entry)``,
including who wrote it (``created_by``, ``created_device``, ``updated_by``) and when it
was created. The first entry of a chain links to the chain's *genesis*, a hash of the
chain key and of the shift row's lasting facts (id, officer, start, who created it), so
a changed shift row breaks its chain too.

Entries written before this scheme (chain key = shift id, or ``outside:<officer>:<device>``)
keep their original hash over the fields of the time (``LEGACY_FIELDS``) and their
all-zero genesis; they still verify.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from typing import Any

_DEVICE_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
GENESIS = "0" * 64  # the genesis of chains written before per-laptop chains
SEPARATOR = "@"

LEGACY_FIELDS = (
    "id", "shift_id", "chain_key", "seq", "officer", "text", "category", "channel", "link",
    "event_at", "recorded_at", "is_open", "due", "rationale", "amends", "amend_reason",
    "outside_shift", "source",
)
HASHED_FIELDS = (*LEGACY_FIELDS, "created_at", "created_by", "created_device", "updated_by")
SHIFT_FIELDS = ("id", "officer", "started_at", "created_at", "created_by", "created_device")


def chain_key(shift_id: str | None, officer: str, device_id: str) -> str:
    return f"{shift_id}{SEPARATOR}{device_id}" if shift_id else f"outside:{officer}{SEPARATOR}{device_id}"


def is_per_laptop(key: str) -> bool:
    """A chain of this scheme ends in ``@<device uuid>`` (an old outside-shift key may hold
    an officer name with an @ in it, but never ends in a bare uuid after one)."""
    return SEPARATOR in key and _DEVICE_ID.fullmatch(key.rsplit(SEPARATOR, 1)[1]) is not None


def device_of(key: str) -> str | None:
    """The laptop that writes chain ``key`` (None for a chain of the old scheme)."""
    return key.rsplit(SEPARATOR, 1)[1] if is_per_laptop(key) else None


def _facts(obj: Any, names: tuple[str, ...], *, old_years: bool = False) -> str:
    from app.db.values import to_json_value

    facts = {name: _old_text(getattr(obj, name)) if old_years else to_json_value(getattr(obj, name)) for name in names}
    return json.dumps(facts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _old_text(value: Any) -> Any:
    """A value as versions before four-digit years wrote it (``strftime('%Y')``: 226-11-23T...)."""
    from app.db.values import to_json_value

    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
    return to_json_value(value)


def genesis(key: str, shift: Any | None) -> str:
    """What the first entry of chain ``key`` links to (the old scheme: all zeros)."""
    if not is_per_laptop(key):
        return GENESIS
    shift_facts = _facts(shift, SHIFT_FIELDS) if shift is not None else ""
    return hashlib.sha256(f"dutydesk-log-chain\n{key}\n{shift_facts}".encode()).hexdigest()


def canonical(entry: Any) -> str:
    return _facts(entry, HASHED_FIELDS if is_per_laptop(entry.chain_key) else LEGACY_FIELDS)


def entry_hash(prev_hash: str, entry: Any) -> str:
    return hashlib.sha256((prev_hash + canonical(entry)).encode("utf-8")).hexdigest()


def hash_matches(entry: Any) -> bool:
    """Does the entry's stored hash match its facts? An old-scheme entry with a year below
    1000 was hashed over the unpadded text older versions wrote; that still matches."""
    if entry_hash(entry.prev_hash, entry) == entry.entry_hash:
        return True
    if is_per_laptop(entry.chain_key):
        return False
    old = _facts(entry, LEGACY_FIELDS, old_years=True)
    return hashlib.sha256((entry.prev_hash + old).encode("utf-8")).hexdigest() == entry.entry_hash
