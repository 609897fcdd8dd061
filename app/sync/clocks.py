"""Whose clock is wrong, judged by the share's file times and a majority.

Each laptop writes the time by its own clock into its ``progress.json``; the share's
file server stamps the file with its own time. Their difference is that laptop's skew
against the share. The reference is the skew most laptops agree on (the share itself
votes for "no skew"), so one laptop with a wrong clock is named, laptops with correct
clocks are never blamed, a share with a wrong clock blames nobody, and the warning
clears as soon as the fixed laptop writes its progress again. (The hybrid logical
clock's values are never used for this: a correct laptop that saw a future-stamped edit
carries that future in its versions.)
"""

from __future__ import annotations

from typing import Any

from app.sync.merge import get_meta, set_meta

META_KEY = "clock_ahead_s"
AGREE_S = 120  # skews within two minutes agree (file time granularity, write delays)


def judge(skews: dict[str, float]) -> dict[str, int]:
    """Seconds each laptop's clock is ahead of the majority's (negative: behind)."""
    if not skews:
        return {}
    votes = [*skews.values(), 0.0]  # the share's own clock votes too
    reference = max(votes, key=lambda v: (sum(abs(v - w) <= AGREE_S for w in votes), -abs(v)))
    agreeing = [w for w in votes if abs(w - reference) <= AGREE_S]
    centre = sorted(agreeing)[len(agreeing) // 2]
    return {device: int(round(skew - centre)) for device, skew in skews.items()}


def save(ctx: Any, ahead: dict[str, int]) -> None:
    rounded = {d: (s // 60) * 60 for d, s in ahead.items()}
    with ctx.read() as session:
        if (get_meta(session, META_KEY) or {}) == rounded:
            return
    with ctx.write() as session:
        set_meta(session, META_KEY, rounded)


def ahead_minutes(session: Any) -> dict[str, int]:
    return {d: max(0, int(s) // 60) for d, s in (get_meta(session, META_KEY) or {}).items()}
