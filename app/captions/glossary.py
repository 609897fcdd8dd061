"""The team's words: a shared glossary that prompts the model and corrects known mishearings.

Terms live in the synced ``glossary_term`` table, so a name one officer adds reaches the
whole team. A glossary file (for the CLI) has one term a line, optionally followed by what
the model writes instead: ``Market Street = market treat; market st``. ``#`` starts a comment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.captions.words import Word, match_key, split_words
from app.context import AppContext
from app.errors import NotFoundError, ValidationError

KINDS = ("place", "person", "term")
MAX_TERM = 200
PROMPT_CHARS = 600  # Whisper reads at most ~224 prompt tokens; keep the prompt short


@dataclass(frozen=True)
class Term:
    term: str
    kind: str = "term"
    mishearings: tuple[str, ...] = ()
    id: str = ""
    notes: str = ""

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "term": self.term, "kind": self.kind, "mishearings": list(self.mishearings),
                "notes": self.notes}


@dataclass
class Glossary:
    terms: list[Term] = field(default_factory=list)

    def prompt(self) -> str:
        """An initial prompt that shows the model how the team spells its names."""
        names = ", ".join(t.term for t in self.terms)
        return f"Glossary: {names}."[:PROMPT_CHARS] if names else ""

    def hotwords(self) -> list[str]:
        return [t.term for t in self.terms]

    def correct(self, words: Sequence[Word]) -> list[Word]:
        return correct_words(words, self.terms)


def clean_term(text: str) -> str:
    term = re.sub(r"\s+", " ", str(text)).strip()
    if not term:
        raise ValidationError("A glossary term cannot be empty.")
    if len(term) > MAX_TERM:
        raise ValidationError(f"A glossary term has at most {MAX_TERM} characters.")
    return term


def _clean_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValidationError(f"A glossary term is one of: {', '.join(KINDS)}; not {kind!r}.")
    return kind


# -- the shared table -----------------------------------------------------------------


def list_terms(ctx: AppContext) -> list[Term]:
    from app.captions.models import GlossaryTerm

    with ctx.read() as session:
        rows = session.query(GlossaryTerm).filter(GlossaryTerm.deleted.is_(False)).order_by(GlossaryTerm.term).all()
        return [Term(r.term, r.kind, tuple(r.mishearings or ()), r.id, r.notes) for r in rows]


def add_term(ctx: AppContext, term: str, kind: str = "term", mishearings: Iterable[str] = (), notes: str = "") -> Term:
    from app.captions.models import GlossaryTerm

    clean = clean_term(term)
    heard = [clean_term(m) for m in mishearings if str(m).strip()]
    kind = _clean_kind(kind)
    with ctx.write() as session:
        existing = session.query(GlossaryTerm).filter(GlossaryTerm.deleted.is_(False)).all()
        if any(r.term.lower() == clean.lower() for r in existing):
            raise ValidationError(f"{clean!r} is already in the glossary.")
        row = GlossaryTerm(term=clean, kind=kind, mishearings=heard, notes=notes.strip())
        session.add(row)
        session.flush()
        return Term(row.term, row.kind, tuple(heard), row.id, row.notes)


def remove_term(ctx: AppContext, term_id: str) -> None:
    from app.captions.models import GlossaryTerm

    with ctx.write() as session:
        row = session.get(GlossaryTerm, term_id)
        if row is None or row.deleted:
            raise NotFoundError("That glossary term does not exist (any more).")
        row.deleted = True


def team_glossary(ctx: AppContext | None) -> Glossary:
    return Glossary(list_terms(ctx) if ctx is not None else [])


# -- a glossary file ------------------------------------------------------------------


def parse_glossary_text(text: str) -> Glossary:
    terms: list[Term] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        head, _, tail = line.partition("=")
        try:
            term = clean_term(head)
            heard = tuple(clean_term(m) for m in tail.split(";") if m.strip())
        except ValidationError as exc:
            raise ValidationError(f"Glossary line {number}: {exc}") from None
        terms.append(Term(term, "term", heard))
    return Glossary(terms)


def load_glossary_file(path: str | Path) -> Glossary:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"Cannot read the glossary {path}: {exc.strerror or exc}.") from None
    from app.subtitles.formats import decode

    text, _ = decode(data, path.name)
    return parse_glossary_text(text)


# -- correcting words -----------------------------------------------------------------


def correct_words(words: Sequence[Word], terms: Sequence[Term]) -> list[Word]:
    """Replace each known mishearing (and each term written in the wrong case) by the term.

    Matching is word by word, ignoring case and punctuation; the replacement keeps the
    times of the words it replaces and the punctuation after the last one.
    """
    patterns: list[tuple[list[str], list[str]]] = []
    for term in terms:
        target = split_words(term.term)
        for source in (term.term, *term.mishearings):
            keys = [match_key(w) for w in split_words(source)]
            if keys and all(keys):
                patterns.append((keys, target))
    patterns.sort(key=lambda p: -len(p[0]))  # longest first
    out: list[Word] = []
    i = 0
    while i < len(words):
        for keys, target in patterns:
            n = len(keys)
            if [w.key for w in words[i : i + n]] == keys:
                out.extend(_replace(words[i : i + n], target))
                i += n
                break
        else:
            out.append(words[i])
            i += 1
    return out


def _replace(heard: Sequence[Word], target: list[str]) -> list[Word]:
    tail = re.search(r"[^\w']+$", heard[-1].text)
    punct = tail.group(0) if tail else ""
    start, end = heard[0].start_ms, heard[-1].end_ms
    probability = 1.0  # a glossary spelling is what the team wants: not unsure
    step = (end - start) / len(target)
    out = []
    for k, text in enumerate(target):
        piece = text + (punct if k == len(target) - 1 else "")
        out.append(Word(int(start + k * step), int(start + (k + 1) * step), piece, probability))
    return out
