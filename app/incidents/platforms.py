"""Where words go out, and how long each platform lets them be.

X counts by its own rules (twitter-text "weighted length"): every link counts as 23
characters, and characters outside the Latin and common punctuation ranges count
twice. The others count Unicode characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.errors import ValidationError

LINK = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:!?)\]]", re.IGNORECASE)
X_LINK_LENGTH = 23
# twitter-text v3: code points in these ranges weigh 1, everything else weighs 2.
_X_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))


@dataclass(frozen=True)
class Platform:
    key: str
    label: str
    limit: int | None

    def measure(self, text: str) -> tuple[int, int | None]:
        """(characters used, the offset where the text goes over the limit or None)."""
        if self.key == "x":
            return _x_measure(text, self.limit or 0)
        used = len(text)
        return used, (self.limit if self.limit is not None and used > self.limit else None)


PLATFORMS: dict[str, Platform] = {
    p.key: p
    for p in (
        Platform("x", "X/Twitter", 280),
        Platform("instagram", "Instagram", 2200),
        Platform("facebook", "Facebook", 63206),
        Platform("threads", "Threads", 500),
        Platform("bluesky", "Bluesky", 300),
        Platform("mastodon", "Mastodon", 500),
        Platform("linkedin", "LinkedIn", 3000),
        Platform("youtube", "YouTube community post", 5000),
        Platform("sms", "Text message (SMS, 3 parts)", 459),
        Platform("website", "Website", None),
        Platform("email", "Email list", None),
        Platform("press", "Press line", None),
    )
}


def get_platform(key: str) -> Platform:
    wanted = key.strip().lower().replace("twitter", "x")
    if wanted not in PLATFORMS:
        raise ValidationError(f"Unknown platform {key!r}; use one of: {', '.join(PLATFORMS)}.")
    return PLATFORMS[wanted]


def _x_weight(char: str) -> int:
    code = ord(char)
    return 1 if any(lo <= code <= hi for lo, hi in _X_LIGHT) else 2


def _x_measure(text: str, limit: int) -> tuple[int, int | None]:
    """Weighted length (light characters 1, others 2, a link 23), and where it first goes over ``limit``."""
    used, cut, pos = 0, None, 0
    links = {m.start(): m.end() for m in LINK.finditer(text)}
    while pos < len(text):
        if pos in links:
            used, nxt = used + X_LINK_LENGTH, links[pos]
        else:
            used, nxt = used + _x_weight(text[pos]), pos + 1
        if cut is None and used > limit:
            cut = pos
        pos = nxt
    return used, cut
