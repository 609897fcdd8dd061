"""Device-only settings: never synced, because they describe this laptop."""

from __future__ import annotations

from typing import Any

from app.context import AppContext
from app.db.local_models import DeviceSetting

OFFICER = "officer"
SHARE_DIR = "share_dir"
THEME = "theme"  # "system" | "light" | "dark"


def get(ctx: AppContext, key: str, default: Any = None) -> Any:
    with ctx.read() as session:
        row = session.get(DeviceSetting, key)
        return default if row is None else row.value


def set_many(ctx: AppContext, values: dict[str, Any]) -> None:
    with ctx.write() as session:
        for key, value in values.items():
            row = session.get(DeviceSetting, key)
            if value is None:  # None clears the setting
                if row is not None:
                    session.delete(row)
            elif row is None:
                session.add(DeviceSetting(key=key, value=value))
            else:
                row.value = value
    if OFFICER in values:
        ctx.identity.officer = values[OFFICER]


def all_settings(ctx: AppContext) -> dict[str, Any]:
    with ctx.read() as session:
        return {row.key: row.value for row in session.query(DeviceSetting).all()}
