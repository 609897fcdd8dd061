"""Looking an officer up by name when two records differ only in capitals (synced from two
laptops before a round merges them): the name as written wins; otherwise nobody is
guessed, one plain line asks for the exact name, and nothing is written."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.context import AppContext, open_context
from app.errors import ValidationError
from app.rota import service as rota
from app.rota.models import RotaShift
from app.settings import device
from app.setup import setup
from app.team import identity
from app.team import service as team
from app.team.models import Officer

AMBIGUOUS = ("More than one officer is called 'EVE PARK' apart from capitals or spaces: Eve Park, eve park. "
             "Type the name exactly as it is written.")
START = dt.datetime(2026, 11, 5, 18, tzinfo=dt.UTC)


def _two_spellings(ctx: AppContext, first: str, second: str) -> dict[str, str]:
    """Both records as a sync round brings them in: written one after the other, ``first``
    with the lower id (the one a merge would keep)."""
    ids = {}
    for name in (first, second):
        with ctx.write() as session:
            row = Officer(name=name)
            session.add(row)
            session.flush()
            ids[name] = row.id
    assert ids[first] < ids[second]
    return ids


def _count(ctx: AppContext, model: type) -> int:
    with ctx.read() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


@pytest.mark.parametrize("first,second", [("eve park", "Eve Park"), ("Eve Park", "eve park")])
def test_the_name_as_written_wins_whichever_record_is_older(ctx, first: str, second: str) -> None:  # type: ignore[no-untyped-def]
    ids = _two_spellings(ctx, first, second)
    assert team.find_officer(ctx, "Eve Park").id == ids["Eve Park"]
    assert team.find_officer(ctx, "  eve   park ").id == ids["eve park"]  # spaces do not count
    shift = rota.add_shift(ctx, officer="eve park", start=START, end=START + dt.timedelta(hours=4))
    assert (shift.officer_id, shift.officer) == (ids["eve park"], "eve park")


def test_a_name_matching_both_only_apart_from_capitals_is_one_plain_line_and_writes_nothing(ctx) -> None:  # type: ignore[no-untyped-def]
    _two_spellings(ctx, "eve park", "Eve Park")
    officers, shifts = _count(ctx, Officer), _count(ctx, RotaShift)
    with pytest.raises(ValidationError) as found:
        team.find_officer(ctx, "EVE PARK")
    assert str(found.value) == AMBIGUOUS
    with pytest.raises(ValidationError) as assigned:
        rota.add_shift(ctx, officer="EVE PARK", start=START, end=START + dt.timedelta(hours=4))
    assert str(assigned.value) == AMBIGUOUS
    with pytest.raises(ValidationError):
        team.add_officer(ctx, "EVE PARK")  # still refused: someone of that name is on the team
    with pytest.raises(ValidationError):
        team.set_active(ctx, "EVE PARK", False)
    assert (_count(ctx, Officer), _count(ctx, RotaShift)) == (officers, shifts)
    assert all(o.active for o in team.list_officers(ctx, include_inactive=True))


def test_the_shift_bar_offers_no_due_shift_for_an_ambiguous_name_instead_of_failing(ctx) -> None:  # type: ignore[no-untyped-def]
    _two_spellings(ctx, "eve park", "Eve Park")
    rota.add_shift(ctx, officer="Eve Park", start=START, end=START + dt.timedelta(hours=4))
    assert rota.due_shift(ctx, "Eve Park", START).officer == "Eve Park"
    assert rota.due_shift(ctx, "EVE PARK", START) is None


def test_one_record_is_still_found_whatever_the_capitals(ctx) -> None:  # type: ignore[no-untyped-def]
    ids = _two_spellings(ctx, "Eve Park", "Bob Baker")
    assert team.find_officer(ctx, "EVE PARK").id == ids["Eve Park"]
    with pytest.raises(ValidationError, match="Bob Baker is already on the team"):
        team.add_officer(ctx, "bob BAKER")


def test_the_same_name_twice_is_no_question(ctx) -> None:  # type: ignore[no-untyped-def]
    """Two records with exactly one spelling are one person: the one a merge keeps."""
    ids = [_two_spellings(ctx, "Eve Park", " Eve  Park")[name] for name in ("Eve Park", " Eve  Park")]
    assert team.find_officer(ctx, "EVE PARK").id == ids[0]


def test_a_laptop_named_ambiguously_keeps_its_name_until_the_merge(make_ctx) -> None:  # type: ignore[no-untyped-def]
    laptop = make_ctx("laptop", officer=None)
    _two_spellings(laptop, "eve park", "Eve Park")
    device.set_many(laptop, {device.OFFICER: "EVE PARK"})
    assert identity.follow(laptop) is None
    assert laptop.officer == "EVE PARK"


def test_the_cli_says_it_in_one_line(cli, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    with open_context(data_dir) as ctx:
        setup(ctx, officer="Test Officer")
        _two_spellings(ctx, "eve park", "Eve Park")
    result = cli("rota", "officers", "--add", "EVE PARK")
    assert result.code != 0 and result.out == ""
    assert result.err.strip().splitlines() == [f"dutydesk: {AMBIGUOUS}"]
    shown = cli("rota", "officers", "--all", "--json")
    assert shown.code == 0, shown.err
    assert sorted(o["name"] for o in json.loads(shown.out)) == ["Eve Park", "Test Officer", "eve park"]
