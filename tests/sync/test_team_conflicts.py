"""Conflicts are team data: every laptop lists the same conflicts, with the same ids and
states, whatever order the writes reached it in, and a laptop that joins from a snapshot
lists the team's conflicts too, not only the ones that arise after it joined."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.db.groups import GroupState, Head
from app.rota import service as rota
from app.sync import decisions, service
from app.sync.decisions import Settling
from app.sync.team import derive
from tests.sync.helpers import at, rounds, shared_state, sync



def team_view(ctx) -> dict[str, tuple[str, str, bool, str]]:
    """What every laptop must agree on: each conflict by team id, its kind, group, state, decider."""
    return {c.team_id: (c.kind, c.field, c.resolved is not None, c.resolved_by)
            for c in service.list_conflicts(ctx, include_resolved=True)}


def test_a_laptop_joining_from_a_snapshot_lists_the_teams_open_and_resolved_conflicts(make_ctx, tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    ann, bob, cat = make_ctx("ann", "Ann"), make_ctx("bob", "Bob"), make_ctx("cat", "Cat")
    open_shift = rota.add_shift(ann, officer="Ann", start=at(18), end=at(22), kind="late")
    settled_shift = rota.add_shift(ann, officer="Ann", start=at(6), end=at(12), kind="early")
    rounds(share, ann, bob, cat)
    rota.update_shift(ann, open_shift.id, start=at(17), end=at(22, 30))  # concurrent moves: stays open
    rota.update_shift(bob, open_shift.id, start=at(16), end=at(22))
    rota.update_shift(bob, settled_shift.id, start=at(5), end=at(11))  # concurrent moves: Cat decides
    rota.update_shift(cat, settled_shift.id, start=at(7), end=at(13))
    rounds(share, ann, bob, cat)
    [to_decide] = [c for c in service.list_conflicts(cat) if c.row_id == settled_shift.id]
    service.resolve(cat, to_decide.id, "remote")
    rounds(share, cat, ann, bob)
    before = team_view(ann)
    assert len(before) == 2
    assert {v[2] for v in before.values()} == {True, False}, "one open conflict and one resolved"
    assert before[to_decide.team_id] == ("edit", "start+end+unpaid_break_minutes", True, "Cat")
    assert team_view(bob) == team_view(cat) == before

    compacted = service.compact(ann, share)
    assert compacted["retired_segments"] >= 1  # Ann's writes now reach a newcomer only through the snapshot
    dan = make_ctx("dan", "Dan")
    rounds(share, dan)
    assert shared_state(dan)["rota_shift"] == shared_state(ann)["rota_shift"]
    assert team_view(dan) == before, "the newcomer lists the team's conflicts, with the same ids and states"
    [still_open] = service.list_conflicts(dan)
    assert still_open.row_id == open_shift.id
    sides = {str(still_open.local_value), str(still_open.remote_value)}
    assert any("16:00" in s for s in sides) and any("17:00" in s for s in sides)

    # the newcomer can decide it, and the team agrees on that too
    service.resolve(dan, still_open.id, "local")
    rounds(share, dan, ann, bob, cat)
    after = team_view(ann)
    assert all(resolved for _, _, resolved, _ in after.values()) and set(after) == set(before)
    assert team_view(bob) == team_view(cat) == team_view(dan) == after
    assert shared_state(ann) == shared_state(bob) == shared_state(cat) == shared_state(dan)


def _write(clock: int, device: str, value: int, knew: list[tuple[int, str]]) -> tuple[Head, list[tuple[int, str]]]:
    return Head((clock, device), device, {"start": value}), knew


def test_group_heads_are_the_same_in_every_arrival_order() -> None:
    """A write that arrives after a later one replaced it still replaces what its author knew."""
    k = _write(1, "k", 1, [])
    l_ = _write(2, "l", 2, [(1, "k")])  # L's author had K
    t = _write(3, "t", 3, [])  # concurrent with both
    d = _write(4, "d", 4, [(2, "l")])  # D's author had L (but not yet K), not T
    outcomes = set()
    for order in itertools.permutations([k, l_, t, d]):
        state = GroupState()
        for head, knew in order:
            state.add(head, knew)
        outcomes.add(tuple(state.versions()))
    assert outcomes == {((3, "t"), (4, "d"))}


def test_decisions_are_remembered_whatever_order_they_arrive_in() -> None:
    first = {"c1": {"kind": "edit", "at": [5, "a"], "by": "Ann"}}
    second = {"c1": {"kind": "edit", "at": [6, "b"], "by": "Bob"}, "c2": {"kind": "delete", "at": [6, "b"], "by": "Bob"}}
    one, two = GroupState(), GroupState()
    one.decide(first), one.decide(second)
    two.decide(second), two.decide(first)
    assert one.decided == two.decided
    assert one.decided["c1"]["by"] == "Ann" and one.decided["c2"]["by"] == "Bob"


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["write", "deliver", "deliver"]), st.integers(0, 2), st.integers(0, 2), st.just(0)),
                min_size=12, max_size=40), st.data())
def test_heads_depend_only_on_which_writes_a_laptop_has(steps, data) -> None:
    """Three laptops write one group and receive each other's writes in any order (each
    laptop's own writes in the order it made them); once all have all, the heads agree."""
    laptops = [GroupState() for _ in range(3)]
    made: list[list[tuple[Head, list[tuple[int, str]]]]] = [[] for _ in range(3)]
    got = [[0, 0, 0] for _ in range(3)]  # got[laptop][author]: how many of author's writes it has
    clock = 0

    def deliver(to: int, author: int) -> None:
        head, knew = made[author][got[to][author]]
        laptops[to].add(head, knew)
        got[to][author] += 1

    for kind, who, other, value in steps:
        if kind == "write":
            clock += 1
            head = Head((clock, f"d{who}"), f"d{who}", {"start": value})
            knew = laptops[who].versions()
            made[who].append((head, knew))
            got[who][who] += 1
            laptops[who].add(head, knew)
        elif got[who][other] < len(made[other]):
            deliver(who, other)
    while pending := [(to, author) for to in range(3) for author in range(3) if got[to][author] < len(made[author])]:
        deliver(*data.draw(st.sampled_from(pending)))  # the rest arrives in any order
    assert laptops[0].versions() == laptops[1].versions() == laptops[2].versions()


TIMES = "start"  # the group start + end + unpaid break of a shift, by its name


def _view(states: dict[str, GroupState]) -> dict[str, bool]:
    """What a laptop lists for one shift: conflict id -> resolved (as ``team.refresh`` does)."""
    found = derive("rota_shift", "shift", states)
    return {**{cid: True for cid in decisions.decided(states) if cid not in found}, **{cid: False for cid in found}}


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["move", "delete", "restore", "deliver", "deliver"]), st.integers(0, 2),
                          st.integers(0, 2), st.integers(0, 2)), min_size=12, max_size=40), st.data())
def test_conflict_lists_depend_only_on_which_writes_a_laptop_has(steps, data) -> None:
    """Three laptops move, delete and restore one shift (a write made while a conflict is
    open settles it) and receive each other's writes in any order: once all have all,
    every laptop lists the same conflicts, open and resolved."""
    laptops: list[dict[str, GroupState]] = [{} for _ in range(3)]
    made: list[list[tuple[str, Head, dict[str, Any], dict[str, Any]]]] = [[] for _ in range(3)]
    got = [[0, 0, 0] for _ in range(3)]
    clock = 0

    def deliver(to: int, author: int) -> None:
        name, head, seen, settled = made[author][got[to][author]]
        state = laptops[to].setdefault(name, GroupState())
        state.add(head, seen.get(name, []))
        state.decide(settled)
        got[to][author] += 1

    for kind, who, other, value in steps:
        if kind == "deliver":
            if got[who][other] < len(made[other]):
                deliver(who, other)
            continue
        clock += 1
        states = laptops[who]
        name, values = (TIMES, {"start": value, "end": value + 5}) if kind == "move" else ("deleted", {"deleted": kind == "delete"})
        seen = {n: s.versions() for n, s in states.items()}
        watch = Settling.start("rota_shift", "shift", states)
        head = Head((clock, f"d{who}"), f"d{who}", values, seen)
        states.setdefault(name, GroupState()).add(head, seen.get(name, []))
        settled = watch.finish(states, head.version, head.officer)
        states[name].decide(settled)
        made[who].append((name, head, seen, settled))
        got[who][who] += 1
    while pending := [(to, author) for to in range(3) for author in range(3) if got[to][author] < len(made[author])]:
        deliver(*data.draw(st.sampled_from(pending)))
    assert _view(laptops[0]) == _view(laptops[1]) == _view(laptops[2])
