"""The shift log's team-wide settings (synced ``team_setting`` rows): the welfare
check-in interval and grace, and the escalation instructions and contact shown when a
check-in is missed."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.context import AppContext
from app.errors import ValidationError
from app.team.models import TeamSetting

PREFIX = "shiftlog."
MAX_INTERVAL_MINUTES = 12 * 60


@dataclass(frozen=True)
class WelfareSettings:
    interval_minutes: float = 0.0  # 0: no check-in timer
    grace_minutes: float = 10.0  # after the due time, a check-in counts as missed
    escalation: str = (
        "If you cannot check in, or feel unsafe: stop work, move somewhere safe and phone "
        "the duty manager. The duty manager phones you if a check-in is missed."
    )
    contact: str = ""
    ladder: tuple[str, ...] = ()  # e-mail addresses alerted in turn when a check-in is missed

    @property
    def enabled(self) -> bool:
        return self.interval_minutes > 0


DEFAULTS = WelfareSettings()


def _rows(session: Session) -> dict[str, TeamSetting]:
    rows = session.execute(
        select(TeamSetting).where(TeamSetting.key.like(f"{PREFIX}%"), TeamSetting.deleted.is_(False))
        .order_by(TeamSetting.hlc)
    ).scalars()
    return {row.key: row for row in rows}  # the newest row of a key wins


def read_welfare(session: Session) -> WelfareSettings:
    values: dict[str, Any] = {}
    for key, row in _rows(session).items():
        name = key[len(PREFIX):]
        if name in WelfareSettings.__dataclass_fields__:
            values[name] = row.value
    try:
        merged = {**asdict(DEFAULTS), **values}
        merged["ladder"] = tuple(merged.get("ladder") or ())
        return WelfareSettings(**merged)
    except TypeError:
        return DEFAULTS


def welfare_settings(ctx: AppContext) -> WelfareSettings:
    with ctx.read() as session:
        return read_welfare(session)


def save_welfare(
    ctx: AppContext, *, interval_minutes: float, grace_minutes: float, escalation: str, contact: str,
    ladder: tuple[str, ...] | None = None,
) -> WelfareSettings:
    if not 0 <= interval_minutes <= MAX_INTERVAL_MINUTES:
        raise ValidationError(f"The check-in interval must be between 0 (off) and {MAX_INTERVAL_MINUTES} minutes.")
    if not 0 <= grace_minutes <= 120:
        raise ValidationError("The grace period for a check-in must be between 0 and 120 minutes.")
    escalation = escalation.strip()
    if interval_minutes > 0 and not escalation:
        raise ValidationError("Say what to do when a check-in is missed (escalation instructions).")
    if ladder is None:
        ladder = welfare_settings(ctx).ladder
    wanted = WelfareSettings(float(interval_minutes), float(grace_minutes), escalation, contact.strip(), tuple(ladder))
    with ctx.write() as session:
        rows = _rows(session)
        for name, value in asdict(wanted).items():
            value = list(value) if isinstance(value, tuple) else value
            row = rows.get(PREFIX + name)
            if row is None:
                session.add(TeamSetting(key=PREFIX + name, value=value))
            elif row.value != value:
                row.value = value
    return wanted
