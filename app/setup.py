"""First-run set-up: who uses this laptop, and where the team's share is.

Joining a team syncs first, so the laptop's officer *is* the team's record of that
person (linked by name) instead of a second record of the same name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.context import AppContext
from app.errors import NotSetUpError, ValidationError
from app.settings import device
from app.team import identity
from app.team.service import OfficerInfo, clean_name, ensure_officer, list_officers, name_key


@dataclass(frozen=True)
class SetupResult:
    officer: OfficerInfo
    linked: bool  # True: the team already had this officer (no new record)
    sync_state: str = ""  # "" when no share was given
    sync_message: str = ""
    team: tuple[str, ...] = ()  # the other officers the share already had


def _share_path(share: str) -> Path:
    share_path = Path(share).expanduser()
    if share_path.exists() and not share_path.is_dir():
        raise ValidationError(f"The share {share_path} is a file, not a folder.")
    return share_path


def join_share(ctx: AppContext, share: str) -> dict[str, Any]:
    """Remember the team's share and sync once, so the team's officers are here.
    Returns the sync round's report (``state`` is "offline" when it cannot be reached)."""
    from app.sync.service import sync_now

    device.set_many(ctx, {device.SHARE_DIR: str(_share_path(share))})
    return sync_now(ctx)


def team_officers(ctx: AppContext) -> list[OfficerInfo]:
    """The active officers, to pick "Who are you?" from."""
    return list_officers(ctx)


def setup(ctx: AppContext, *, officer: str, share: str | None = None, sync: bool = True) -> SetupResult:
    name = clean_name(officer)
    if share:
        _share_path(share)
    device.set_many(ctx, {device.OFFICER: name})
    report: dict[str, Any] = {}
    if share and sync:
        report = join_share(ctx, share)
    elif share:
        device.set_many(ctx, {device.SHARE_DIR: str(_share_path(share))})
    everyone = list_officers(ctx, include_inactive=True)
    existing = [o for o in everyone if name_key(o.name) == name_key(name)]
    others = tuple(o.name for o in everyone if o.active and name_key(o.name) != name_key(name))
    info = existing[0] if existing else ensure_officer(ctx, name)
    if existing and info.name != name:
        device.set_many(ctx, {device.OFFICER: info.name})  # the team's spelling of the name
    identity.remember(ctx, info.id)
    return SetupResult(info, bool(existing), str(report.get("state", "")), str(report.get("message", "")),
                       others if share else ())


def is_set_up(ctx: AppContext) -> bool:
    return bool(ctx.officer)


def require_setup(ctx: AppContext) -> None:
    if not is_set_up(ctx):
        raise NotSetUpError(
            f"No officer is set up for the data folder {ctx.data_dir}. "
            'Run: dutydesk setup --officer "Your Name"'
        )
