"""The team's words: shared terms that sync, prompt the model and correct known mishearings."""

from __future__ import annotations

import pytest

from app.captions.glossary import (Glossary, Term, add_term, correct_words, list_terms, parse_glossary_text,
                                   remove_term, team_glossary)
from app.captions.words import Word
from app.errors import ValidationError


def words(text: str) -> list[Word]:
    return [Word(i * 300, i * 300 + 250, t, 0.4) for i, t in enumerate(text.split())]


def test_mishearings_and_wrong_case_become_the_team_spelling() -> None:
    terms = [Term("Market Street", "place", ("market treat",)), Term("Chief Constable Okonkwo", "person", ("chief constable oh conquer",))]
    fixed = correct_words(words("They will close market treat, said chief constable oh conquer today. market street is shut."), terms)
    assert " ".join(w.text for w in fixed) == (
        "They will close Market Street, said Chief Constable Okonkwo today. Market Street is shut.")
    street = fixed[3]
    assert street.start_ms == 900 and not street.unsure  # timed within the words it replaced, not unsure
    assert fixed[-1].end_ms == words("x " * 15)[-1].end_ms  # nothing lost or shifted after


def test_a_glossary_file_is_read_with_comments_and_mishearings() -> None:
    glossary = parse_glossary_text("# our places\nMarket Street = market treat; market st\nOkonkwo\n\n")
    assert [t.term for t in glossary.terms] == ["Market Street", "Okonkwo"]
    assert glossary.terms[0].mishearings == ("market treat", "market st")
    assert "Market Street" in glossary.prompt() and glossary.hotwords() == ["Market Street", "Okonkwo"]
    assert Glossary().prompt() == ""


def test_terms_are_shared_records_that_sync(make_ctx, tmp_path) -> None:
    from app.sync.service import sync_now

    share = tmp_path / "share"
    share.mkdir()
    ann, bob = make_ctx("laptop-a", "Ann"), make_ctx("laptop-b", "Bob")
    term = add_term(ann, "  Queen's   Road ", "place", ["queens rd"])
    assert term.term == "Queen's Road"
    with pytest.raises(ValidationError):
        add_term(ann, "queen's road")
    with pytest.raises(ValidationError):
        add_term(ann, "   ")
    sync_now(ann, share)
    sync_now(bob, share)
    assert [(t.term, t.kind, t.mishearings) for t in team_glossary(bob).terms] == [("Queen's Road", "place", ("queens rd",))]
    remove_term(bob, term.id)
    sync_now(bob, share)
    sync_now(ann, share)
    assert list_terms(ann) == []
