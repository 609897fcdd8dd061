"""Changes from an older Duty Desk (written before field groups: no "seen" heads).

Such a laptop still syncs through the same share. Its write replaced every earlier write
of its own laptop and every earlier write whose values it saw (its "old" values); only a
write it cannot have seen is a conflict (docs/sync.md, "Changes from older versions")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.db import groups
from app.sync import service
from app.sync import share as layout
from tests.sync.helpers import add_officer, edit_officer, officer_emails, sync


def _as_older_version(share: Path, device_id: str, *, forget_old: bool = False) -> None:
    """Rewrite a laptop's segments as an older version publishes them: no "seen" (and, with
    ``forget_old``, "old" values that do not match what the others hold)."""
    folder = layout.device_dir(share, device_id)
    for path in sorted(p for p in folder.iterdir() if layout.parse_segment_name(p.name)):
        header, body = layout.decode(path.read_bytes())
        for entry in body:
            for change in entry["changes"].values():
                change.pop(groups.SEEN_KEY, None)
                if forget_old and entry["op"] != "insert":
                    change["old"] = None
        path.write_bytes(layout.encode({k: v for k, v in header.items() if not k.startswith("body_")}, body))


def _pair(make_ctx: Any, tmp_path: Path) -> tuple[Any, Any, Path]:
    share = tmp_path / "share"
    share.mkdir()
    a, b = make_ctx("a", "Ann Able"), make_ctx("b", "Bob Bell")
    sync(a, share), sync(b, share)
    return a, b, share


def test_an_older_laptops_edits_in_a_row_are_never_conflicts(make_ctx, tmp_path: Path) -> None:
    a, b, share = _pair(make_ctx, tmp_path)
    add_officer(a, "Kim Kay", "kim@old.example")
    edit_officer(a, "Kim Kay", email="kim@new.example")
    edit_officer(a, "Kim Kay", email="kim@newer.example", role="press officer")
    sync(a, share)
    _as_older_version(share, a.device_id, forget_old=True)

    result = sync(b, share)

    assert result["conflicts"] == 0 and service.list_conflicts(b) == []
    assert officer_emails(b)["Kim Kay"] == "kim@newer.example"


def test_an_older_laptops_edit_that_saw_ours_replaces_it(make_ctx, tmp_path: Path) -> None:
    a, b, share = _pair(make_ctx, tmp_path)
    add_officer(a, "Kim Kay", "kim@one.example")
    sync(a, share), sync(b, share)
    edit_officer(b, "Kim Kay", email="kim@bob.example")
    sync(b, share), sync(a, share)
    edit_officer(a, "Kim Kay", email="kim@ann.example")  # Ann had Bob's value: a later edit
    sync(a, share)
    _as_older_version(share, a.device_id)

    assert sync(b, share)["conflicts"] == 0
    assert officer_emails(b)["Kim Kay"] == "kim@ann.example"


def test_an_older_laptops_edit_concurrent_with_ours_is_a_conflict(make_ctx, tmp_path: Path) -> None:
    a, b, share = _pair(make_ctx, tmp_path)
    add_officer(a, "Kim Kay", "kim@one.example")
    sync(a, share), sync(b, share)
    edit_officer(b, "Kim Kay", email="kim@bob.example")  # neither saw the other's edit
    edit_officer(a, "Kim Kay", email="kim@ann.example")
    sync(a, share)
    _as_older_version(share, a.device_id)

    result = sync(b, share)

    conflicts = service.list_conflicts(b)
    assert result["conflicts"] == 1 and len(conflicts) == 1
    assert conflicts[0].field == "email"
    assert {conflicts[0].local_value, conflicts[0].remote_value} == {"kim@bob.example", "kim@ann.example"}
