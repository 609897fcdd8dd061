"""Which conflicts a write settled, in a form that travels with the write.

A write settles a conflict when its author saw the conflict and wrote over both sides
(a decision from the Sync view, or any edit of the group made while it was open). The
write carries the conflicts it settled, so every laptop lists them as resolved even if
the sides reached it in another order, after the decision, or never met there as heads.
Open conflicts are derived from heads (``app.sync.team.derive``); resolved ones are the
union of what the writes a laptop holds settled. Both depend only on which writes a
laptop has, never on the order they came in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.db.groups import GroupState, Head, Version


def may_conflict(states: dict[str, GroupState]) -> bool:
    """Cheap test before deriving: a group with two heads, or a deleted or held record."""
    if any(len(s.heads) > 1 for s in states.values()):
        return True
    deleted = states.get("deleted")
    top = deleted.top() if deleted else None
    return bool(top and (top.values.get("deleted") or top.held))


@dataclass
class Settling:
    """The conflicts of a row before a local write, to see which the write settled."""

    table: str
    row_id: str
    before: dict[str, dict[str, Any]]

    @classmethod
    def start(cls, table: str, row_id: str, states: dict[str, GroupState]) -> Settling:
        from app.sync.team import derive

        return cls(table, row_id, derive(table, row_id, dict(states)) if may_conflict(states) else {})

    def finish(self, states: dict[str, GroupState], version: Version, officer: str) -> dict[str, Any]:
        if not self.before:
            return {}
        from app.sync.team import derive

        after = derive(self.table, self.row_id, dict(states))
        return {cid: pack(data, states, version, officer) for cid, data in self.before.items() if cid not in after}


def _head(h: Head) -> list[Any]:
    return [h.version[0], h.version[1], h.officer, h.values]


def unhead(data: list[Any]) -> Head:
    return Head((int(data[0]), str(data[1])), str(data[2] or ""), dict(data[3] or {}))


def pack(data: dict[str, Any], states: dict[str, GroupState], version: Version, officer: str) -> dict[str, Any]:
    """A settled conflict as JSON: both sides, which one the record kept, who decided."""
    winner, loser = data["winner"], data["loser"]
    if data["kind"] == "edit":
        state = states.get(data["fields"][0])
        top = state.top() if state else None
        current = top.values if top else {}
        kept_loser = current == loser.values
    else:
        top = states["deleted"].top() if "deleted" in states else None
        kept_loser = bool(top and not top.values.get("deleted"))
    return {"kind": data["kind"], "fields": list(data["fields"]), "winner": _head(winner), "loser": _head(loser),
            "message": data.get("message", ""), "other": data.get("other"), "kept": "loser" if kept_loser else "winner",
            "by": officer, "at": list(version)}


def unpack(data: dict[str, Any]) -> dict[str, Any]:
    """Back to the shape ``derive`` gives (heads as ``Head``)."""
    return {**data, "winner": unhead(data["winner"]), "loser": unhead(data["loser"])}


def decided(states: dict[str, GroupState]) -> dict[str, dict[str, Any]]:
    """Every conflict of a row that some write settled (the earliest decision on each)."""
    merged = GroupState()
    for state in states.values():
        merged.decide(state.decided)
    return merged.decided
