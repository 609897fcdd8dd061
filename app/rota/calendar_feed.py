"""Calendars beyond one screen: the whole rota, and live files on the share.

A live feed is an .ics file in ``<share>/calendars/`` (``team.ics`` and one per
officer) that calendar apps subscribe to: it is rewritten after each sync round when
the rota changed, always covering four weeks back to the last planned shift, with the
same stable UIDs as a one-off export, so subscribed clients update events in place.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

from sqlalchemy import func, select

from app.context import AppContext
from app.errors import ValidationError
from app.rota import hours, ics, service
from app.rota.models import RotaShift

FEED_FOLDER = "calendars"
FEED_HISTORY = dt.timedelta(weeks=4)
REFRESH = dt.timedelta(hours=1)


def rota_span(ctx: AppContext) -> tuple[dt.date, dt.date] | None:
    """First and last local day with a shift (removed ones too: they export as cancelled)."""
    with ctx.read() as session:
        first, last = session.execute(select(func.min(RotaShift.start), func.max(RotaShift.start))).one()
    if first is None:
        return None
    zone = service.zone()
    as_utc = (lambda v: v if v.tzinfo else v.replace(tzinfo=dt.timezone.utc))  # noqa: E731 - SQLite drops tzinfo
    return as_utc(first).astimezone(zone).date(), as_utc(last).astimezone(zone).date()


def export_whole_rota(ctx: AppContext, path: Path, *, officer: str | None = None) -> tuple[Path, int]:
    span = rota_span(ctx)
    if span is None:
        raise ValidationError("The rota has no shifts yet: there is nothing to export.")
    return ics.export_ics(ctx, path, span[0], span[1], officer=officer)


def feed_name(officer: str | None) -> str:
    """A file name any filesystem takes: ``team.ics``, ``alex-morgan.ics``."""
    if not officer:
        return "team.ics"
    ascii_name = unicodedata.normalize("NFKD", officer).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60] or "officer"
    return f"{slug}.ics"


def publish_feeds(ctx: AppContext, share_root: Path, *, today: dt.date | None = None) -> list[Path]:
    """Write the team feed and one per officer; a file whose events did not change is left
    alone (subscribers poll it). Returns the files written."""
    from app.sync.share import MARKER

    if not (Path(share_root) / MARKER).is_file():
        raise ValidationError(f"{share_root} is not the team's share yet: sync once, then publish the calendars.")
    span = rota_span(ctx)
    if span is None:
        return []
    today = today or dt.datetime.now(service.zone()).date()
    start = min(span[0], today) if span[0] > today - FEED_HISTORY else today - FEED_HISTORY
    end = max(span[1], today)
    folder = Path(share_root) / FEED_FOLDER
    folder.mkdir(exist_ok=True)
    team = ics.read_team_shifts(ctx, start, end)  # once: a feed per officer must not re-read the team
    written = []
    for officer_id, officer in [(None, None), *[(o.id, o.name) for o in service.list_officers(ctx)]]:
        target = folder / feed_name(officer)
        if officer_id is not None and not team.concerns(officer_id) and not target.exists():
            continue  # no shift, ever, in the span: no empty file per name (a synced team can be thousands)
        if _write_if_changed(target, team.calendar(officer_id, officer, refresh=REFRESH)[0]):
            written.append(target)
    return written


def _write_if_changed(target: Path, data: bytes) -> bool:
    if target.exists() and _without_stamps(target.read_bytes()) == _without_stamps(data):
        return False
    hours.write_atomic(target, data)
    return True


def _without_stamps(data: bytes) -> bytes:
    return b"\n".join(line for line in data.splitlines() if not line.startswith(b"DTSTAMP"))


def publish_to_share(ctx: AppContext) -> Path:
    """Publish the live calendars to this laptop's share setting; returns their folder."""
    from app.settings import device

    share = device.get(ctx, device.SHARE_DIR)
    if not share or not Path(share).is_dir():
        raise ValidationError("No reachable shared folder is set (Settings > General); the live calendars are published there.")
    publish_feeds(ctx, Path(share))
    return Path(share) / FEED_FOLDER


def refresh_after_sync(ctx: AppContext, share_root: Path | None) -> None:
    """Called after a sync round; a feed that cannot be written never fails the round."""
    if share_root is None or not Path(share_root).is_dir():
        return
    try:
        publish_feeds(ctx, share_root)
    except (OSError, ValidationError):
        pass
