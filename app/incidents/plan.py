"""The shift's posting plan: planned posts typed in or imported from a scheduler's CSV
export (Hootsuite, Buffer, Later... each names its columns a little differently), reviewed
when a major incident starts (each due post paused or kept, with a reason), and posted
from the plan with its log entry."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.context import AppContext
from app.errors import NotFoundError, ValidationError
from app.db.base import utcnow
from app.db.lookup import by_id_or_prefix
from app.incidents.golden_common import checked_at, iso, log, resolve, running, settings_for
from app.incidents.golden_models import PlannedPost
from app.incidents.guard import check
from app.incidents.platforms import get_platform
from app.shiftlog import service as shiftlog
from app.shiftlog.vocab import CHANNELS as LOG_CHANNELS
from app.validation import dates

STATUSES = ("planned", "paused", "kept", "posted")
TIME_HEADERS = ("date and time", "datetime", "date", "scheduled", "scheduled at", "scheduled date", "scheduled time",
                "publish date", "publish at", "posting time", "send time", "post time", "when", "time")
CLOCK_HEADERS = ("time", "post time", "send time")
FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %I:%M %p", "%d/%m/%y %H:%M", "%d-%m-%Y %H:%M",
           "%d %b %Y %H:%M", "%d %B %Y %H:%M", "%b %d, %Y %I:%M %p", "%B %d, %Y %I:%M %p", "%Y/%m/%d %H:%M")
TEXT_HEADERS = ("message", "text", "content", "post", "post text", "caption", "body", "summary", "copy")
CHANNEL_HEADERS = ("channel", "network", "platform", "social network", "profile", "account", "service")


@dataclass(frozen=True)
class PlannedInfo:
    id: str
    at: dt.datetime
    channel: str
    text: str
    status: str
    reason: str
    source: str

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "at": iso(self.at), "channel": self.channel, "text": self.text,
                "status": self.status, "reason": self.reason or None, "source": self.source or None,
                "flags": [f.as_json() for f in check(self.text, platform=self.channel).flags]}


def _info(row: PlannedPost) -> PlannedInfo:
    return PlannedInfo(row.id, row.at, row.channel, row.text, row.status, row.reason, row.source)


def _clean(at: dt.datetime, channel: str, text: str) -> tuple[dt.datetime, str, str]:
    text = text.strip()
    if not text:
        raise ValidationError("A planned post needs its text (or a summary).")
    return checked_at(at), get_platform(channel).key, text


def add_post(ctx: AppContext, at: dt.datetime, channel: str, text: str, *, source: str = "typed") -> PlannedInfo:
    when, key, text = _clean(at, channel, text)
    with ctx.write() as session:
        row = PlannedPost(at=when, channel=key, text=text, status="planned", reason="", source=source, incident_id="")
        session.add(row)
        session.flush()
        return _info(row)


def list_posts(ctx: AppContext, *, start: dt.datetime | None = None, end: dt.datetime | None = None) -> list[PlannedInfo]:
    with ctx.read() as session:
        query = select(PlannedPost).where(PlannedPost.deleted.is_(False))
        if start is not None:
            query = query.where(PlannedPost.at >= start)
        if end is not None:
            query = query.where(PlannedPost.at < end)
        return [_info(r) for r in session.execute(query.order_by(PlannedPost.at)).scalars()]


def _pick(headers: dict[str, str], names: tuple[str, ...]) -> str | None:
    return next((headers[n] for n in names if n in headers), None)


def parse_csv(data: bytes, zone: dt.tzinfo, *, default_channel: str | None = None) -> list[tuple[dt.datetime, str, str]]:
    """Rows of (time, channel, text); a bad row is refused with its line number (nothing imported)."""
    text = data.decode("utf-8-sig") if _is_utf8(data) else data.decode("cp1252", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    headers = {(h or "").strip().lower(): h for h in reader.fieldnames or []}
    time_col, text_col, channel_col = _pick(headers, TIME_HEADERS), _pick(headers, TEXT_HEADERS), _pick(headers, CHANNEL_HEADERS)
    if time_col is None or text_col is None:
        raise ValidationError("This CSV has no date/time or message column (looked for e.g. \"Date\", \"Message\").")
    rows = []
    for line_no, raw in enumerate(reader, start=2):
        body = (raw.get(text_col) or "").strip()
        if not body:
            continue
        try:
            stamp = (raw.get(time_col) or "").strip()
            clock_col = _pick(headers, CLOCK_HEADERS)
            if clock_col and clock_col != time_col and (raw.get(clock_col) or "").strip():
                stamp = f"{stamp} {(raw.get(clock_col) or '').strip()}"
            when = _when(stamp, zone)
            channel = (raw.get(channel_col) or "").strip() if channel_col else ""
            key = get_platform(_channel_word(channel) or default_channel or "").key
        except ValidationError as exc:
            raise ValidationError(f"Line {line_no}: {exc}") from None
        rows.append((when, key, body))
    return rows


def _when(text: str, zone: dt.tzinfo) -> dt.datetime:
    """ISO first; then the day-first forms UK schedulers export (never month-first by guess)."""
    try:
        return dates.parse_datetime(text, zone)
    except ValidationError:
        pass
    for form in FORMATS:
        try:
            return dates.parse_datetime(dt.datetime.strptime(" ".join(text.split()), form).isoformat(), zone)
        except ValueError:
            continue
    raise ValidationError(f"{text!r} is not a date and time (e.g. 2026-12-01 21:30 or 01/12/2026 21:30).")


def _channel_word(value: str) -> str:
    lowered = value.lower()
    for word, key in (("twitter", "x"), ("x", "x"), ("facebook", "facebook"), ("instagram", "instagram"),
                      ("linkedin", "linkedin"), ("threads", "threads"), ("bluesky", "bluesky"), ("mastodon", "mastodon")):
        if lowered == word or lowered.startswith(word + " ") or lowered.startswith(word + "-") or word in lowered.split():
            return key
    return lowered


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def import_csv(ctx: AppContext, path: str | Path, zone: dt.tzinfo | None = None, *, default_channel: str | None = None) -> list[PlannedInfo]:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    rows = parse_csv(data, zone or ZoneInfo("Europe/London"), default_channel=default_channel)
    with ctx.write() as session:
        made = []
        for when, key, body in rows:
            row = PlannedPost(at=when, channel=key, text=body, status="planned", reason="", source=path.name, incident_id="")
            session.add(row)
            made.append(row)
        session.flush()
        return [_info(r) for r in made]


def due_for_incident(ctx: AppContext, incident_id: str, *, hours: float = 3, now: dt.datetime | None = None) -> list[PlannedInfo]:
    """Planned posts not yet out in the next ``hours``: each must be paused or kept."""
    now = checked_at(now)
    return [p for p in list_posts(ctx, start=now, end=now + dt.timedelta(hours=hours)) if p.status != "posted"]


def due_on_start(ctx: AppContext, incident_id: str, *, hours: float = 3) -> list[PlannedInfo]:
    """For a major incident (its template says so): the planned posts to pause or keep now."""
    with ctx.read() as session:
        incident = resolve(session, incident_id)
        major = settings_for(ctx, incident).major
        started = incident.started_at
    return due_for_incident(ctx, incident_id, hours=hours, now=max(started, utcnow())) if major else []


def mark_post(ctx: AppContext, post_id: str, status: str, reason: str, *, incident_id: str = "",
              at: dt.datetime | None = None) -> PlannedInfo:
    """Pause or keep a planned post, with a reason (logged on the incident when one is given)."""
    when = checked_at(at)
    reason = " ".join(reason.split())
    if status not in ("paused", "kept", "planned"):
        raise ValidationError("A planned post can be paused, kept or planned again.")
    if not reason:
        raise ValidationError(f"Say why the post is {status}.")
    with ctx.write() as session:
        row = _row(session, post_id)
        row.status, row.reason = status, reason
        text = f"planned post for {row.at.isoformat(timespec='minutes')} on {get_platform(row.channel).label} {status}: “{row.text}”"
        if incident_id:
            row.incident_id = running(session, incident_id).id
            log(ctx, session, running(session, incident_id), text, when, category="decision", rationale=reason)
        else:
            shiftlog.add_entry(ctx, text, category="decision", rationale=reason, event_at=when, session=session)
        return _info(row)


def post_from_plan(ctx: AppContext, post_id: str, *, at: dt.datetime | None = None) -> PlannedInfo:
    """It went out: the status says so and the log has the post entry (one unit of work)."""
    when = checked_at(at)
    with ctx.write() as session:
        row = _row(session, post_id)
        if row.status == "posted":
            raise ValidationError("That planned post is already posted.")
        if row.status == "paused":
            raise ValidationError(f"That post is paused ({row.reason}); keep it first if it should go out.")
        row.status = "posted"
        shiftlog.add_entry(ctx, f"Posted from the plan: {row.text}", category="post",
                           channel=row.channel if row.channel in LOG_CHANNELS else None, event_at=when, session=session)
        return _info(row)


def _row(session: Any, post_id: str) -> PlannedPost:
    row = by_id_or_prefix(session, PlannedPost, post_id, shortest=4,
                          several="More than one planned post id starts with {given!r}; give more of the id.")
    if row is None:
        raise NotFoundError(f"No planned post with id {post_id!r}. `dutydesk plan list` shows them.")
    return row
