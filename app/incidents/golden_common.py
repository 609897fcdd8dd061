"""Small helpers the golden-hour services share: open a running incident for a change,
log a line in the same unit of work, and the template settings of an incident."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from app.context import AppContext
from app.errors import ValidationError
from app.incidents import service
from app.incidents.golden_settings import GoldenHourSettings, settings_of
from app.incidents.models import Incident
from app.incidents.templates import get_template

checked_at = service._checked_at  # noqa: SLF001 - one rule for times across the incident services
resolve = service._resolve  # noqa: SLF001


def running(session: Session, incident_id: str) -> Incident:
    incident = resolve(session, incident_id)
    if incident.closed_at is not None:
        raise ValidationError(f"The incident {incident.title!r} is closed; it can no longer change.")
    return incident


def log(ctx: AppContext, session: Session, incident: Incident, text: str, at: dt.datetime, **kwargs: Any) -> None:
    service._log(ctx, session, incident, text, at, **kwargs)  # noqa: SLF001


def settings_for(ctx: AppContext, incident: Incident) -> GoldenHourSettings:
    try:
        return settings_of(get_template(ctx, incident.template_key))
    except Exception:  # noqa: BLE001 - a template removed since: the defaults still run the clocks
        return GoldenHourSettings()


def local_hhmm(at: dt.datetime) -> str:
    """A time as the team reads it (their zone, as the CLI uses)."""
    return at.astimezone(ZoneInfo(os.environ.get("DUTYDESK_TZ", "Europe/London"))).strftime("%H:%M")


def iso(at: dt.datetime | None) -> str | None:
    return at.isoformat() if at else None
