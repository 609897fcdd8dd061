"""Plain sentences about the rota for people (Today panel, Rota view header)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.rota.service import NowInfo


def describe_now(info: NowInfo, zone: dt.tzinfo) -> tuple[str, str]:
    """'On now' and 'Next on' lines, shared with the Today panel."""
    if info.on_now:
        on = "; ".join(f"{s.officer} ({s.kind} until {s.local_end(zone):%H:%M})" for s in info.on_now)
    else:
        on = "No one on the rota right now"
    if info.next_on:
        first = info.next_on[0].local_start(zone)
        when = f"{first:%H:%M}" if first.date() == info.at.astimezone(zone).date() else f"{first:%a %d %b %H:%M}"
        nxt = "; ".join(f"{s.officer} ({s.kind})" for s in info.next_on) + f" from {when}"
    else:
        nxt = "Nothing planned in the next two weeks"
    return on, nxt
