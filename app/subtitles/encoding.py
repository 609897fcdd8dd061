"""Which encoding a subtitle file from another tool is in.

A byte-order mark settles it (UTF-8, UTF-16, UTF-32); so does text that is valid UTF-8
and has no NUL bytes. Anything else is a guess, made by charset-normalizer on the
lines that carry words (timings and cue numbers are ASCII in every encoding and only
dilute the evidence). A guess says so: the CLI names it, the window offers the other
candidates, and the user can pick one (``--encoding``). An encoding outside the ones
subtitle tools write is named and refused rather than turned into garbled letters.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from app.errors import ValidationError

# What subtitle tools write, in the order a tie is settled (Western Windows first).
SUPPORTED = (
    "utf_8", "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257", "cp1255", "cp1256", "cp1258",
    "iso8859_1", "iso8859_2", "iso8859_15", "iso8859_5", "iso8859_7", "iso8859_9", "iso8859_13",
    "koi8_r", "koi8_u", "cp874", "cp932", "shift_jis", "euc_jp", "gb18030", "gbk", "gb2312", "big5",
    "cp949", "euc_kr", "utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be",
)
LABELS = {
    "utf_8": "UTF-8", "utf_8_sig": "UTF-8 with BOM", "utf_16": "UTF-16", "utf_16_le": "UTF-16 LE",
    "utf_16_be": "UTF-16 BE", "utf_32": "UTF-32", "utf_32_le": "UTF-32 LE", "utf_32_be": "UTF-32 BE",
    "cp1250": "Windows-1250 (Central European)", "cp1251": "Windows-1251 (Cyrillic)",
    "cp1252": "Windows-1252 (Western European)", "cp1253": "Windows-1253 (Greek)",
    "cp1254": "Windows-1254 (Turkish)", "cp1255": "Windows-1255 (Hebrew)", "cp1256": "Windows-1256 (Arabic)",
    "cp1257": "Windows-1257 (Baltic)", "cp1258": "Windows-1258 (Vietnamese)",
    "iso8859_1": "ISO-8859-1 (Latin-1)", "iso8859_2": "ISO-8859-2 (Latin-2)", "iso8859_15": "ISO-8859-15 (Latin-9)",
    "iso8859_5": "ISO-8859-5 (Cyrillic)", "iso8859_7": "ISO-8859-7 (Greek)", "iso8859_9": "ISO-8859-9 (Turkish)",
    "iso8859_13": "ISO-8859-13 (Baltic)", "koi8_r": "KOI8-R (Russian)", "koi8_u": "KOI8-U (Ukrainian)",
    "cp874": "Windows-874 (Thai)", "cp932": "Shift JIS (Windows)", "shift_jis": "Shift JIS", "euc_jp": "EUC-JP",
    "gb18030": "GB18030 (Chinese)", "gbk": "GBK (Chinese)", "gb2312": "GB2312 (Chinese)", "big5": "Big5 (Chinese)",
    "cp949": "Windows-949 (Korean)", "euc_kr": "EUC-KR (Korean)",
    "cp037": "EBCDIC cp037 (IBM mainframe)", "cp500": "EBCDIC cp500 (IBM mainframe)", "cp437": "DOS cp437",
    "cp850": "DOS cp850", "mac_roman": "Mac Roman", "utf_7": "UTF-7",
}
BOMS = (  # UTF-32 LE's mark begins with UTF-16 LE's: test it first
    (codecs.BOM_UTF32_LE, "utf_32"), (codecs.BOM_UTF32_BE, "utf_32"), (codecs.BOM_UTF8, "utf_8_sig"),
    (codecs.BOM_UTF16_LE, "utf_16"), (codecs.BOM_UTF16_BE, "utf_16"),
)
MAX_CHAOS = 0.2  # charset-normalizer's "mess" ratio above which nothing is a reading
_NOT_WORDS = re.compile(rb"^\s*(\d+|WEBVTT.*|NOTE.*|.*-->.*|)\s*$")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # a Python codec name
    certain: bool  # False when it is charset-normalizer's guess
    alternatives: tuple[str, ...] = field(default=())  # other readings worth offering

    @property
    def label(self) -> str:
        return label(self.encoding)


def label(encoding: str) -> str:
    key = codecs.lookup(encoding).name.replace("-", "_") if _known(encoding) else encoding
    return LABELS.get(encoding, LABELS.get(key, encoding))


def decode(data: bytes, name: str = "the file", *, encoding: str | None = None) -> Decoded:
    """Bytes to text, naming the encoding and whether it was certain."""
    if encoding:
        return _decode_as(data, name, encoding)
    for bom, codec in BOMS:
        if data.startswith(bom):
            return Decoded(_strict(data, codec, name), codec, True)
    if b"\x00" not in data:
        try:
            return Decoded(data.decode("utf-8"), "utf_8", True)
        except UnicodeDecodeError:
            pass
    return _guess(data, name)


def _decode_as(data: bytes, name: str, encoding: str) -> Decoded:
    if not _known(encoding):
        raise ValidationError(f"Duty Desk does not know the encoding {encoding!r}; try e.g. cp1250, cp1251 or utf-8.")
    codec = codecs.lookup(encoding).name.replace("-", "_")
    text = _strict(data, encoding, name)
    if text.startswith("\ufeff"):
        text = text[1:]
    return Decoded(text, codec, True)


def _strict(data: bytes, codec: str, name: str) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise ValidationError(
            f"{name} is not valid {label(codec)}: byte {exc.start} ({data[exc.start:exc.start + 1]!r}) does not fit. "
            "Choose another encoding or save the file as UTF-8."
        ) from None
    return text[1:] if text.startswith("\ufeff") and codec in ("utf_16", "utf_32") else text


def _guess(data: bytes, name: str) -> Decoded:
    readings = _readings(_words(data)) + _readings(data)
    usable = [codec for codec in dict.fromkeys(readings) if codec in SUPPORTED and _decodes(data, codec)]
    if not usable:
        if readings:
            raise ValidationError(
                f"{name} looks like {label(readings[0])}, an encoding subtitle tools do not use and Duty Desk "
                "does not read. Save it as UTF-8 in your subtitle tool and try again."
            )
        raise ValidationError(
            f"{name} is in an encoding Duty Desk cannot recognise (it is not UTF-8, UTF-16 or UTF-32, and no "
            "Windows or ISO code page reads it as text). Save it as UTF-8 and try again."
        )
    best = usable[0]
    return Decoded(data.decode(best), best, False, tuple(usable[1:6]))


def _words(data: bytes) -> bytes:
    """The lines that carry words (single-byte and UTF-8-like data only: in UTF-16/32 a
    line split on raw bytes would cut characters in half)."""
    if b"\x00" in data:
        return data
    return b"\n".join(line for line in data.splitlines() if not _NOT_WORDS.match(line)) or data


def _readings(data: bytes) -> list[str]:
    """charset-normalizer's candidates, best first. Short texts often tie (Windows-1250
    and -1252 both "read" Croatian or French); a tie goes to the reading whose accented
    letters belong to one language's alphabet in charset-normalizer's own tables."""
    from charset_normalizer import from_bytes

    rank = {codec: index for index, codec in enumerate(SUPPORTED)}
    ranked = []
    for order, match in enumerate(from_bytes(data)):
        if match.chaos > MAX_CHAOS:
            continue
        same_text = _preferred(match.could_be_from_charset or [match.encoding])
        fit = _alphabet_fit(str(match))
        key = (round(match.chaos, 2), -fit, -round(match.coherence, 3), rank.get(same_text[0], len(rank)), order)
        ranked.append((key, same_text))
    return [codec for _, group in sorted(ranked, key=lambda item: item[0]) for codec in group]


def _alphabet_fit(text: str) -> float:
    """Share of the distinct non-ASCII letters that one language's frequent letters cover."""
    from charset_normalizer.constant import FREQUENCIES

    letters = {c.lower() for c in text if c.isalpha() and ord(c) > 127}
    if not letters:
        return 1.0
    return max(len(letters & set(alphabet)) / len(letters) for alphabet in FREQUENCIES.values())


def _preferred(codecs_found: list[str]) -> list[str]:
    """Equivalent readings (same text) ordered by ``SUPPORTED``, so Windows-1252 wins a tie."""
    rank = {codec: index for index, codec in enumerate(SUPPORTED)}
    return sorted(codecs_found, key=lambda codec: rank.get(codec, len(rank)))


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _known(encoding: str) -> bool:
    try:
        codecs.lookup(encoding)
    except LookupError:
        return False
    return True
