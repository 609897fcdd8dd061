"""Guard rules as a table: what must be flagged, and everyday wording that must not be."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.incidents.guard import check
from app.incidents.platforms import get_platform

FLAGGED = [
    ("A 14-year-old boy was taken to hospital.", "child_age", "14-year-old"),
    ("The girl, aged 9, is being cared for.", "child_age", "aged 9"),
    ("A six-month-old... a 6-month-old baby was unhurt.", "child_age", "6-month-old"),
    ("A man, 34, died at the scene.", "victim_age", "man, 34"),
    ("A 52-year-old woman was injured.", "victim_age", "52-year-old"),
    ("The victim, Jamie Smith, was named locally.", "name", "Jamie Smith"),
    ("We are thinking of Mrs Patel and her family.", "name", "Mrs Patel"),
    ("A man has been arrested on suspicion of murder.", "proceedings", "arrested"),
    ("A woman has been charged with dangerous driving.", "proceedings", "been charged"),
    ("He was remanded in custody.", "proceedings", "remanded in custody"),
    ("The fire is believed to have started in the kitchen.", "speculation", "believed"),
    ("It was probably an accident.", "speculation", "probably"),
    ("Call 07700 900123 for information.", "phone", "07700 900123"),
    ("Ring +44 20 7946 0018 today.", "phone", "+44 20 7946 0018"),
    ("Contact j.smith@example.com for details.", "email", "j.smith@example.com"),
    ("Police attended 12 Acacia Avenue overnight.", "address", "12 Acacia Avenue"),
    ("The house in SW1A 1AA was searched.", "postcode", "SW1A 1AA"),
    ("The car, VK21 ABC, was found nearby.", "number_plate", "VK21 ABC"),
    ("More at https://example.gov.uk/news/flood.", "link", "https://example.gov.uk/news/flood"),
    ("See www.example.org for updates.", "link", "www.example.org"),
]

NOT_FLAGGED = [
    "Emergency services were called to Elm Street at 10.40pm.",
    "Greater Manchester Police and the Fire Service are at the scene.",
    "Head of Communications Sarah Jones will give a briefing at 11pm.",  # no victim words
    "The council will charge for parking from Monday.",
    "The radios were charged for the night shift.",
    "Between 2019 and 2023 we spent £1,500,000 on flood defences.",
    "Call 101 quoting log 1234 of 2 December, or 999 in an emergency.",
    "The A38 is closed between junctions 4 and 5 until 06:00.",
    "Our thoughts are with everyone affected. We will update at 23:40.",
    "The 2026 report is on page 12.",
    "Roads around Victoria Park are closed; please avoid the area.",
    "An unlikely spell of sunshine is forecast.",  # 'unlikely' is not 'likely'
]


@pytest.mark.parametrize(("text", "rule", "words"), FLAGGED)
def test_each_rule_flags_what_it_is_for(text: str, rule: str, words: str) -> None:
    result = check(text)
    hits = [f for f in result.flags if f.rule == rule]
    assert hits, f"{rule} not flagged in {text!r}: {result.flags}"
    flag = hits[0]
    assert text[flag.span[0]:flag.span[1]] == flag.text
    assert words.lower() in flag.text.lower() or flag.text.lower() in words.lower()
    assert flag.reason.endswith(".") and len(flag.reason) > 20


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_everyday_wording_is_not_flagged(text: str) -> None:
    assert check(text).flags == (), check(text).flags


def test_speculation_can_be_allowed_once_facts_are_confirmed() -> None:
    text = "The fire is believed to have started in the kitchen."
    assert not check(text, speculation=False).flags


def test_x_counts_each_link_as_23_and_flags_what_goes_over() -> None:
    link = "https://example.gov.uk/" + "a" * 100
    text = "x" * 250 + " " + link
    result = check(text, platform="x")
    assert result.length == 250 + 1 + 23
    assert not [f for f in result.flags if f.rule == "length"]
    longer = "y" * 260 + " " + link
    over = [f for f in check(longer, platform="x").flags if f.rule == "length"]
    assert over and "284 of 280" in over[0].reason


def test_x_counts_wide_characters_twice() -> None:
    assert get_platform("x").measure("日本" * 70)[0] == 280
    assert get_platform("x").measure("日本" * 71)[1] is not None


def test_instagram_limit_is_2200_and_website_has_none() -> None:
    assert [f.rule for f in check("a" * 2201, platform="instagram").flags] == ["length"]
    assert not check("a" * 2200, platform="instagram").flags
    assert not check("a" * 100_000, platform="website").flags


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gives_spans_inside_the_text(text: str) -> None:
    for flag in check(text, platform="x").flags:
        assert 0 <= flag.span[0] <= flag.span[1] <= len(text)
