"""Running incidents: start from a template, tick or skip steps, decide, draft and clear
holding statements, keep update timers, close with a summary.

Every change is one unit of work that also appends the matching line to the shift log
(``app.shiftlog.service.add_entry`` with ``session=``), so the incident and its timeline
in the log commit together or not at all: the log is the one record.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.contacts.service import ContactInfo, contacts_for_role
from app.context import AppContext
from app.db.base import utcnow
from app.db.lookup import by_id_or_prefix
from app.errors import NotFoundError, ValidationError
from app.incidents.models import Incident, IncidentStep
from app.incidents.templates import PLACEHOLDER, STEP_KINDS, get_template, placeholder_label, placeholders
from app.shiftlog import service as shiftlog
from app.shiftlog.models import LogEntry

STATUSES = ("open", "done", "skipped")
CLEARANCE = ("drafted", "cleared", "published")
MAX_TITLE = 200
KIND_ARTICLES = {"statement": "a holding statement", "timer": "an update timer"}


@dataclass(frozen=True)
class StepInfo:
    no: int
    kind: str
    text: str
    guidance: str
    role: str
    every_minutes: float
    options: tuple[str, ...]
    statement_template: str
    key_step: bool
    status: str
    done_at: dt.datetime | None
    officer: str
    note: str
    reason: str
    choice: str
    rationale: str
    statement_text: str
    clearance: str
    cleared_by: str
    cleared_at: dt.datetime | None
    published_at: dt.datetime | None
    last_update_at: dt.datetime | None
    updates: int
    contacts: tuple[ContactInfo, ...] = ()

    @property
    def kind_label(self) -> str:
        return STEP_KINDS.get(self.kind, self.kind)

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def placeholders(self) -> list[str]:
        return placeholders(self.statement_template)

    @property
    def timer_running(self) -> bool:
        return self.kind == "timer" and self.status == "done"

    def next_due(self) -> dt.datetime | None:
        """When the next update is due (a timer starts when its step is ticked)."""
        if not self.timer_running or self.done_at is None:
            return None
        anchor = self.last_update_at or self.done_at
        return anchor + dt.timedelta(minutes=self.every_minutes)

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "no": self.no,
            "kind": self.kind,
            "text": self.text,
            "status": self.status,
            "done_at": self.done_at.isoformat() if self.done_at else None,
            "officer": self.officer or None,
            "note": self.note or None,
            "reason": self.reason or None,
        }
        if self.kind == "call":
            data["role"] = self.role
            data["contacts"] = [c.as_json() for c in self.contacts]
        elif self.kind == "decision":
            data["decision"] = self.choice or None
            data["rationale"] = self.rationale or None
        elif self.kind == "timer":
            due = self.next_due()
            data["every_minutes"] = self.every_minutes
            data["next_due"] = due.isoformat() if due else None
            data["updates"] = self.updates
        elif self.kind == "statement":
            data["statement"] = self.statement_text or self.statement_template
            data["clearance"] = self.clearance or None
            data["cleared_by"] = self.cleared_by or None
            data["published_at"] = self.published_at.isoformat() if self.published_at else None
        return data


@dataclass(frozen=True)
class IncidentInfo:
    id: str
    template_key: str
    template_name: str
    title: str
    officer: str
    started_at: dt.datetime
    closed_at: dt.datetime | None
    closed_by: str
    summary: str
    lessons: str
    steps: tuple[StepInfo, ...] = field(default=())

    @property
    def running(self) -> bool:
        return self.closed_at is None

    @property
    def current_step(self) -> StepInfo | None:
        """The next thing to do: the first step still open."""
        return next((s for s in self.steps if s.is_open), None)

    @property
    def open_steps(self) -> list[StepInfo]:
        return [s for s in self.steps if s.is_open]

    def step(self, no: int) -> StepInfo:
        for step in self.steps:
            if step.no == no:
                return step
        raise NotFoundError(f"Incident {self.title!r} has no step {no} (it has steps 1 to {len(self.steps)}).")

    def timers(self) -> list[StepInfo]:
        return [s for s in self.steps if s.timer_running] if self.running else []

    def next_update_due(self) -> dt.datetime | None:
        dues = [d for d in (s.next_due() for s in self.timers()) if d is not None]
        return min(dues) if dues else None

    def elapsed(self, now: dt.datetime | None = None) -> dt.timedelta:
        end = self.closed_at or now or utcnow()
        return end - self.started_at

    def as_json(self) -> dict[str, Any]:
        due = self.next_update_due()
        current = self.current_step
        return {
            "id": self.id,
            "template": self.template_key,
            "template_name": self.template_name,
            "title": self.title,
            "officer": self.officer,
            "started_at": self.started_at.isoformat(),
            "closed_at": self.closed_at.isoformat() if self.closed_at else None,
            "summary": self.summary or None,
            "lessons": self.lessons or None,
            "current_step": current.no if current and self.running else None,
            "next_update_due": due.isoformat() if due else None,
            "steps": [s.as_json() for s in self.steps],
        }


# --- reading ---------------------------------------------------------------------
def _step_info(row: IncidentStep, contacts: tuple[ContactInfo, ...] = ()) -> StepInfo:
    return StepInfo(
        no=row.no, kind=row.kind, text=row.text, guidance=row.guidance, role=row.role,
        every_minutes=row.every_minutes, options=tuple(row.options or ()), statement_template=row.statement_template,
        key_step=bool(row.key_step), status=row.status, done_at=row.done_at, officer=row.officer, note=row.note,
        reason=row.reason, choice=row.choice, rationale=row.rationale, statement_text=row.statement_text,
        clearance=row.clearance, cleared_by=row.cleared_by, cleared_at=row.cleared_at,
        published_at=row.published_at, last_update_at=row.last_update_at, updates=row.updates, contacts=contacts,
    )


def _steps(session: Session, incident_id: str) -> list[IncidentStep]:
    return list(
        session.execute(
            select(IncidentStep)
            .where(IncidentStep.incident_id == incident_id, IncidentStep.deleted.is_(False))
            .order_by(IncidentStep.no)
        ).scalars()
    )


def _info(row: Incident, steps: list[IncidentStep], roles: dict[str, tuple[ContactInfo, ...]] | None = None) -> IncidentInfo:
    roles = roles or {}
    return IncidentInfo(
        id=row.id, template_key=row.template_key, template_name=row.template_name, title=row.title,
        officer=row.officer, started_at=row.started_at, closed_at=row.closed_at, closed_by=row.closed_by,
        summary=row.summary, lessons=row.lessons,
        steps=tuple(_step_info(s, roles.get(s.role.lower(), ())) for s in steps),
    )


def _resolve(session: Session, incident_id: str) -> Incident:
    row = by_id_or_prefix(session, Incident, incident_id, shortest=4,
                          several="More than one incident id starts with {given!r}; give more of the id.")
    if row is None:
        raise NotFoundError(f"No incident with id {incident_id!r}. `dutydesk incident list` shows them.")
    return row


def get_incident(ctx: AppContext, incident_id: str) -> IncidentInfo:
    with ctx.read() as session:
        row = _resolve(session, incident_id)
        steps = _steps(session, row.id)
    roles = {s.role.lower() for s in steps if s.kind == "call"}
    return _info(row, steps, {r: tuple(contacts_for_role(ctx, r)) for r in roles})


def list_incidents(ctx: AppContext, *, running_only: bool = False) -> list[IncidentInfo]:
    """Running incidents first (newest first), then closed ones (newest first)."""
    with ctx.read() as session:
        query = select(Incident).where(Incident.deleted.is_(False))
        if running_only:
            query = query.where(Incident.closed_at.is_(None))
        rows = session.execute(query).scalars().all()
        loaded = [(row, _steps(session, row.id)) for row in rows]
    found = [_info(row, steps) for row, steps in loaded]
    return sorted(found, key=lambda i: (not i.running, -i.started_at.timestamp()))


# --- writing ---------------------------------------------------------------------
def _checked_at(at: dt.datetime | None) -> dt.datetime:
    if at is None:
        return utcnow()
    if at.tzinfo is None:
        raise ValidationError("A time needs a time zone.")
    return at.astimezone(dt.timezone.utc)


def _log(ctx: AppContext, session: Session, incident: Incident, text: str, at: dt.datetime, **kwargs: Any) -> None:
    shiftlog.add_entry(
        ctx, f"{incident.title} — {text}", category=kwargs.pop("category", "incident"),
        source=f"incident:{incident.id}", event_at=at, session=session, **kwargs,
    )


def start_incident(ctx: AppContext, template_key: str, title: str, *, at: dt.datetime | None = None) -> IncidentInfo:
    """Start the clock now: the incident keeps its own copy of the template's steps."""
    title = " ".join(title.split())
    if not title:
        raise ValidationError("Give the incident a one-line title, e.g. \"Body found, Elm Street — media on scene\".")
    if len(title) > MAX_TITLE:
        raise ValidationError(f"Keep the title to one line ({MAX_TITLE} characters at most).")
    template = get_template(ctx, template_key)
    if template.broken:
        raise ValidationError(f"The template {template.name!r} is broken ({template.problem}); fix it or pick another.")
    started = _checked_at(at)
    with ctx.write() as session:
        incident = Incident(
            template_key=template.key, template_name=template.name, title=title, officer=ctx.officer,
            started_at=started, closed_by="", summary="", lessons="",
        )
        session.add(incident)
        session.flush()
        for no, spec in enumerate(template.steps, start=1):
            session.add(
                IncidentStep(
                    incident_id=incident.id, no=no, kind=spec.kind, text=spec.text, guidance=spec.help,
                    role=spec.role, every_minutes=spec.every_minutes, options=list(spec.options),
                    statement_template=spec.statement, key_step=spec.key, status="open",
                )
            )
        _log(ctx, session, incident, f"incident started from the template “{template.name}”.", started)
        incident_id = incident.id
    return get_incident(ctx, incident_id)


@contextmanager
def _changing(
    ctx: AppContext, incident_id: str, no: int, kind: str | None = None
) -> Iterator[tuple[Session, Incident, IncidentStep]]:
    """One unit of work on step ``no`` of a running incident (of the given kind)."""
    with ctx.write() as session:
        incident, step = _open_for_change(session, incident_id, no)
        if kind is not None and step.kind != kind:
            raise ValidationError(f"Step {no} is not {KIND_ARTICLES[kind]}.")
        yield session, incident, step


def _open_for_change(session: Session, incident_id: str, no: int) -> tuple[Incident, IncidentStep]:
    incident = _resolve(session, incident_id)
    if incident.closed_at is not None:
        raise ValidationError(f"The incident {incident.title!r} is closed; its steps can no longer change.")
    for step in _steps(session, incident.id):
        if step.no == no:
            return incident, step
    raise NotFoundError(f"The incident {incident.title!r} has no step {no}.")


def _already(step: IncidentStep) -> ValidationError:
    when = step.done_at.astimezone().strftime("%H:%M") if step.done_at else "earlier"
    verb = "done" if step.status == "done" else "skipped"
    by = f" by {step.officer}" if step.officer else ""
    return ValidationError(f"Step {step.no} is already {verb} ({verb} at {when}{by}).")


def complete_step(
    ctx: AppContext, incident_id: str, no: int, *, note: str = "", choice: str = "", rationale: str = "",
    at: dt.datetime | None = None,
) -> IncidentInfo:
    """Tick a step. A decision needs the choice and its rationale."""
    when = _checked_at(at)
    note, choice, rationale = note.strip(), " ".join(choice.split()), rationale.strip()
    with _changing(ctx, incident_id, no) as (session, incident, step):
        if step.status != "open":
            raise _already(step)
        if step.kind == "decision":
            if not choice:
                raise ValidationError(f"Step {no} is a decision: say what was decided.")
            if not rationale:
                raise ValidationError(f"Step {no} is a decision: give its rationale (why it was decided).")
            step.choice, step.rationale = choice, rationale
        step.status, step.done_at, step.officer = "done", when, ctx.officer
        if note:
            step.note = _append_note(step.note, note)
        if step.kind == "decision":
            _log(ctx, session, incident, f"decision at step {no} ({step.text}): {choice}", when,
                 category="decision", rationale=rationale)
        else:
            extra = f" Note: {note}" if note else ""
            started = " Update reminders start now." if step.kind == "timer" else ""
            _log(ctx, session, incident, f"step {no} done: {step.text}.{started}{extra}", when)
    return get_incident(ctx, incident.id)


def skip_step(ctx: AppContext, incident_id: str, no: int, reason: str, *, note: str = "", at: dt.datetime | None = None) -> IncidentInfo:
    when = _checked_at(at)
    reason, note = reason.strip(), note.strip()
    if not reason:
        raise ValidationError(f"Say why step {no} is skipped (a reason is needed).")
    with _changing(ctx, incident_id, no) as (session, incident, step):
        if step.status != "open":
            raise _already(step)
        step.status, step.done_at, step.officer, step.reason = "skipped", when, ctx.officer, reason
        if note:
            step.note = _append_note(step.note, note)
        extra = f" Note: {note}" if note else ""
        _log(ctx, session, incident, f"step {no} skipped: {step.text}. Reason: {reason}.{extra}", when)
    return get_incident(ctx, incident.id)


def reopen_step(ctx: AppContext, incident_id: str, no: int, reason: str = "", *, at: dt.datetime | None = None) -> IncidentInfo:
    """Undo a tick or a skip made by mistake (the log keeps both lines)."""
    when = _checked_at(at)
    with _changing(ctx, incident_id, no) as (session, incident, step):
        if step.status == "open":
            raise ValidationError(f"Step {no} is already open.")
        step.status, step.done_at, step.officer, step.reason = "open", None, "", ""
        step.choice = step.rationale = ""
        why = f" Reason: {reason.strip()}." if reason.strip() else ""
        _log(ctx, session, incident, f"step {no} reopened: {step.text}.{why}", when)
    return get_incident(ctx, incident.id)


def add_note(ctx: AppContext, incident_id: str, no: int, text: str, *, at: dt.datetime | None = None) -> IncidentInfo:
    when = _checked_at(at)
    text = text.strip()
    if not text:
        raise ValidationError("A note needs some text.")
    with _changing(ctx, incident_id, no) as (session, incident, step):
        step.note = _append_note(step.note, text)
        _log(ctx, session, incident, f"note on step {no} ({step.text}): {text}", when)
    return get_incident(ctx, incident.id)


def _append_note(existing: str, text: str) -> str:
    return f"{existing}\n{text}" if existing else text


# --- holding statements ------------------------------------------------------------
def fill_statement(template: str, values: dict[str, str]) -> str:
    """The statement with every placeholder replaced; refuses if one is left empty."""
    missing = [placeholder_label(n) for n in placeholders(template) if not values.get(n, "").strip()]
    if missing:
        raise ValidationError(f"Fill in: {', '.join(missing)}.")
    return PLACEHOLDER.sub(lambda m: " ".join(values[m.group(1)].split()), template)


def preview_statement(template: str, values: dict[str, str]) -> str:
    """The statement as filled so far; blanks still to fill show as [Label]."""
    return PLACEHOLDER.sub(
        lambda m: " ".join(values.get(m.group(1), "").split()) or f"[{placeholder_label(m.group(1))}]", template
    )


def draft_statement(
    ctx: AppContext, incident_id: str, no: int, values: dict[str, str] | None = None, *, text: str | None = None,
    at: dt.datetime | None = None,
) -> IncidentInfo:
    """Fill the placeholders (or give the edited text): the statement is now drafted."""
    when = _checked_at(at)
    with _changing(ctx, incident_id, no, "statement") as (session, incident, step):
        if step.clearance == "published":
            raise ValidationError(f"The statement of step {no} is already published; it cannot change.")
        final = (text or "").strip() or fill_statement(step.statement_template, values or {})
        leftover = placeholders(final)
        if leftover:
            raise ValidationError(f"Fill in: {', '.join(placeholder_label(n) for n in leftover)}.")
        step.statement_text, step.clearance, step.cleared_by, step.cleared_at = final, "drafted", "", None
        _log(ctx, session, incident, f"holding statement drafted (step {no}): “{final}”", when)
    return get_incident(ctx, incident.id)


def clear_statement(ctx: AppContext, incident_id: str, no: int, cleared_by: str, *, at: dt.datetime | None = None) -> IncidentInfo:
    when = _checked_at(at)
    cleared_by = " ".join(cleared_by.split())
    if not cleared_by:
        raise ValidationError("Say who cleared the statement.")
    with _changing(ctx, incident_id, no, "statement") as (session, incident, step):
        if step.clearance != "drafted":
            raise ValidationError(
                "Draft the statement first (fill in its blanks)." if not step.clearance
                else f"The statement of step {no} is already {step.clearance}."
            )
        step.clearance, step.cleared_by, step.cleared_at = "cleared", cleared_by, when
        _log(ctx, session, incident, f"holding statement (step {no}) cleared by {cleared_by}.", when)
    return get_incident(ctx, incident.id)


def publish_statement(ctx: AppContext, incident_id: str, no: int, *, at: dt.datetime | None = None) -> IncidentInfo:
    """Mark the cleared statement as published; this also ticks its step."""
    when = _checked_at(at)
    with _changing(ctx, incident_id, no, "statement") as (session, incident, step):
        if step.clearance != "cleared":
            raise ValidationError(
                f"The statement of step {no} is already published." if step.clearance == "published"
                else "Get the statement cleared first, and record who cleared it."
            )
        step.clearance, step.published_at = "published", when
        if step.status == "open":
            step.status, step.done_at, step.officer = "done", when, ctx.officer
        _log(ctx, session, incident, f"holding statement published (step {no}): “{step.statement_text}”", when)
    return get_incident(ctx, incident.id)


# --- update timers -------------------------------------------------------------------
def record_update(ctx: AppContext, incident_id: str, no: int, note: str = "", *, at: dt.datetime | None = None) -> IncidentInfo:
    """An update went out: the timer of step ``no`` counts again from now."""
    when = _checked_at(at)
    with _changing(ctx, incident_id, no, "timer") as (session, incident, step):
        if step.status != "done":
            raise ValidationError(f"Tick step {no} first: that starts its update timer.")
        step.last_update_at, step.updates = when, step.updates + 1
        extra = f": {note.strip()}" if note.strip() else "."
        _log(ctx, session, incident, f"update {step.updates} posted ({step.text}){extra}", when)
    return get_incident(ctx, incident.id)


@dataclass(frozen=True)
class TimerState:
    no: int
    text: str
    due: dt.datetime
    overdue: bool
    seconds_left: int


def timer_states(incident: IncidentInfo, now: dt.datetime | None = None) -> list[TimerState]:
    """Each running timer with when its next update is due, soonest first."""
    now = now or utcnow()
    states = []
    for step in incident.timers():
        due = step.next_due()
        if due is None:
            continue
        left = math.ceil((due - now).total_seconds())
        states.append(TimerState(step.no, step.text, due, left <= 0, left))
    return sorted(states, key=lambda s: s.due)


# --- closing ----------------------------------------------------------------------
def close_incident(
    ctx: AppContext, incident_id: str, summary: str, *, lessons: str = "", at: dt.datetime | None = None
) -> IncidentInfo:
    """Close with a summary (and lessons). Open steps are allowed: the report lists them."""
    when = _checked_at(at)
    summary, lessons = summary.strip(), lessons.strip()
    if not summary:
        raise ValidationError("Closing an incident needs a short summary of what happened.")
    with ctx.write() as session:
        incident = _resolve(session, incident_id)
        if incident.closed_at is not None:
            raise ValidationError(f"The incident {incident.title!r} is already closed.")
        if when < incident.started_at:
            raise ValidationError("An incident cannot close before it started.")
        incident.closed_at, incident.closed_by = when, ctx.officer
        incident.summary, incident.lessons = summary, lessons
        left = [s.no for s in _steps(session, incident.id) if s.status == "open"]
        not_done = f" Steps not done: {', '.join(map(str, left))}." if left else ""
        lesson_text = f" Lessons: {lessons}" if lessons else ""
        _log(ctx, session, incident, f"incident closed. Summary: {summary}{lesson_text}{not_done}", when)
    return get_incident(ctx, incident.id)


def timeline(ctx: AppContext, incident_id: str) -> list[shiftlog.EntryInfo]:
    """The incident's timeline, as the shift log holds it (time order)."""
    incident = get_incident(ctx, incident_id)
    with ctx.read() as session:
        rows = session.execute(
            select(LogEntry)
            .where(LogEntry.source == f"incident:{incident.id}", LogEntry.deleted.is_(False))
            .order_by(LogEntry.event_at, LogEntry.recorded_at, LogEntry.seq)
        ).scalars().all()
        return [shiftlog.entry_info(row) for row in rows]
