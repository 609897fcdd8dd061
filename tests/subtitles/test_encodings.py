"""Subtitle files from other tools: every encoding they write converts to the same text.

Files are generated here in UTF-8/16/32 (with and without a byte-order mark) and in the
Windows code pages of Central Europe, Cyrillic and Western Europe; ``subtitles convert``
must write UTF-8 whose cue texts equal the source text. A guess is said on stderr.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import ValidationError
from app.subtitles import formats

TEXTS = {
    "croatian": ["Đino Šarić je rekao da je cesta zatvorena.", "Policija čeka ispred zgrade, vozači neka koriste obilaznicu."],
    "czech": ["Příliš žluťoučký kůň úpěl ďábelské ódy.", "Silnice je uzavřena až do odvolání."],
    "polish": ["Zażółć gęślą jaźń.", "Policja prosi kierowców o ostrożność na moście."],
    "russian": ["Полиция просит водителей объезжать мост.", "Дорога закрыта до дальнейшего уведомления."],
    "bulgarian": ["Пътят е затворен заради катастрофа.", "Моля, използвайте обходния маршрут."],
    "ukrainian": ["Дорогу перекрито через аварію.", "Будь ласка, об'їжджайте міст."],
    "french": ["Le préfet a déclaré que la route est fermée.", "Ça va durer jusqu'à ce soir, « prudence » sur le pont."],
    "spanish": ["¿Dónde está el niño?", "Mañana la carretera estará cerrada; gracias por su comprensión."],
    "german": ["Die Straße ist gesperrt – bitte „Umleitung“ nutzen…", "Grüße aus München, Ärger über Öl."],
    "english": ["Police are at the scene.", "Please avoid the area — thank you."],
}
CODE_PAGES = [
    ("cp1250", "croatian"), ("cp1250", "czech"), ("cp1250", "polish"),
    ("cp1251", "russian"), ("cp1251", "bulgarian"), ("cp1251", "ukrainian"),
    ("cp1252", "french"), ("cp1252", "spanish"), ("cp1252", "german"),
]
UNICODE = [
    ("utf-8", ""), ("utf-8", "bom"), ("utf-16-le", "bom"), ("utf-16-be", "bom"), ("utf-16-le", ""),
    ("utf-16-be", ""), ("utf-32-le", "bom"), ("utf-32-be", "bom"), ("utf-32-le", ""), ("utf-32-be", ""),
]


def srt(lines: list[str]) -> str:
    return "\r\n".join(
        f"{n}\r\n00:00:0{n},000 --> 00:00:0{n},900\r\n{line}\r\n" for n, line in enumerate(lines, start=1)
    )


def convert(cli, tmp_path: Path, data: bytes, *extra: str):  # type: ignore[no-untyped-def]
    source = tmp_path / "from-another-tool.srt"
    source.write_bytes(data)
    out = tmp_path / "out.srt"
    result = cli("subtitles", "convert", str(source), "-o", str(out), *extra)
    return result, out


def cue_texts(path: Path) -> list[str]:
    return [cue.text for cue in formats.load(path).cues]


@pytest.mark.parametrize(("codec", "language"), CODE_PAGES, ids=[f"{c}-{l}" for c, l in CODE_PAGES])
def test_windows_code_pages_convert_to_the_source_text(cli, tmp_path, codec, language):
    lines = TEXTS[language]
    result, out = convert(cli, tmp_path, srt(lines).encode(codec))
    assert result.code == 0, result.err
    assert out.read_bytes().decode("utf-8")  # written as UTF-8
    assert cue_texts(out) == lines
    assert "guessed" in result.err and "Windows-125" in result.err  # a guess says so


@pytest.mark.parametrize(("codec", "bom"), UNICODE, ids=[f"{c}{'-bom' if b else ''}" for c, b in UNICODE])
@pytest.mark.parametrize("language", ["croatian", "russian", "french", "english"])
def test_unicode_with_and_without_bom(cli, tmp_path, codec, bom, language):
    lines = TEXTS[language]
    data = ("\ufeff" if bom else "").encode(codec) + srt(lines).encode(codec)
    result, out = convert(cli, tmp_path, data)
    assert result.code == 0, result.err
    assert cue_texts(out) == lines
    if bom or codec == "utf-8":
        assert "guessed" not in result.err  # a byte-order mark or valid UTF-8 is certain


def test_the_user_can_name_the_encoding(cli, tmp_path):
    lines = TEXTS["croatian"]
    result, out = convert(cli, tmp_path, srt(lines).encode("cp1250"), "--encoding", "cp1250")
    assert result.code == 0 and "guessed" not in result.err
    assert cue_texts(out) == lines
    wrong, _ = convert(cli, tmp_path, srt(lines).encode("cp1250"), "--encoding", "utf-8")
    assert wrong.code == 2 and "not valid UTF-8" in wrong.err
    unknown, _ = convert(cli, tmp_path, srt(lines).encode("cp1250"), "--encoding", "klingon")
    assert unknown.code == 2 and "'klingon'" in unknown.err


def test_an_encoding_subtitle_tools_do_not_write_is_named(cli, tmp_path):
    result, out = convert(cli, tmp_path, srt(["Police are at the scene.", "Please avoid the area."]).encode("cp500"))
    assert result.code == 2 and "EBCDIC" in result.err and "Traceback" not in result.err
    assert not out.exists()


def test_binary_junk_is_refused(tmp_path):
    path = tmp_path / "junk.srt"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ValidationError):
        formats.load(path)


def test_zero_length_cue_loads_with_a_check_warning(cli, tmp_path):
    path = tmp_path / "zero.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:02,000\nHello\n\n2\n00:00:03,000 --> 00:00:03,000\nBlink\n\n"
                    "3\n00:00:04,000 --> 00:00:05,500\nWorld\n", encoding="utf-8")
    doc = formats.load(path)
    assert [c.text for c in doc.cues] == ["Hello", "Blink", "World"]
    assert len(doc.warnings) == 1 and "cue 2" in doc.warnings[0]
    checked = cli("subtitles", "check", "--no-spelling", str(path))
    assert checked.code == 1  # a finding, not a refusal
    assert "cue    2  min_duration  Lasts no time at all" in checked.out
    assert "warning:" in checked.err and "00:00:03,000 --> 00:00:03,000" in checked.err
    converted = cli("subtitles", "convert", str(path), "-o", str(tmp_path / "out.vtt"))
    assert converted.code == 0 and "00:00:03.000 --> 00:00:03.000" in (tmp_path / "out.vtt").read_text()


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("1\n-00:00:01,000 --> 00:00:02,000\nEarly\n", "'-00:00:01,000 --> 00:00:02,000'"),
        ("1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n00:00:03,000 --> -00:00:04,000\nB\n", "'00:00:03,000 --> -00:00:04,000'"),
        ("WEBVTT\n\n-00:01.000 --> 00:02.000\nEarly\n", "'-00:01.000 --> 00:02.000'"),
    ],
    ids=["srt start", "srt end", "vtt"],
)
def test_negative_times_keep_their_minus_sign_in_the_refusal(cli, tmp_path, text, quoted):
    path = tmp_path / ("neg.vtt" if text.startswith("WEBVTT") else "neg.srt")
    path.write_text(text, encoding="utf-8")
    result = cli("subtitles", "check", "--no-spelling", str(path))
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    assert quoted in result.err and "negative" in result.err


def test_a_minus_in_the_words_of_an_ass_file_is_not_a_time(tmp_path):
    path = tmp_path / "cold.ass"
    path.write_text(
        "[Script Info]\nScriptType: v4.00+\n\n[V4+ Styles]\nFormat: Name, Fontname, Fontsize\nStyle: Default,Arial,20\n\n"
        "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
        "Dialogue: 0,0:00:01.00,0:00:02.50,Default,,0,0,0,,Roads at -5.5 degrees, -3 tonight\n",
        encoding="utf-8",
    )
    assert formats.load(path).cues[0].text == "Roads at -5.5 degrees, -3 tonight"


def test_not_subtitles_quotes_the_files_own_first_line(tmp_path):
    path = tmp_path / "notes.srt"
    path.write_text("Dear team,\nthis is not a subtitle file.\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="'Dear team,'"):
        formats.load(path)
