"""The clearance ladder: who to call now to clear a statement, and when to move up.

The rungs come from the template (duty lead → head of communications → on-call director)
and the people on each rung from the contacts directory. Each rung has a wait: with no
answer by then, the screen says to move up. Every attempt and answer is logged; "cleared"
also clears the statement step in the same unit of work.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.contacts.service import ContactInfo, contacts_for_role
from app.context import AppContext
from app.errors import ValidationError
from app.incidents.golden_common import checked_at, iso, local_hhmm, log, resolve, running, settings_for
from app.incidents.golden_models import ClearanceAttempt
from app.incidents.models import IncidentStep

OUTCOMES = {"no_answer": "no answer", "message": "left a message", "refused": "refused to clear", "cleared": "cleared"}


@dataclass(frozen=True)
class Attempt:
    rung: int
    role: str
    contact: str
    at: dt.datetime
    outcome: str
    note: str

    def as_json(self) -> dict[str, Any]:
        return {"rung": self.rung, "role": self.role, "contact": self.contact or None, "at": iso(self.at),
                "outcome": self.outcome, "note": self.note or None}


@dataclass(frozen=True)
class Ladder:
    step_no: int
    rungs: tuple[tuple[str, tuple[ContactInfo, ...]], ...]
    wait_minutes: float
    current: int  # 1-based rung to call now; 0 once cleared
    rung_started: dt.datetime
    attempts: tuple[Attempt, ...]
    cleared_by: str

    @property
    def move_up_at(self) -> dt.datetime | None:
        if not self.current or self.current >= len(self.rungs):
            return None
        return self.rung_started + dt.timedelta(minutes=self.wait_minutes)

    def call_now(self) -> str:
        if not self.current:
            return f"Cleared by {self.cleared_by}."
        role, people = self.rungs[self.current - 1]
        who = ", ".join(f"{c.name} ({c.main_phone})" if c.main_phone else c.name for c in people) or "nobody in the contacts directory"
        up = f" Move up at {local_hhmm(self.move_up_at)}." if self.move_up_at else " This is the top of the ladder."
        return f"Call the {role}: {who}.{up}"

    def as_json(self) -> dict[str, Any]:
        return {
            "step": self.step_no, "current_rung": self.current or None, "wait_minutes": self.wait_minutes,
            "move_up_at": iso(self.move_up_at), "call_now": self.call_now(), "cleared_by": self.cleared_by or None,
            "rungs": [{"rung": i, "role": role, "contacts": [c.as_json() for c in people]}
                      for i, (role, people) in enumerate(self.rungs, start=1)],
            "attempts": [a.as_json() for a in self.attempts],
        }


def _attempts(session: Session, incident_id: str, step_no: int) -> list[ClearanceAttempt]:
    return list(session.execute(
        select(ClearanceAttempt).where(ClearanceAttempt.incident_id == incident_id, ClearanceAttempt.step_no == step_no,
                                       ClearanceAttempt.deleted.is_(False)).order_by(ClearanceAttempt.at)
    ).scalars())


def _statement_step(session: Session, incident_id: str, step_no: int) -> IncidentStep:
    step = session.execute(select(IncidentStep).where(
        IncidentStep.incident_id == incident_id, IncidentStep.no == step_no, IncidentStep.deleted.is_(False)
    )).scalars().first()
    if step is None or step.kind != "statement":
        raise ValidationError(f"Step {step_no} is not a holding statement.")
    return step


def ladder(ctx: AppContext, incident_id: str, step_no: int, *, now: dt.datetime | None = None) -> Ladder:
    """Where the statement is on the ladder. With no answer past a rung's wait, the rung to
    call is the next one up (the screen says so as soon as the wait is over)."""
    now = checked_at(now)
    with ctx.read() as session:
        incident = resolve(session, incident_id)
        step = _statement_step(session, incident.id, step_no)
        rows = _attempts(session, incident.id, step_no)
        settings = settings_for(ctx, incident)
        anchor = step.updated_at if step.clearance == "drafted" else incident.started_at
        cleared_by = step.cleared_by if step.clearance in ("cleared", "published") else ""
    rungs = tuple((role, tuple(contacts_for_role(ctx, role))) for role in settings.clearance)
    attempts = tuple(Attempt(r.rung, r.role, r.contact, r.at, r.outcome, r.note) for r in rows)
    current, started = 1, attempts[0].at if attempts else anchor
    for attempt in attempts:
        if attempt.rung > current:
            current, started = attempt.rung, attempt.at
    wait = dt.timedelta(minutes=settings.clearance_wait_minutes)
    while not cleared_by and current < len(rungs) and attempts and now >= started + wait:
        current, started = current + 1, started + wait
    return Ladder(step_no, rungs, settings.clearance_wait_minutes, 0 if cleared_by else current, started, attempts, cleared_by)


def record_attempt(
    ctx: AppContext, incident_id: str, step_no: int, outcome: str, *, rung: int | None = None, contact: str = "",
    note: str = "", at: dt.datetime | None = None,
) -> Ladder:
    """Log a call to a rung of the ladder (the current rung unless ``rung`` is given)."""
    when = checked_at(at)
    if outcome not in OUTCOMES:
        raise ValidationError(f"An answer is one of: {', '.join(OUTCOMES)}.")
    state = ladder(ctx, incident_id, step_no, now=when)
    if not state.current:
        raise ValidationError(f"The statement of step {step_no} is already cleared by {state.cleared_by}.")
    rung = rung or state.current
    if not 1 <= rung <= len(state.rungs):
        raise ValidationError(f"The ladder has rungs 1 to {len(state.rungs)}.")
    role, people = state.rungs[rung - 1]
    contact = " ".join(contact.split()) or (people[0].name if people else role)
    with ctx.write() as session:
        incident = running(session, incident_id)
        step = _statement_step(session, incident.id, step_no)
        if outcome == "cleared" and step.clearance != "drafted":
            raise ValidationError("Draft the statement first: only a drafted statement can be cleared.")
        session.add(ClearanceAttempt(incident_id=incident.id, step_no=step_no, rung=rung, role=role, contact=contact,
                                     at=when, outcome=outcome, note=note.strip()))
        extra = f" Note: {note.strip()}" if note.strip() else ""
        log(ctx, session, incident, f"clearance (step {step_no}), rung {rung} {role}: called {contact} — {OUTCOMES[outcome]}.{extra}",
            when, category="escalation")
        if outcome == "cleared":
            step.clearance, step.cleared_by, step.cleared_at = "cleared", contact, when
            log(ctx, session, incident, f"holding statement (step {step_no}) cleared by {contact}.", when)
    return ladder(ctx, incident_id, step_no, now=when)


def clearance_delays(ctx: AppContext, incident_id: str) -> list[dict[str, Any]]:
    """Per statement: drafted when, cleared when, minutes waited, calls made."""
    with ctx.read() as session:
        incident = resolve(session, incident_id)
        steps = session.execute(select(IncidentStep).where(
            IncidentStep.incident_id == incident.id, IncidentStep.kind == "statement", IncidentStep.deleted.is_(False)
        ).order_by(IncidentStep.no)).scalars().all()
        found = []
        for step in steps:
            rows = _attempts(session, incident.id, step.no)
            first = rows[0].at if rows else None
            waited = round((step.cleared_at - first).total_seconds() / 60, 1) if step.cleared_at and first else None
            found.append({"step": step.no, "first_call": iso(first), "cleared_at": iso(step.cleared_at),
                          "cleared_by": step.cleared_by or None, "calls": len(rows), "minutes_waited": waited})
    return found
