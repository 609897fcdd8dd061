"""First-run set-up: who uses this laptop, and where the team's share is."""

from __future__ import annotations

from pathlib import Path

from app.context import AppContext
from app.errors import NotSetUpError, ValidationError
from app.settings import device
from app.team.service import clean_name, ensure_officer


def setup(ctx: AppContext, *, officer: str, share: str | None = None) -> None:
    name = clean_name(officer)
    values: dict[str, object] = {device.OFFICER: name}
    if share:
        share_path = Path(share).expanduser()
        if share_path.exists() and not share_path.is_dir():
            raise ValidationError(f"The share {share_path} is a file, not a folder.")
        values[device.SHARE_DIR] = str(share_path)
    device.set_many(ctx, values)
    ensure_officer(ctx, name)


def is_set_up(ctx: AppContext) -> bool:
    return bool(ctx.officer)


def require_setup(ctx: AppContext) -> None:
    if not is_set_up(ctx):
        raise NotSetUpError(
            f"No officer is set up for the data folder {ctx.data_dir}. "
            'Run: dutydesk setup --officer "Your Name"'
        )
