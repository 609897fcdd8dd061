"""Guard on outgoing words: rule-based checks on a statement or a planned post.

Pure functions, no database: the CLI, the services and the window (as the officer
types) all call ``check``. Each flag names its ``rule``, the ``span`` of the text it is
about (start, end offsets) and a plain ``reason``. The rules aim at what gets a press
officer into trouble in the first hour: identifying a victim or a child, prejudicing
active proceedings, speculating, publishing personal data, and posts that do not fit.
Phone numbers are found by ``phonenumbers`` (Google's libphonenumber), not by a regex.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import phonenumbers

from app.incidents.platforms import LINK, Platform, get_platform

REGION = "GB"


@dataclass(frozen=True)
class Flag:
    rule: str
    span: tuple[int, int]
    text: str
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "span": list(self.span), "text": self.text, "reason": self.reason}


@dataclass(frozen=True)
class GuardResult:
    flags: tuple[Flag, ...]
    platform: Platform | None
    length: int | None

    @property
    def ok(self) -> bool:
        return not self.flags

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "platform": self.platform.key if self.platform else None,
            "length": self.length,
            "limit": self.platform.limit if self.platform else None,
            "flags": [f.as_json() for f in self.flags],
        }


def _words(*words: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)


# --- patterns -------------------------------------------------------------------------
AGE = re.compile(
    r"\b(?:(?P<a>\d{1,3})[- ]?(?:year|yr)s?[- ]old|aged\s+(?P<b>\d{1,3})|(?P<c>\d{1,3})[- ]?(?:month|week)s?[- ]old"
    r"|(?:man|woman|boy|girl|teenager|pensioner|person|driver|pedestrian|cyclist|motorcyclist|passenger),\s(?P<d>\d{1,3})\b(?![.:]\d))\b",
    re.IGNORECASE,
)
CHILD_WORDS = _words(
    "boy", "girl", "baby", "toddler", "child", "pupil", "schoolboy", "schoolgirl", "teenager", "teenage",
    "infant", "youngster", "juvenile",
)
VICTIM_WORDS = _words(
    "victim", "victims", "died", "dead", "killed", "injured", "hurt", "stabbed", "shot", "named", "body",
    "casualty", "casualties", "missing", "assaulted", "attacked", "deceased", "fatal", "family",
    "boy", "girl", "baby", "child", "woman", "man", "pupil", "teenager",
)
HONORIFIC_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Master)\.?\s+[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)?")
CAPITALISED_PAIR = re.compile(r"\b[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2}\b")
NOT_A_PERSON = {
    # Places, organisations and titles that look like a name (capitalised pairs).
    "street", "road", "avenue", "lane", "close", "drive", "way", "crescent", "place", "terrace", "gardens",
    "court", "grove", "hill", "row", "walk", "square", "park", "bridge", "station", "hospital", "school",
    "college", "university", "council", "police", "service", "services", "fire", "rescue", "ambulance",
    "trust", "centre", "center", "church", "city", "county", "borough", "district", "street's", "market",
    "museum", "library", "airport", "port", "motorway", "estate", "house", "hall", "office", "team",
    "department", "communications", "director", "lead", "head", "officer", "inspector", "sergeant",
    "constable", "chief", "superintendent", "commissioner", "minister", "mayor", "leader", "government",
    "authority", "agency", "court", "crown", "prosecution", "news", "press", "media", "twitter", "facebook",
    "instagram", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "the", "we", "our", "this", "a", "an", "at", "in", "on", "please", "anyone", "it", "there",
    "england", "scotland", "wales", "ireland", "britain", "kingdom", "united", "north", "south", "east",
    "west", "upper", "lower", "great", "greater", "new", "old", "saint", "st", "royal", "national",
}
PROCEEDINGS = re.compile(
    r"\b(?:arrested|arrest(?:ed)?\s+on\s+suspicion|(?:been|was|were|being|is|are|has|have)\s+charged(?!\s+(?:for|£|\$|€|\d))"
    r"|charged\s+with|remanded(?:\s+in\s+custody)?|in\s+custody|(?:the\s+)?accused|the\s+defendant)\b",
    re.IGNORECASE,
)
SPECULATION = _words(
    "believed", "thought to", "understood to", "suspected", "probably", "possibly", "likely",
    "may have", "might have", "could have", "appears to", "apparently", "reportedly", "allegedly",
    "rumou?red", "unconfirmed", "it is feared", "feared", "presumed", "terror attack", "terrorist",
)
EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")
POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRV-Y\d]?)\s?\d[ABD-HJLNP-UW-Z]{2})\b"
)
NUMBER_PLATE = re.compile(
    r"\b(?:[A-Z]{2}\d{2}\s?[A-Z]{3}|[A-HJ-PR-Y]\d{1,3}\s?[A-Z]{3}|[A-Z]{3}\s?\d{1,3}[A-HJ-PR-Y])\b"
)
STREET_WORDS = (
    "Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Place|Terrace|Gardens|Court|Grove|"
    "Hill|Row|Walk|Square|Mews|Parade"
)
ADDRESS = re.compile(
    r"\b(?:(?:Flat|Apartment)\s+\d+[A-Za-z]?,?\s+)?\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][a-z'’-]+\s+){1,3}(?:" + STREET_WORDS + r")\b\.?"
)


# --- rules --------------------------------------------------------------------------------
def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(".", 0, start), text.rfind("!", 0, start), text.rfind("?", 0, start), text.rfind("\n", 0, start))
    rights = [i for i in (text.find(c, end) for c in ".!?\n") if i >= 0]
    return text[left + 1 : min(rights) if rights else len(text)]


def _ages(text: str) -> list[Flag]:
    flags = []
    for m in AGE.finditer(text):
        months = m.group("c") is not None
        age = int(m.group("a") or m.group("b") or m.group("c") or m.group("d"))
        child = months or age < 18 or bool(CHILD_WORDS.search(_sentence_around(text, m.start(), m.end())))
        if child:
            reason = "An age under 18 can identify a child: children involved must not be identifiable."
            rule = "child_age"
        else:
            reason = "An age with other details can identify a victim before the family has been told."
            rule = "victim_age"
        flags.append(Flag(rule, (m.start(), m.end()), m.group(0), reason))
    return flags


def _names(text: str) -> list[Flag]:
    flags: list[Flag] = []
    taken: list[tuple[int, int]] = []
    for m in HONORIFIC_NAME.finditer(text):
        flags.append(Flag("name", (m.start(), m.end()), m.group(0),
                          "A person's name: do not name a victim or a child until the family and police agree."))
        taken.append((m.start(), m.end()))
    for m in CAPITALISED_PAIR.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        words = [w.strip("'’").lower() for w in m.group(0).split()]
        if any(w in NOT_A_PERSON for w in words):
            continue
        if not VICTIM_WORDS.search(_sentence_around(text, m.start(), m.end())):
            continue
        flags.append(Flag("name", (m.start(), m.end()), m.group(0),
                          "Looks like a person's name next to words about a victim: do not identify them "
                          "until the family and police agree."))
    return flags


def _matches(pattern: re.Pattern[str], text: str, rule: str, reason: str) -> list[Flag]:
    return [Flag(rule, (m.start(), m.end()), m.group(0), reason) for m in pattern.finditer(text)]


def _phones(text: str) -> list[Flag]:
    """Valid numbers, and full-length possible ones (Ofcom's drama ranges are not "valid" but look real)."""
    return [
        Flag("phone", (m.start, m.end), m.raw_string,
             "A phone number: make sure it is the public line you mean to give, not a person's own number.")
        for m in phonenumbers.PhoneNumberMatcher(text, REGION, leniency=phonenumbers.Leniency.POSSIBLE)
        if phonenumbers.is_valid_number(m.number) or len(str(m.number.national_number)) >= 10
    ]


def _links(text: str) -> list[Flag]:
    return [
        Flag("link", (m.start(), m.end()), m.group(0),
             "A link: check it opens our own page and works before it goes out.")
        for m in LINK.finditer(text)
    ]


def _length(text: str, platform: Platform) -> tuple[int, list[Flag]]:
    used, cut = platform.measure(text)
    if cut is None:
        return used, []
    return used, [Flag("length", (cut, len(text)), text[cut:cut + 40],
                       f"Too long for {platform.label}: {used} of {platform.limit} characters"
                       + (" (each link counts as 23)." if platform.key == "x" else "."))]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def check(text: str, *, platform: str | None = None, speculation: bool = True) -> GuardResult:
    """Every flag on ``text``, in text order. ``speculation=False`` once the facts are confirmed."""
    chosen = get_platform(platform) if platform else None
    personal = [
        *_phones(text),
        *_matches(EMAIL, text, "email", "An email address: personal data must not be published."),
        *_matches(ADDRESS, text, "address", "A house number and street can identify a home: give the street or area only."),
        *_matches(POSTCODE, text, "postcode", "A full postcode narrows to a few homes: give the area instead."),
        *_matches(NUMBER_PLATE, text, "number_plate", "A number plate identifies a vehicle and its owner."),
    ]
    # An email's domain or a phone number must not also count as a link or a plate.
    links = [f for f in _links(text) if not any(_overlaps(f.span, p.span) for p in personal if p.rule == "email")]
    flags = [
        *_ages(text), *_names(text),
        *_matches(PROCEEDINGS, text, "proceedings",
                  "Active proceedings once someone is arrested or charged: say nothing that could prejudice "
                  "a trial (contempt of court risk); use the police wording only."),
        *personal, *links,
    ]
    if speculation:
        flags += _matches(SPECULATION, text, "speculation",
                          "Speculation before the facts are confirmed: say only what is confirmed.")
    length = None
    if chosen is not None:
        length, over = _length(text, chosen)
        flags += over
    return GuardResult(tuple(sorted(_dedupe(flags), key=lambda f: (f.span, f.rule))), chosen, length)


def _dedupe(flags: list[Flag]) -> list[Flag]:
    """One flag per place: a stronger rule wins where two cover the same words."""
    strength = ["child_age", "victim_age", "phone", "email", "address", "postcode", "number_plate", "name"]
    ranked = sorted(flags, key=lambda f: strength.index(f.rule) if f.rule in strength else len(strength))
    kept: list[Flag] = []
    for flag in ranked:
        if flag.rule in strength and any(k.rule in strength and _overlaps(k.span, flag.span) for k in kept):
            continue
        kept.append(flag)
    return kept
