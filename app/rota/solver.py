"""Auto-fill: assign officers to the open shifts of a period with OR-Tools CP-SAT.

Open shifts are those with no officer and those whose officer is on leave. Hard
rules: no double booking, the minimum daily rest, a weekly rest day, leave. After each
solve the answer is checked with the same rules as ``rota check``; anything the model
did not capture (weekly/fortnightly rest, the 17-week average) becomes a cut and the
model is solved again. The objective leaves as few shifts open as possible, then
balances hours, weekends, lates and bank holidays across the team. Shifts left open are
explained, officer by officer, instead of failing silently.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model
from sqlalchemy import select

from app.context import AppContext
from app.errors import ValidationError
from app.rota import rules as rules_mod
from app.rota import service
from app.rota.models import RotaShift
from app.rota.records import ShiftInfo
from app.team.models import Officer
from app.validation import durations

UNFILLED_WEIGHT = 100_000
HOURS_WEIGHT = 4  # per quarter hour of spread
WEEKEND_WEIGHT = 60
LATE_WEIGHT = 30
BANK_WEIGHT = 60
WORKING_TIME_RULES = frozenset({"rest", "double-booked", "weekly-rest", "average-hours"})
MAX_ROUNDS = 6


@dataclass
class Unfilled:
    shift: ShiftInfo
    reasons: list[str]

    def as_json(self) -> dict[str, Any]:
        return {"shift": self.shift.as_json(service.zone()), "reasons": self.reasons}


@dataclass
class FillResult:
    status: str
    assigned: list[ShiftInfo] = field(default_factory=list)
    unfilled: list[Unfilled] = field(default_factory=list)
    objective: float = 0.0
    best_bound: float = 0.0
    seconds: float = 0.0
    rounds: int = 0
    applied: bool = False
    before: dict[str, str | None] = field(default_factory=dict)  # officer of each shift when planned

    @property
    def gap(self) -> float:
        """Relative distance from the best bound CP-SAT proved (0 = proven optimal)."""
        if self.objective <= 0:
            return 0.0
        return min(1.0, max(0.0, (self.objective - max(self.best_bound, 0.0)) / self.objective))

    def as_json(self) -> dict[str, Any]:
        z = service.zone()
        return {
            "status": self.status,
            "applied": self.applied,
            "assigned": [s.as_json(z) for s in self.assigned],
            "unfilled": [u.as_json() for u in self.unfilled],
            "objective": self.objective,
            "best_bound": self.best_bound,
            "gap": round(self.gap, 4),
            "seconds": round(self.seconds, 3),
            "rounds": self.rounds,
        }


def _quarters(hours: float) -> int:
    return int(round(hours * 4))


def plan(snap: service.RotaSnapshot, *, time_limit: float = 10.0, workers: int = 2) -> FillResult:
    """Solve without writing: the proposed assignment for the snapshot's open shifts."""
    started = time.perf_counter()
    ctx = snap.context
    zone = ctx.zone
    in_period = [s for s in snap.shifts if snap.start <= s.local_day(zone) <= snap.end]
    open_shifts = [s for s in in_period if not rules_mod.is_effective(s, ctx)]
    if not open_shifts:
        return FillResult(status="NOTHING_TO_FILL", seconds=time.perf_counter() - started)
    open_ids = {s.id for s in open_shifts}
    fixed = [s for s in snap.shifts if s.id not in open_ids and rules_mod.is_effective(s, ctx)]
    officers = [o for o in snap.officers if o.active]
    if not officers:
        raise ValidationError("The team has no active officers to fill the rota with.")
    fixed_by: dict[str, list[ShiftInfo]] = defaultdict(list)
    for s in fixed:
        fixed_by[s.officer_id].append(s)  # type: ignore[index]

    excluded: dict[str, dict[str, str]] = defaultdict(dict)  # shift id -> officer -> why
    allowed: dict[tuple[str, str], bool] = {}
    for s in open_shifts:
        for o in officers:
            if o.id == s.officer_id:
                excluded[s.id][o.name] = "is the officer on leave"
                continue
            why = rules_mod.can_take(o.id, s, fixed_by.get(o.id, ()), ctx)
            if why:
                excluded[s.id][o.name] = why
            else:
                allowed[(s.id, o.id)] = True

    rest = dt.timedelta(hours=ctx.rules.min_daily_rest_hours)
    cuts: list[tuple[list[tuple[str, str]], int]] = []
    result = FillResult(status="UNKNOWN")
    rounds = 0
    hint = _greedy(open_shifts, officers, allowed, fixed_by, ctx)
    while True:
        rounds += 1
        model = cp_model.CpModel()
        x = {key: model.NewBoolVar(f"x_{key[0][-6:]}_{key[1][-6:]}") for key in allowed}
        unfilled = {}
        for s in open_shifts:
            options = [x[(s.id, o.id)] for o in officers if (s.id, o.id) in x]
            unfilled[s.id] = model.NewBoolVar(f"u_{s.id[-6:]}")
            model.Add(sum(options) + unfilled[s.id] == 1)
        for o in officers:
            own = sorted((s for s in open_shifts if (s.id, o.id) in x), key=lambda s: s.start)
            for i, a in enumerate(own):
                for b in own[i + 1:]:
                    if b.start - a.end >= rest:
                        break
                    model.AddBoolOr([x[(a.id, o.id)].Not(), x[(b.id, o.id)].Not()])
            # A weekly rest day: at most max_days_per_week distinct days worked per week.
            by_week: dict[dt.date, dict[dt.date, list[Any]]] = defaultdict(lambda: defaultdict(list))
            for s in own:
                day = s.local_day(zone)
                by_week[day - dt.timedelta(days=day.weekday())][day].append(x[(s.id, o.id)])
            for monday, days in by_week.items():
                fixed_days = {
                    f.local_day(zone) for f in fixed_by.get(o.id, ())
                    if monday <= f.local_day(zone) < monday + dt.timedelta(days=7)
                }
                worked = []
                for day, vars_ in days.items():
                    if day in fixed_days:
                        continue
                    y = model.NewBoolVar("")
                    for v in vars_:
                        model.AddImplication(v, y)
                    worked.append(y)
                room = ctx.rules.max_days_per_week - len(fixed_days)
                if worked and room < len(worked):
                    model.Add(sum(worked) <= max(room, 0))
        for keys, limit in cuts:
            model.Add(sum(x[k] for k in keys if k in x) <= limit)

        # Fairness: each officer's totals close to the team's average (sum of deviations).
        terms = [UNFILLED_WEIGHT * sum(unfilled.values())]
        for attr, weight in (("hours", HOURS_WEIGHT), ("weekends", WEEKEND_WEIGHT),
                             ("lates", LATE_WEIGHT), ("bank", BANK_WEIGHT)):
            values = {s.id: _measure(s, attr, ctx) for s in in_period}
            if not any(values[s.id] for s in open_shifts):
                continue
            grand = sum(values.values())
            target = round(grand / len(officers))
            for o in officers:
                base = sum(values[f.id] for f in fixed_by.get(o.id, ()) if f.id in values)
                total = base + sum(values[s.id] * x[(s.id, o.id)] for s in open_shifts if (s.id, o.id) in x)
                dev = model.NewIntVar(0, grand + 1, "")
                model.Add(dev >= total - target)
                model.Add(dev >= target - total)
                terms.append(weight * dev)
        if hint:
            for key, var in x.items():
                model.AddHint(var, int(hint.get(key[0]) == key[1]))
        model.Minimize(sum(terms))

        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.5, time_limit - (time.perf_counter() - started))
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = 1
        status = solver.Solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            result = FillResult(status=solver.StatusName(status))
            break
        chosen = {s_id: o_id for (s_id, o_id), var in x.items() if solver.Value(var)}
        hint = chosen
        proposal = _apply(snap, chosen, open_ids)
        new_cuts = _violations(snap, proposal, chosen, x)
        result = FillResult(
            status=solver.StatusName(status), objective=solver.ObjectiveValue(),
            best_bound=solver.BestObjectiveBound(),
        )
        if not new_cuts or rounds >= MAX_ROUNDS or time.perf_counter() - started > time_limit:
            result.assigned = [s for s in proposal if s.id in chosen]
            if new_cuts:  # out of rounds: drop the assignments that still break a rule
                bad = {k[0] for keys, _ in new_cuts for k in keys}
                result.assigned = [s for s in result.assigned if s.id not in bad]
            break
        cuts.extend(new_cuts)
    assigned_ids = {s.id for s in result.assigned}
    result.unfilled = [
        Unfilled(s, _reasons(s, excluded[s.id], officers)) for s in open_shifts if s.id not in assigned_ids
    ]
    result.rounds = rounds
    result.seconds = time.perf_counter() - started
    return result


def _greedy(
    open_shifts: list[ShiftInfo], officers: list[Any], allowed: dict[tuple[str, str], bool],
    fixed_by: dict[str, list[ShiftInfo]], ctx: rules_mod.Context,
) -> dict[str, str]:
    """A quick balanced start: each shift in time order to the eligible officer with fewest hours."""
    own: dict[str, list[ShiftInfo]] = {o.id: sorted(fixed_by.get(o.id, ()), key=lambda s: s.start) for o in officers}
    load = {o.id: sum(s.paid_hours for s in own[o.id]) for o in officers}
    weekends = {o.id: 0 for o in officers}
    chosen: dict[str, str] = {}
    for shift in sorted(open_shifts, key=lambda s: s.start):
        weekend = ctx.day(shift).weekday() >= 5
        best = None
        for o in sorted(officers, key=lambda o: (weekends[o.id] if weekend else 0, load[o.id])):
            if (shift.id, o.id) in allowed and rules_mod.can_take(o.id, shift, own[o.id], ctx) is None:
                best = o.id
                break
        if best is None:
            continue
        chosen[shift.id] = best
        own[best].append(shift)
        load[best] += shift.paid_hours
        weekends[best] += weekend
    return chosen


def _measure(s: ShiftInfo, attr: str, ctx: rules_mod.Context) -> int:
    day = ctx.day(s)
    if attr == "hours":
        return _quarters(s.paid_hours)
    if attr == "weekends":
        return int(day.weekday() >= 5)
    if attr == "lates":
        return int(s.is_late())
    return int(day in ctx.bank_holidays)


def _apply(snap: service.RotaSnapshot, chosen: dict[str, str], open_ids: set[str]) -> list[ShiftInfo]:
    names = snap.context.officer_names or {}
    out = []
    for s in snap.shifts:
        if s.id in chosen:
            o = chosen[s.id]
            s = ShiftInfo(s.id, o, names.get(o, o), s.kind, s.start, s.end, s.unpaid_break_minutes, s.pattern, s.note)
        out.append(s)
    return out


def _violations(
    snap: service.RotaSnapshot, proposal: list[ShiftInfo], chosen: dict[str, str], x: dict[tuple[str, str], Any]
) -> list[tuple[list[tuple[str, str]], int]]:
    """Working-time findings the proposal adds, as cuts over the assignments involved."""
    report = snap.check(proposal)
    cuts = []
    for finding in report.findings:
        if finding.rule not in WORKING_TIME_RULES:
            continue
        keys = [(sid, chosen[sid]) for sid in finding.shift_ids if sid in chosen]
        if finding.rule == "average-hours":
            officer = next((o for o, n in (snap.context.officer_names or {}).items() if n in finding.officers), None)
            keys = [(sid, oid) for sid, oid in chosen.items() if oid == officer]
        if keys:
            cuts.append((keys, len(keys) - 1))
    return cuts


def _reasons(shift: ShiftInfo, excluded: dict[str, str], officers: list[Any]) -> list[str]:
    reasons = [f"{name}: {why}" for name, why in sorted(excluded.items())]
    free = [o.name for o in officers if o.name not in excluded]
    if free:
        reasons.append(
            f"{', '.join(free)}: could take it alone, but not together with their other shifts "
            "(rest between shifts, a weekly rest day or the 17-week average)"
        )
    return reasons


def fill(
    ctx: AppContext, start: dt.date, end: dt.date, *, time_limit: float = 10.0, dry_run: bool = False
) -> FillResult:
    """Plan and (unless ``dry_run``) write the assignments in one unit of work."""
    time_limit = durations.positive_seconds(time_limit, what="The time limit", maximum=3600)
    snap = service.snapshot(ctx, start, end)
    result = plan(snap, time_limit=time_limit)
    result.before = {s.id: s.officer_id for s in snap.shifts if s.id in {a.id for a in result.assigned}}
    if dry_run or not result.assigned:
        return result
    return commit(ctx, result)


def plan_in_background(
    ctx: AppContext, start: dt.date, end: dt.date, *, time_limit: float = 10.0, cancel: Any = None
) -> FillResult | None:
    """The window's plan (no write): in a worker process when one can run for this folder.

    CP-SAT solves on two threads for seconds; in the window's process they would compete
    with its thread at the same priority, and starve the sync worker while it holds the
    write lock. ``None`` when ``cancel`` (a job's control) stopped it."""
    from app import worker

    if not worker.can_run(ctx):
        return fill(ctx, start, end, time_limit=time_limit, dry_run=True)
    args = {"start": start.isoformat(), "end": end.isoformat(), "time_limit": time_limit}
    return worker.run(ctx, "fill_plan", cancel=cancel, args=args)  # type: ignore[no-any-return]


def commit(ctx: AppContext, result: FillResult) -> FillResult:
    """Write a planned fill in one unit of work; refuses if the rota changed meanwhile."""
    before = result.before
    with ctx.write() as session:  # short: the window's own writes (a log entry) wait for it
        rows = {r.id: r for r in session.execute(
            select(RotaShift).where(RotaShift.id.in_([s.id for s in result.assigned]))).scalars()}
        covered = {r.officer_id for r in rows.values() if r.officer_id}
        names = dict(session.execute(select(Officer.id, Officer.name).where(Officer.id.in_(covered))).all())
        for shift in result.assigned:
            row = rows.get(shift.id)
            if row is None or row.deleted or row.officer_id != before.get(shift.id):
                raise ValidationError("The rota changed while the solver ran; run fill again.")
            if row.officer_id:
                cover_for = names.get(row.officer_id, "")
                row.note = f"{row.note} (cover for {cover_for})".strip()
            row.officer_id = shift.officer_id
            service._bump(row)
    result.applied = True
    return result
