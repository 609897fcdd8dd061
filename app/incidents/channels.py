"""Channel clocks: per channel, when the first message is due and when the next update is.

The clocks start with the incident (first message due ``first_minutes`` after the start);
an update posted on some channels resets only those; every update says when the next is
due. The cadence report compares the target with what was achieved, channel by channel.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.context import AppContext
from app.errors import ValidationError
from app.incidents.golden_common import checked_at, iso, local_hhmm, log, resolve, running, settings_for
from app.incidents.golden_models import ChannelPost, IncidentChannel
from app.incidents.models import Incident
from app.incidents.platforms import get_platform
from app.shiftlog.vocab import CHANNELS as LOG_CHANNELS

NEXT_UPDATE = re.compile(r"\bnext update\b", re.IGNORECASE)


@dataclass(frozen=True)
class ChannelClock:
    channel: str
    label: str
    first_minutes: float
    every_minutes: float
    due: dt.datetime
    first_posted_at: dt.datetime | None
    last_posted_at: dt.datetime | None
    posts: int

    @property
    def stage(self) -> str:
        return "first message" if self.posts == 0 else "next update"

    def seconds_left(self, now: dt.datetime) -> int:
        return math.ceil((self.due - now).total_seconds())

    def overdue(self, now: dt.datetime) -> bool:
        return self.seconds_left(now) <= 0

    def as_json(self, now: dt.datetime) -> dict[str, Any]:
        return {"channel": self.channel, "label": self.label, "stage": self.stage, "due": iso(self.due),
                "overdue": self.overdue(now), "seconds_left": self.seconds_left(now), "posts": self.posts,
                "first_minutes": self.first_minutes, "every_minutes": self.every_minutes,
                "first_posted_at": iso(self.first_posted_at), "last_posted_at": iso(self.last_posted_at)}


def _rows(session: Session, incident_id: str) -> list[IncidentChannel]:
    return list(session.execute(
        select(IncidentChannel).where(IncidentChannel.incident_id == incident_id, IncidentChannel.deleted.is_(False))
    ).scalars())


def ensure_clocks(ctx: AppContext, session: Session, incident: Incident) -> list[IncidentChannel]:
    """The incident's clock rows, made from its template's defaults the first time."""
    rows = _rows(session, incident.id)
    if rows:
        return rows
    settings = settings_for(ctx, incident)
    for channel in settings.channels:
        row = IncidentChannel(incident_id=incident.id, channel=channel, first_minutes=settings.first_message_minutes,
                              every_minutes=settings.update_minutes, first_posted_at=None, last_posted_at=None,
                              next_due_at=incident.started_at + dt.timedelta(minutes=settings.first_message_minutes),
                              posts=0)
        session.add(row)
        rows.append(row)
    return rows


def _clock(row: IncidentChannel, started: dt.datetime) -> ChannelClock:
    due = row.next_due_at or started + dt.timedelta(minutes=row.first_minutes)
    return ChannelClock(row.channel, get_platform(row.channel).label, row.first_minutes, row.every_minutes, due,
                        row.first_posted_at, row.last_posted_at, row.posts)


def channel_clocks(ctx: AppContext, incident_id: str) -> list[ChannelClock]:
    """Each channel's clock, soonest due first (template defaults until the first write)."""
    with ctx.read() as session:
        incident = resolve(session, incident_id)
        rows = _rows(session, incident.id)
        started = incident.started_at
        if not rows:
            settings = settings_for(ctx, incident)
            rows = [IncidentChannel(incident_id=incident.id, channel=c, first_minutes=settings.first_message_minutes,
                                    every_minutes=settings.update_minutes, first_posted_at=None, last_posted_at=None,
                                    next_due_at=None, posts=0) for c in settings.channels]
        clocks = [_clock(r, started) for r in rows]
    return sorted(clocks, key=lambda c: (c.due, c.channel))


def _channel_keys(channels: Iterable[str]) -> list[str]:
    keys = [get_platform(c).key for c in channels]
    if not keys:
        raise ValidationError("Say which channels the update went out on.")
    return list(dict.fromkeys(keys))


def post_update(
    ctx: AppContext, incident_id: str, channels: Iterable[str], text: str = "", *, at: dt.datetime | None = None
) -> list[ChannelClock]:
    """An update went out on ``channels``: those clocks (only those) count again from now."""
    when = checked_at(at)
    keys = _channel_keys(channels)
    with ctx.write() as session:
        incident = running(session, incident_id)
        if when < incident.started_at:
            raise ValidationError("An update cannot go out before the incident started.")
        rows = {r.channel: r for r in ensure_clocks(ctx, session, incident)}
        unknown = [k for k in keys if k not in rows]
        if unknown:
            raise ValidationError(f"This incident has no clock for {unknown[0]!r}; it has: {', '.join(rows)}.")
        nexts = []
        for key in keys:
            row = rows[key]
            due = row.next_due_at or incident.started_at + dt.timedelta(minutes=row.first_minutes)
            row.next_due_at = when + dt.timedelta(minutes=row.every_minutes)
            row.first_posted_at = row.first_posted_at or when
            row.last_posted_at, row.posts = when, row.posts + 1
            session.add(ChannelPost(incident_id=incident.id, channel=key, posted_at=when, due_at=due,
                                    next_due_at=row.next_due_at, text=text.strip()))
            nexts.append(row.next_due_at)
        labels = ", ".join(get_platform(k).label for k in keys)
        next_at = min(nexts)
        said = f": “{text.strip()}”" if text.strip() else "."
        stated = "" if NEXT_UPDATE.search(text) else f" Next update by {local_hhmm(next_at)}."
        log(ctx, session, incident, f"update posted on {labels}{said}{stated}", when,
            category="post", channel=keys[0] if len(keys) == 1 and keys[0] in LOG_CHANNELS else None)
        started = incident.started_at
        return sorted((_clock(r, started) for r in rows.values()), key=lambda c: (c.due, c.channel))


def next_update_line(ctx: AppContext, incident_id: str, channels: Iterable[str], *, at: dt.datetime | None = None) -> str:
    """The line to end an update with: when the next one is due on these channels."""
    when = checked_at(at)
    clocks = {c.channel: c for c in channel_clocks(ctx, incident_id)}
    minutes = min(clocks[k].every_minutes for k in _channel_keys(channels) if k in clocks)
    return f"Next update by {local_hhmm(when + dt.timedelta(minutes=minutes))}."


# --- cadence ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Cadence:
    channel: str
    label: str
    target_first_minutes: float
    first_minutes: float | None
    target_every_minutes: float
    posts: int
    mean_gap_minutes: float | None
    longest_gap_minutes: float | None
    late_updates: int

    def as_json(self) -> dict[str, Any]:
        return {"channel": self.channel, "label": self.label, "target_first_minutes": self.target_first_minutes,
                "first_minutes": self.first_minutes, "target_every_minutes": self.target_every_minutes,
                "posts": self.posts, "mean_gap_minutes": self.mean_gap_minutes,
                "longest_gap_minutes": self.longest_gap_minutes, "late_updates": self.late_updates}


def cadence(ctx: AppContext, incident_id: str) -> list[Cadence]:
    """Target vs achieved, per channel: time to first message, gaps between updates, how many late."""
    clocks = channel_clocks(ctx, incident_id)
    with ctx.read() as session:
        incident = resolve(session, incident_id)
        posts = list(session.execute(
            select(ChannelPost).where(ChannelPost.incident_id == incident.id, ChannelPost.deleted.is_(False))
            .order_by(ChannelPost.posted_at)
        ).scalars())
        started = incident.started_at
    found = []
    for clock in clocks:
        times = [p.posted_at for p in posts if p.channel == clock.channel]
        late = sum(1 for p in posts if p.channel == clock.channel and p.due_at and p.posted_at > p.due_at)
        gaps = [(b - a).total_seconds() / 60 for a, b in zip(times, times[1:], strict=False)]
        found.append(Cadence(
            clock.channel, clock.label, clock.first_minutes,
            round((times[0] - started).total_seconds() / 60, 1) if times else None, clock.every_minutes,
            len(times), round(sum(gaps) / len(gaps), 1) if gaps else None, round(max(gaps), 1) if gaps else None, late,
        ))
    return sorted(found, key=lambda c: c.channel)

