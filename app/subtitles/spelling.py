"""British English spell check with pyspellchecker.

pyspellchecker's English list is American; we add the British forms (``-our``, ``-re``,
``-ise``, doubled ``l``...) and report American spellings with the British form as the
suggestion. Words that are probably names (capitalised mid-sentence), all-capitals
acronyms and anything with a digit are not checked.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from app.resources import resource_path

_WORD = re.compile(r"[A-Za-z][A-Za-z']*[A-Za-z]|[A-Za-z]")
_IZE = re.compile(r"(?<=[a-z]{3})(iz|yz)(e|es|ed|ing|ation|ations|er|ers)$")


@dataclass(frozen=True)
class Misspelling:
    word: str
    start: int  # offset in the cue text
    suggestions: tuple[str, ...]


class BritishSpeller:
    def __init__(self) -> None:
        from spellchecker import SpellChecker

        data = json.loads(resource_path("subtitles", "en_gb.json").read_text(encoding="utf-8"))
        self.us_to_gb: dict[str, str] = data["us_to_gb"]
        self._checker = SpellChecker(language="en", distance=1)
        known = set(self.us_to_gb.values()) | {w.lower() for w in data.get("extra_words", [])}
        # every -ize word of the dictionary also in its -ise form
        for word in list(self._checker.word_frequency.keys()):
            if _IZE.search(word):
                known.add(_IZE.sub(lambda m: m.group(1).replace("z", "s") + m.group(2), word))
        self._checker.word_frequency.load_words(sorted(known))
        self._lock = threading.Lock()
        self.ignored: set[str] = set()

    def british_form(self, word: str) -> str | None:
        low = word.lower()
        if low in self.us_to_gb:
            return _match_case(word, self.us_to_gb[low])
        if _IZE.search(low):
            gb = _IZE.sub(lambda m: m.group(1).replace("z", "s") + m.group(2), low)
            if gb != low and gb in self._checker:
                return _match_case(word, gb)
        return None

    def check_text(self, text: str) -> list[Misspelling]:
        found: list[Misspelling] = []
        sentence_start = True
        for m in _WORD.finditer(text):
            word = m.group(0).strip("'")
            before = text[: m.start()].rstrip()
            sentence_start = not before or before[-1] in ".!?\n-–—\"“(:" or before.endswith("...")
            if self._skip(word, sentence_start):
                continue
            low = word.lower()
            if low.endswith("'s"):
                low = low[:-2]
            gb = self.british_form(word)
            if gb:
                found.append(Misspelling(word, m.start(), (gb,)))
                continue
            with self._lock:
                if low in self._checker or low in self.ignored:
                    continue
                candidates = self._checker.candidates(low) or set()
                ranked = sorted(candidates, key=lambda w: -self._checker.word_usage_frequency(w))
            suggestions = tuple(_match_case(word, self.british_form(w) or w) for w in ranked if w != low)[:5]
            found.append(Misspelling(word, m.start(), suggestions))
        return found

    def _skip(self, word: str, sentence_start: bool) -> bool:
        if len(word) < 2 and word.lower() not in ("a", "i"):
            return True
        if word.isupper() and len(word) > 1:
            return True  # acronyms: CCTV, NHS
        if word[0].isupper() and not sentence_start:
            return True  # probably a name or a place
        return False


def _match_case(original: str, word: str) -> str:
    if original.isupper():
        return word.upper()
    if original[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


@lru_cache(maxsize=1)
def speller() -> BritishSpeller:
    return BritishSpeller()


def replace_word(text: str, word: str, replacement: str) -> str:
    """Replace the first whole-word ``word`` in ``text`` (applying a spelling suggestion)."""
    return re.sub(rf"(?<![A-Za-z']){re.escape(word)}(?![A-Za-z'])", lambda _m: replacement, text, count=1)
