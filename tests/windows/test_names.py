"""File names the app makes are valid on Windows, whatever the officer names and titles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from app.errors import ValidationError
from app.files import names

ANY_TEXT = st.text(st.characters(), max_size=300)


def assert_windows_valid(name: str) -> None:
    assert name
    assert not set(name) & names.ILLEGAL
    assert all(ord(c) >= 32 and ord(c) != 127 for c in name)
    assert not name.endswith((".", " ")) and not name.startswith(" ")
    assert not names.is_reserved(name)
    assert names.utf16_len(name) <= names.MAX_COMPONENT
    name.encode("utf-16-le")  # no lone surrogate (from undecodable bytes)


@settings(max_examples=500)
@given(ANY_TEXT)
@example('Dee "DJ" Osei')
@example("A/Sgt Reid")
@example("CON")
@example("nul.txt")
@example("COM1.tar.gz")
@example("com\u00b9")
@example("LPT9 .pdf")
@example("...")
@example(" . ")
@example("report. ")
@example("a\udcff b")
@example("x" * 300 + ".pdf")
@example("\U0001f600" * 200 + ".ics")
@example("tab\tnew\nline")
@example("a:b|c?d*e<f>g\\h")
def test_any_text_becomes_a_valid_windows_name(text: str) -> None:
    name = names.safe_name(text)
    assert_windows_valid(name)
    assert names.safe_name(name) == name  # stable: a safe name is left alone


@settings(max_examples=200)
@given(st.text(st.characters(min_codepoint=32, blacklist_characters='<>:"/\\|?*\x7f', blacklist_categories=("Cs", "Cc")),
               min_size=1, max_size=80).filter(lambda t: t == t.strip(" ").rstrip(". ") and t.strip(". ") and not names.is_reserved(t)))
def test_names_that_are_already_fine_are_unchanged(text: str) -> None:
    import unicodedata

    assert names.safe_name(text) == unicodedata.normalize("NFC", text)


def test_officer_names_and_titles_in_default_export_names() -> None:
    from ui.rota.exports import default_ics_name

    assert default_ics_name('Dee "DJ" Osei', dt.date(2026, 1, 5)) == "rota-dee-'dj'-osei-2026-01.ics"
    assert default_ics_name("A/Sgt Reid", dt.date(2026, 1, 5)) == "rota-a-sgt-reid-2026-01.ics"
    assert default_ics_name(None, dt.date(2026, 1, 5)) == "rota-team-2026-01.ics"
    assert names.export_name("summary", "Con", suffix=".pdf") == "summary-Con.pdf"
    assert names.safe_name("con.pdf") == "_con.pdf"


def test_reserved_device_names_with_any_extension() -> None:
    for name in ["CON", "con.txt", "Nul .pdf", "AUX.tar.gz", "com9.ics", "LPT1", "COM¹.csv", "conin$"]:
        assert names.is_reserved(name), name
        assert not names.is_reserved(names.safe_name(name))
    for fine in ["CONTACTS.csv", "console.log", "COM10.txt", "nullify.pdf"]:
        assert not names.is_reserved(fine) and names.safe_name(fine) == fine


@settings(max_examples=200)
@given(st.integers(min_value=1, max_value=200), ANY_TEXT)
def test_fit_path_keeps_whole_paths_under_260(depth: int, text: str) -> None:
    folder = Path("C:/Users/officer") / ("d" * depth)
    path = names.fit_path(folder, text + ".pdf")
    assert names.utf16_len(str(path)) + names.TEMP_ROOM <= names.MAX_PATH
    assert path.parent == folder
    assert_windows_valid(path.name)


def test_fit_path_refuses_a_folder_already_too_deep() -> None:
    with pytest.raises(ValidationError, match="too long a path"):
        names.fit_path(Path("C:/") / ("x" * 250), "rota.pdf")


def test_every_made_name_can_be_created(tmp_path: Path) -> None:
    for text in ['Dee "DJ" Osei', "A/Sgt Reid", "CON", "x" * 400, "🚨 Elm Park: body found?"]:
        name = names.safe_name(text + ".pdf")
        (tmp_path / name).write_bytes(b"%PDF")
        assert (tmp_path / name).read_bytes() == b"%PDF"


def test_case_only_difference_is_the_same_name(tmp_path: Path) -> None:
    assert names.same_name_ignoring_case(tmp_path / "clip.mp4", tmp_path / "CLIP.MP4")
    assert not names.same_name_ignoring_case(tmp_path / "clip.mp4", tmp_path / "clip2.mp4")


def test_dialog_suggestions_never_raise_for_a_deep_folder() -> None:
    deep = Path("C:/") / ("x" * 250)
    assert names.fit_path(deep, 'Dee "DJ" Osei.ics', strict=False) == deep / "Dee 'DJ' Osei.ics"
