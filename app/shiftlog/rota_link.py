"""Pre-filling a shift start from the rota, when the rota feature is installed.

The rota lives in another feature (``app.rota.service.due_shift``); it is looked up
at run time and used only if present, so the shift log works on its own.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
from dataclasses import dataclass
from typing import Any

from app.cli.support import local_zone
from app.context import AppContext
from app.db.base import utcnow


@dataclass(frozen=True)
class RotaShift:
    id: str | None
    start: dt.datetime | None
    label: str


def worked_rota_shift_ids(ctx: AppContext) -> set[str]:
    """Rota shifts a shift-log shift was already started for: never offered again."""
    from sqlalchemy import select

    from app.shiftlog.models import Shift

    with ctx.read() as session:
        return set(session.execute(
            select(Shift.rota_shift_id).where(Shift.rota_shift_id.is_not(None), Shift.deleted.is_(False))
        ).scalars())


def due_rota_shift(ctx: AppContext, at: dt.datetime | None = None) -> RotaShift | None:
    """The rota shift due for this officer around ``at``, or None (no rota feature,
    nothing due, or the rota could not answer). A shift already worked is skipped."""
    try:
        rota = importlib.import_module("app.rota.service")
    except ImportError:
        return None
    due_shift = getattr(rota, "due_shift", None)
    if not callable(due_shift):
        return None
    try:
        worked = worked_rota_shift_ids(ctx)
        if "exclude" in inspect.signature(due_shift).parameters:
            found: Any = due_shift(ctx, ctx.officer, at or utcnow(), exclude=worked)
        else:  # an older rota: the worked shift is dropped here instead
            found = due_shift(ctx, ctx.officer, at or utcnow())
    except Exception:  # noqa: BLE001 - the rota is optional: never block starting a shift
        return None
    if found is None:
        return None
    ident = _field(found, "id", "shift_id")
    if ident is not None and str(ident) in worked:
        return None
    start = _field(found, "start", "starts_at", "start_at")
    human = getattr(found, "human_label", None)
    if callable(human):
        label = str(human(local_zone()))
    else:
        label = _plain_label(found, start)
    return RotaShift(str(ident) if ident else None, start if isinstance(start, dt.datetime) else None, label)


def _plain_label(found: Any, start: Any) -> str:
    end = _field(found, "end", "ends_at", "end_at")
    name = next((v for v in (_field(found, n) for n in ("name", "kind", "shift_type")) if isinstance(v, str) and v),
                "rota shift")
    when = ""
    if isinstance(start, dt.datetime):
        zone = local_zone()
        when = f", {start.astimezone(zone):%a} {start.astimezone(zone).day} {start.astimezone(zone):%b %H:%M}" + (
            f"-{end.astimezone(zone):%H:%M}" if isinstance(end, dt.datetime) else "")
    return f"{name[:1].upper()}{name[1:]}{when}"


def _field(obj: Any, *names: str) -> Any:
    for name in names:
        if isinstance(obj, dict) and name in obj:
            return obj[name]
        value = getattr(obj, name, None)
        if value is not None and not callable(value):
            return value
    return None
