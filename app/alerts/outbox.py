"""Which alerts are due, and sending them exactly once.

``plan`` turns the check-in state into outbox rows keyed by what they are about
(``missed:<shift>:<due time>:<rung>``), so planning twice adds nothing. ``deliver_due``
claims a row (pending/failed -> sending) in its own write transaction before sending,
so the window's timers and a scheduled ``dutydesk alerts run`` never both send it.
Every sent alert and every failure is written to the shift log.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from app.alerts import lonework, mail
from app.alerts.models import ACKNOWLEDGED, CANCELLED, FAILED, PENDING, SENDING, SENT, AlertOutbox
from app.context import AppContext
from app.db.base import utcnow
from app.errors import DutyDeskError
from app.shiftlog import service, welfare

NOBODY_TOLD = "Nobody has been told."
MIN_RUNG_MINUTES = 5.0


@dataclass
class RunReport:
    sent: list[dict[str, object]] = field(default_factory=list)
    failed: list[dict[str, object]] = field(default_factory=list)

    @property
    def nobody_told(self) -> bool:
        return bool(self.failed)

    def as_json(self) -> dict[str, object]:
        return {"sent": self.sent, "failed": self.failed, "nobody_told": self.nobody_told}


def _local(when: dt.datetime) -> str:
    return f"{when.astimezone():%H:%M}"


def _add(session, key: str, kind: str, shift_id: str, to: list[str], subject: str, body: str, due: dt.datetime) -> bool:  # type: ignore[no-untyped-def]
    if session.get(AlertOutbox, key) is not None:
        return False
    session.add(AlertOutbox(key=key, kind=kind, shift_id=shift_id, recipients=to, subject=subject, body=body,
                            due_at=due, state=PENDING, attempts=0, last_error=""))
    return True


def _ladder_rows(session, prefix: str, kind: str, shift_id: str, ladder: tuple[str, ...], start: dt.datetime,  # type: ignore[no-untyped-def]
                 step: dt.timedelta, now: dt.datetime, what: str, officer: str) -> int:
    added = 0
    for rung, address in enumerate(ladder):
        due = start + step * rung
        if due > now:
            break
        earlier = ", ".join(ladder[:rung])
        moved = (f"\nThis alert has not been acknowledged by a check-in; it moved up the ladder to you "
                 f"(contact {rung + 1} of {len(ladder)}; already alerted: {earlier}).") if rung else ""
        body = (f"{officer} is working alone for the out-of-hours communications desk and {what}.{moved}\n\n"
                f"Please phone {officer} now. If you cannot reach them, follow the lone-working procedure.\n"
                f"You will get an all-clear when {officer} checks in.\n\n-- Duty Desk (automatic alert)")
        subject = f"Lone-worker alert: {officer} {'has not checked in' if kind == 'missed' else 'is overdue'}"
        added += _add(session, f"{prefix}:{rung}", kind, shift_id, [address], subject, body, due)
    return added


def plan(ctx: AppContext, *, now: dt.datetime | None = None) -> int:
    """Add the alerts that are due by ``now``; returns how many are new."""
    now = now or utcnow()
    status = welfare.status(ctx, now=now)
    shift = service.current_shift(ctx)
    ladder = status.settings.ladder
    if shift is None or not ladder:
        return 0
    officer = ctx.officer or "The officer"
    step = dt.timedelta(minutes=max(status.settings.grace_minutes, MIN_RUNG_MINUTES))
    added = 0
    with ctx.write() as session:
        if status.state == "missed" and status.due_at and status.missed_at:
            what = (f"missed a welfare check-in due at {_local(status.due_at)} "
                    f"({status.settings.grace_minutes:g} minutes' grace have passed)")
            added += _ladder_rows(session, f"missed:{shift.id}:{status.due_at.isoformat()}", "missed", shift.id,
                                  ladder, status.missed_at, step, now, what, officer)
        activity = lonework.current_activity(ctx)
        if activity and activity.shift_id == shift.id and now >= activity.until:
            what = (f"has not checked in after a timed activity: \"{activity.text}\", "
                    f"expected back by {_local(activity.until)}")
            added += _ladder_rows(session, f"activity:{shift.id}:{activity.started_at.isoformat()}", "activity",
                                  shift.id, ladder, activity.until, step, now, what, officer)
    return added


def acknowledge(ctx: AppContext, shift_id: str, entry_id: str, *, now: dt.datetime | None = None) -> bool:
    """A check-in: alerts not yet sent are cancelled; if any went out, queue the all-clear
    to everyone who was alerted. Returns whether an all-clear was queued."""
    now = now or utcnow()
    with ctx.write() as session:
        rows = list(session.execute(select(AlertOutbox).where(
            AlertOutbox.shift_id == shift_id, AlertOutbox.kind.in_(("missed", "activity")),
            AlertOutbox.state.in_((PENDING, FAILED, SENT)))).scalars())
        told: list[str] = []
        for row in rows:
            if row.state == SENT:
                row.state = ACKNOWLEDGED
                told += [a for a in row.recipients if a not in told]
            else:
                row.state = CANCELLED
        if not told:
            return False
        officer = ctx.officer or "The officer"
        body = (f"All clear: {officer} checked in at {_local(now)} and is safe.\n"
                f"No further action is needed for the earlier lone-worker alert.\n\n-- Duty Desk (automatic message)")
        return _add(session, f"allclear:{entry_id}", "allclear", shift_id, told,
                    f"All clear: {officer} has checked in", body, now)


def raise_duress(ctx: AppContext, shift_id: str, entry_id: str, note: str, *, now: dt.datetime | None = None) -> None:
    now = now or utcnow()
    ladder = welfare.status(ctx, now=now).settings.ladder
    if not ladder:
        return
    officer = ctx.officer or "The officer"
    activity = lonework.current_activity(ctx)
    where = f"\nLast timed activity: {activity.text}." if activity else ""
    said = f"\nNote typed with the check-in: {note.strip()}" if note.strip() else ""
    body = (f"DURESS: {officer} checked in with their duress PIN at {_local(now)}. On their screen it looked like a "
            f"normal 'I'm safe' check-in: they may be in danger and unable to say so.{where}{said}\n\n"
            f"Do not reply to this message or call in a way that could give this away. Follow the duress "
            f"procedure: call the police if you cannot confirm they are safe.\n\n-- Duty Desk (automatic alert)")
    with ctx.write() as session:
        _add(session, f"duress:{entry_id}", "duress", shift_id, list(ladder),
             f"URGENT duress alert: {officer}", body, now)


def _claim(ctx: AppContext, now: dt.datetime) -> list[AlertOutbox]:
    with ctx.write() as session:
        rows = list(session.execute(select(AlertOutbox).where(
            AlertOutbox.state.in_((PENDING, FAILED)), AlertOutbox.due_at <= now).order_by(AlertOutbox.due_at)).scalars())
        for row in rows:
            row.state = SENDING
            row.attempts += 1
        session.flush()
        for row in rows:
            session.expunge(row)
        return rows


def _finish(ctx: AppContext, key: str, error: str | None, now: dt.datetime) -> None:
    with ctx.write() as session:
        row = session.get(AlertOutbox, key)
        if row is not None:
            row.state = FAILED if error else SENT
            row.last_error = error or ""
            row.sent_at = None if error else now


def _log(ctx: AppContext, text: str, source: str) -> None:
    try:
        service.add_entry(ctx, text, category="welfare", source=source)
    except DutyDeskError:
        pass  # no running shift to log in (it ended): the outbox row keeps the record


def _log_text(row: AlertOutbox, error: str | None) -> str:
    # A duress alert is logged without saying so: the log may be on screen.
    label = "Welfare alert" if row.kind == "duress" else {"missed": "Missed check-in alert",
            "activity": "Overdue activity alert", "allclear": "All-clear"}.get(row.kind, "Alert")
    to = ", ".join(row.recipients)
    if error:
        return f"{label} NOT delivered to {to}: {error} {NOBODY_TOLD}"
    return f"{label} e-mailed to {to}."


def deliver_due(ctx: AppContext, *, now: dt.datetime | None = None) -> RunReport:
    """Send every claimed due alert once; failures stay queued for the next run."""
    now = now or utcnow()
    report = RunReport()
    rows = _claim(ctx, now)
    settings = mail.load(ctx) if rows else None
    for row in rows:
        error: str | None = None
        try:
            mail.send(settings, list(row.recipients), row.subject, row.body,
                      message_id=f"<{row.key.replace(':', '.')}@dutydesk.invalid>")
        except mail.MailError as exc:
            error = str(exc)
        _finish(ctx, row.key, error, now)
        item = {"key": row.key, "kind": row.kind, "to": list(row.recipients)}
        if error:
            report.failed.append({**item, "error": error})
            if row.attempts == 1 or row.last_error != error:
                _log(ctx, _log_text(row, error), "alert:failed")
        else:
            report.sent.append(item)
            _log(ctx, _log_text(row, None), "alert:sent")
    return report


def run(ctx: AppContext, *, now: dt.datetime | None = None) -> RunReport:
    """What a timer or the scheduled task calls: plan what is due, then deliver it."""
    now = now or utcnow()
    plan(ctx, now=now)
    return deliver_due(ctx, now=now)


def pending(ctx: AppContext) -> list[AlertOutbox]:
    """Alerts that have not reached anyone yet (for the window's warning)."""
    with ctx.read() as session:
        rows = list(session.execute(select(AlertOutbox).where(
            AlertOutbox.state.in_((PENDING, FAILED, SENDING)))).scalars())
        for row in rows:
            session.expunge(row)
        return rows
