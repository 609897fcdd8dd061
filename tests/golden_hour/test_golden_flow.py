"""The golden hour through the services, on a real SQLite file: intake, facts, a statement
refused on an unconfirmed fact, the clearance ladder, channel clocks, the review PDF."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.contacts.service import add_contact
from app.context import AppContext
from app.errors import ValidationError
from app.incidents import channels, clearance, facts, service
from app.incidents.review import review_data, write_review
from app.shiftlog.service import list_entries

T0 = dt.datetime(2026, 12, 1, 22, 30, tzinfo=dt.timezone.utc)


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def _statement_step(incident: service.IncidentInfo) -> int:
    return next(s.no for s in incident.steps if s.kind == "statement")


def test_golden_hour_from_intake_to_review(ctx: AppContext, tmp_path: Path) -> None:
    add_contact(ctx, name="Dana Lead", role="Duty lead", phones=["07700 900111"])
    add_contact(ctx, name="Hana Head", role="Head of communications", phones=["07700 900222"])
    incident = service.start_incident(ctx, "major-incident", "Fire at Elm Street flats", at=T0)
    facts.record_intake(ctx, incident.id, what="Fire in a block of flats", where="Elm Street", when_text="22:25",
                        comms_lead="Test Officer", media_on_scene="BBC, local paper", casualties="unknown",
                        sources="Fire control", at=at(1))
    assert facts.get_intake(ctx, incident.id)["where"] == "Elm Street"

    # Clocks: first message due 5 minutes after the start on every channel of the template.
    clocks = channels.channel_clocks(ctx, incident.id)
    assert {c.channel for c in clocks} == {"x", "facebook", "instagram", "website", "email", "press"}
    assert all(c.due == at(5) and c.overdue(at(6)) for c in clocks)

    f1 = facts.add_fact(ctx, incident.id, "Crews are tackling a fire in a block of flats on Elm Street", "Fire control", at=at(2))
    f2 = facts.add_fact(ctx, incident.id, "Two people were taken to hospital", "Witness on X", at=at(3))
    facts.set_fact_state(ctx, incident.id, f1.no, "confirmed", at=at(4))
    step = _statement_step(incident)
    text = "Crews are tackling a fire in a block of flats on Elm Street. Two people were taken to hospital. Please avoid the area."
    with pytest.raises(ValidationError, match="fact 2 is unconfirmed"):
        facts.draft_checked_statement(ctx, incident.id, step, text, at=at(5))
    assert service.get_incident(ctx, incident.id).step(step).clearance == ""  # nothing changed
    ok = "Crews are tackling a fire in a block of flats on Elm Street. Please avoid the area."
    facts.draft_checked_statement(ctx, incident.id, step, ok, at=at(5))

    # Overriding needs a reason, and the reason lands in the log as a decision.
    facts.draft_checked_statement(ctx, incident.id, step, text, override="Ambulance service confirmed by phone", at=at(6))
    decisions = [e for e in list_entries(ctx) if e.category == "decision"]
    assert decisions and decisions[-1].rationale == "Ambulance service confirmed by phone"
    assert f"fact {f2.no} is unconfirmed" in decisions[-1].text

    # Clearance ladder: duty lead first; no answer past the wait → head of communications.
    state = clearance.ladder(ctx, incident.id, step, now=at(6))
    assert state.current == 1 and "Dana Lead" in state.call_now()
    clearance.record_attempt(ctx, incident.id, step, "no_answer", at=at(7))
    assert clearance.ladder(ctx, incident.id, step, now=at(10)).current == 1
    moved = clearance.ladder(ctx, incident.id, step, now=at(18))
    assert moved.current == 2 and "Hana Head" in moved.call_now()
    clearance.record_attempt(ctx, incident.id, step, "cleared", at=at(19))
    after = service.get_incident(ctx, incident.id).step(step)
    assert after.clearance == "cleared" and after.cleared_by == "Hana Head"

    # Posting on X and Facebook resets only those clocks; the log line says when the next is due.
    clocks = {c.channel: c for c in channels.post_update(ctx, incident.id, ["x", "facebook"], "First update", at=at(20))}
    assert clocks["x"].due == at(40) and clocks["facebook"].due == at(40)
    assert clocks["instagram"].due == at(5) and clocks["instagram"].overdue(at(20))
    posted = [e for e in list_entries(ctx) if "update posted on X/Twitter, Facebook" in e.text]
    assert posted and "Next update by 23:10." in posted[0].text  # 22:50 UTC + 20 min, London = UTC in December
    channels.post_update(ctx, incident.id, ["x"], at=at(45))

    data = review_data(ctx, incident.id, went_well="Fast first message", to_improve="Instagram forgotten")
    assert data["time_to_first_message_minutes"] == 20
    x = next(c for c in data["cadence"] if c["channel"] == "x")
    assert (x["posts"], x["mean_gap_minutes"], x["late_updates"]) == (2, 25, 2)
    assert data["clearance"][0]["minutes_waited"] == 12
    out = write_review(ctx, incident.id, tmp_path / "review.pdf", went_well="Fast first message", to_improve="Instagram forgotten")
    pdf = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    for words in ("Post-incident review", "Time to first message: 20 min", "Instagram forgotten",
                  "Ambulance service confirmed by phone", "Hana Head", "Fast first message"):
        assert words in pdf, words


def test_a_closed_incident_refuses_new_facts(ctx: AppContext) -> None:
    incident = service.start_incident(ctx, "major-incident", "Flood", at=T0)
    service.close_incident(ctx, incident.id, "Over", at=at(30))
    with pytest.raises(ValidationError, match="closed"):
        facts.add_fact(ctx, incident.id, "Water rising", "Gauge", at=at(31))


def test_fact_needs_a_source_and_bad_state_changes_nothing(ctx: AppContext) -> None:
    incident = service.start_incident(ctx, "major-incident", "Flood", at=T0)
    with pytest.raises(ValidationError, match="where the claim came from"):
        facts.add_fact(ctx, incident.id, "Water rising", "  ", at=at(1))
    assert facts.list_facts(ctx, incident.id) == []


def test_a_structured_template_edit_keeps_the_golden_hour_settings(ctx: AppContext) -> None:
    from dataclasses import replace

    from app.incidents.golden_settings import settings_of
    from app.incidents.templates import get_template, save_template_spec

    shipped = get_template(ctx, "major-incident")
    saved = save_template_spec(ctx, replace(shipped, name="Major incident (ours)"))
    settings = settings_of(saved)
    assert settings.major and settings.first_message_minutes == 5 and settings.update_minutes == 20
    assert settings.clearance[-1] == "On-call director"
