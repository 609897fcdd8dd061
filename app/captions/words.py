"""A recognised (or aligned) word with its time: what every captioning step passes along."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

UNSURE_BELOW = 0.5  # word probability under which a word is shown as unsure

_EDGE_PUNCT = re.compile(r"^[^\w']+|[^\w']+$")
_NUMBER_WORDS = {
    "0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven",
    "8": "eight", "9": "nine", "10": "ten", "11": "eleven", "12": "twelve",
}


@dataclass(frozen=True)
class Word:
    start_ms: int
    end_ms: int
    text: str  # as shown, with its punctuation ("Street,")
    probability: float = 1.0

    @property
    def unsure(self) -> bool:
        return self.probability < UNSURE_BELOW

    @property
    def key(self) -> str:
        return match_key(self.text)

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["probability"] = round(self.probability, 3)
        return data


def match_key(text: str) -> str:
    """What two spellings of one spoken word share: lower case, no edge punctuation, digits as words."""
    key = _EDGE_PUNCT.sub("", text.lower().replace("\u2019", "'"))
    return _NUMBER_WORDS.get(key, key)


def split_words(text: str) -> list[str]:
    return [w for w in re.split(r"\s+", text.strip()) if w]


def plain_text(words: list[Word]) -> str:
    return " ".join(w.text for w in words)
