"""The facts board and the intake form of a running incident, and statements checked
against both the facts and the guard.

A claim is *unconfirmed* when heard, then *confirmed* or *withdrawn*. A statement may use
only confirmed facts; using any other, or carrying a guard flag, needs an override with a
reason, which the shift log keeps as a decision.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.context import AppContext
from app.errors import NotFoundError, ValidationError
from app.incidents import guard
from app.incidents.golden_common import checked_at, iso, log, resolve, running
from app.incidents.golden_models import IncidentFact, IncidentIntake
from app.incidents.models import IncidentStep

FACT_STATES = ("unconfirmed", "confirmed", "withdrawn")
INTAKE_FIELDS = {
    "what": "What happened", "where": "Where", "when_text": "When", "comms_lead": "Who leads comms",
    "media_on_scene": "Media on scene", "casualties": "Casualties known", "sources": "Sources",
}
MAX_CLAIM = 1000


@dataclass(frozen=True)
class FactInfo:
    no: int
    claim: str
    source: str
    heard_at: dt.datetime
    state: str
    changed_at: dt.datetime | None
    note: str

    def as_json(self) -> dict[str, Any]:
        return {"no": self.no, "claim": self.claim, "source": self.source, "heard_at": iso(self.heard_at),
                "state": self.state, "changed_at": iso(self.changed_at), "note": self.note or None}


def _fact_info(row: IncidentFact) -> FactInfo:
    return FactInfo(row.no, row.claim, row.source, row.heard_at, row.state, row.changed_at, row.note)


def _fact_rows(session: Session, incident_id: str) -> list[IncidentFact]:
    return list(session.execute(
        select(IncidentFact).where(IncidentFact.incident_id == incident_id, IncidentFact.deleted.is_(False))
        .order_by(IncidentFact.no, IncidentFact.created_at)
    ).scalars())


# --- intake ---------------------------------------------------------------------------
def record_intake(ctx: AppContext, incident_id: str, *, at: dt.datetime | None = None, **fields: str) -> dict[str, str]:
    """Fill (or amend) the intake; "what" is required. Logged as one line."""
    when = checked_at(at)
    unknown = set(fields) - set(INTAKE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown intake field {sorted(unknown)[0]!r}.")
    clean = {k: " ".join(str(v).split()) for k, v in fields.items()}
    with ctx.write() as session:
        incident = running(session, incident_id)
        row = _intake_row(session, incident.id)
        current = {k: getattr(row, k) for k in INTAKE_FIELDS} if row else dict.fromkeys(INTAKE_FIELDS, "")
        current.update({k: v for k, v in clean.items()})
        if not current["what"]:
            raise ValidationError("Say what happened (the first line of the intake).")
        if row is None:
            row = IncidentIntake(incident_id=incident.id, **current)
            session.add(row)
        else:
            for key, value in current.items():
                setattr(row, key, value)
        lines = "; ".join(f"{INTAKE_FIELDS[k]}: {v}" for k, v in current.items() if v)
        log(ctx, session, incident, f"intake — {lines}", when)
    return current


def _intake_row(session: Session, incident_id: str) -> IncidentIntake | None:
    return session.execute(
        select(IncidentIntake).where(IncidentIntake.incident_id == incident_id, IncidentIntake.deleted.is_(False))
    ).scalars().first()


def get_intake(ctx: AppContext, incident_id: str) -> dict[str, str] | None:
    with ctx.read() as session:
        row = _intake_row(session, resolve(session, incident_id).id)
        return {k: getattr(row, k) for k in INTAKE_FIELDS} if row else None


# --- facts -----------------------------------------------------------------------------
def list_facts(ctx: AppContext, incident_id: str) -> list[FactInfo]:
    with ctx.read() as session:
        return [_fact_info(r) for r in _fact_rows(session, resolve(session, incident_id).id)]


def add_fact(
    ctx: AppContext, incident_id: str, claim: str, source: str, *, state: str = "unconfirmed",
    heard_at: dt.datetime | None = None, at: dt.datetime | None = None,
) -> FactInfo:
    when = checked_at(at)
    heard = checked_at(heard_at) if heard_at else when
    claim, source = " ".join(claim.split()), " ".join(source.split())
    if not claim:
        raise ValidationError("A fact needs the claim (what was said).")
    if len(claim) > MAX_CLAIM:
        raise ValidationError(f"Keep a claim to {MAX_CLAIM} characters; split it into several facts.")
    if not source:
        raise ValidationError("Say where the claim came from (e.g. \"Police control room\").")
    if state not in FACT_STATES:
        raise ValidationError(f"A fact is one of: {', '.join(FACT_STATES)}.")
    with ctx.write() as session:
        incident = running(session, incident_id)
        rows = _fact_rows(session, incident.id)
        row = IncidentFact(incident_id=incident.id, no=max((r.no for r in rows), default=0) + 1, claim=claim,
                           source=source, heard_at=heard, state=state, changed_at=None, note="")
        session.add(row)
        log(ctx, session, incident, f"fact {row.no} ({state}, source: {source}): {claim}", when)
        return _fact_info(row)


def set_fact_state(
    ctx: AppContext, incident_id: str, no: int, state: str, *, note: str = "", at: dt.datetime | None = None
) -> FactInfo:
    when = checked_at(at)
    if state not in FACT_STATES:
        raise ValidationError(f"A fact is one of: {', '.join(FACT_STATES)}.")
    with ctx.write() as session:
        incident = running(session, incident_id)
        row = next((r for r in _fact_rows(session, incident.id) if r.no == no), None)
        if row is None:
            raise NotFoundError(f"The incident has no fact {no}.")
        if row.state == state:
            raise ValidationError(f"Fact {no} is already {state}.")
        row.state, row.changed_at = state, when
        if note.strip():
            row.note = f"{row.note}\n{note.strip()}".strip()
        extra = f" Note: {note.strip()}" if note.strip() else ""
        log(ctx, session, incident, f"fact {no} now {state}: {row.claim}{extra}", when)
        return _fact_info(row)


# --- statements checked against facts and guard ---------------------------------------
@dataclass(frozen=True)
class StatementCheck:
    flags: tuple[guard.Flag, ...]
    not_confirmed: tuple[FactInfo, ...]

    @property
    def ok(self) -> bool:
        return not self.flags and not self.not_confirmed

    def problems(self) -> list[str]:
        found = [f"fact {f.no} is {f.state}: “{f.claim}”" for f in self.not_confirmed]
        return found + [f"{f.rule}: “{f.text}” — {f.reason}" for f in self.flags]

    def as_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "flags": [f.as_json() for f in self.flags],
                "facts_not_confirmed": [f.as_json() for f in self.not_confirmed]}


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def facts_used(text: str, facts: Iterable[FactInfo], named: Iterable[int] = ()) -> list[FactInfo]:
    """The facts a statement names by number, and those whose claim it repeats word for word."""
    body, wanted = _norm(text), set(named)
    facts = list(facts)
    missing = wanted - {f.no for f in facts}
    if missing:
        raise NotFoundError(f"The incident has no fact {sorted(missing)[0]}.")
    return [f for f in facts if f.no in wanted or (_norm(f.claim) and _norm(f.claim) in body)]


def check_against(text: str, facts: Iterable[FactInfo], named: Iterable[int] = (), platform: str | None = None) -> StatementCheck:
    facts = list(facts)
    used = facts_used(text, facts, named)
    all_confirmed = bool(used) and all(f.state == "confirmed" for f in used)
    result = guard.check(text, platform=platform, speculation=not all_confirmed)
    return StatementCheck(result.flags, tuple(f for f in used if f.state != "confirmed"))


def check_statement(ctx: AppContext, incident_id: str, text: str, *, facts: Iterable[int] = (),
                    platform: str | None = None) -> StatementCheck:
    return check_against(text, list_facts(ctx, incident_id), facts, platform)


def draft_checked_statement(
    ctx: AppContext, incident_id: str, step_no: int, text: str, *, facts: Iterable[int] = (),
    override: str = "", platform: str | None = None, at: dt.datetime | None = None,
) -> StatementCheck:
    """Draft a statement on a statement step. Refused while it uses a fact that is not
    confirmed or carries a guard flag, unless ``override`` gives the reason (logged)."""
    when = checked_at(at)
    text, override = text.strip(), " ".join(override.split())
    if not text:
        raise ValidationError("The statement needs some text.")
    named = list(facts)
    with ctx.write() as session:
        incident = running(session, incident_id)
        result = check_against(text, [_fact_info(r) for r in _fact_rows(session, incident.id)], named, platform)
        if not result.ok and not override:
            raise ValidationError("Not drafted: " + "; ".join(result.problems())
                                  + ". Change the words, or override with a reason.")
        step = session.execute(select(IncidentStep).where(
            IncidentStep.incident_id == incident.id, IncidentStep.no == step_no, IncidentStep.deleted.is_(False)
        )).scalars().first()
        if step is None or step.kind != "statement":
            raise ValidationError(f"Step {step_no} is not a holding statement.")
        if step.clearance == "published":
            raise ValidationError(f"The statement of step {step_no} is already published; it cannot change.")
        if not result.ok:
            log(ctx, session, incident, f"override on the statement of step {step_no}: " + "; ".join(result.problems()),
                when, category="decision", rationale=override)
        step.statement_text, step.clearance, step.cleared_by, step.cleared_at = text, "drafted", "", None
        log(ctx, session, incident, f"holding statement drafted (step {step_no}): “{text}”", when)
    return result


def override_flags(ctx: AppContext, incident_id: str, text: str, reason: str, *, platform: str | None = None,
                   at: dt.datetime | None = None) -> guard.GuardResult:
    """Keep flagged words on purpose (a planned post, a reply): the reason goes in the log."""
    when = checked_at(at)
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError("Overriding a guard flag needs a reason.")
    result = guard.check(text, platform=platform)
    with ctx.write() as session:
        incident = running(session, incident_id)
        found = "; ".join(f"{f.rule}: “{f.text}”" for f in result.flags) or "no flags"
        log(ctx, session, incident, f"guard override ({found}) on: “{text.strip()}”", when,
            category="decision", rationale=reason)
    return result
