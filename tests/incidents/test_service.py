"""Running an incident: each change lands in the shift log in the same unit of work."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from app.contacts.service import add_contact, search_contacts
from app.errors import NotFoundError, ValidationError
from app.incidents import service
from app.incidents.report import write_report
from app.shiftlog import service as shiftlog


def _log_texts(ctx, incident_id: str) -> list[str]:
    return [e.text for e in service.timeline(ctx, incident_id)]


def test_a_full_incident_is_one_record_in_the_shift_log_and_the_report(ctx, tmp_path) -> None:
    shiftlog.start_shift(ctx)
    add_contact(ctx, "Jo Lead", role="Duty lead", phones=["07700 900123"])
    started = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=30)
    inc = service.start_incident(ctx, "major-incident", "Explosion reported at Central Station", at=started)
    assert inc.current_step.no == 1
    assert inc.step(2).contacts[0].main_phone == "07700 900123"
    t = lambda m: started + dt.timedelta(minutes=m)  # noqa: E731
    service.complete_step(ctx, inc.id, 1, note="Scheduler and newsletter paused", at=t(2))
    service.complete_step(ctx, inc.id, 2, at=t(4))
    service.skip_step(ctx, inc.id, 3, "Police press office rang us first", at=t(5))
    with pytest.raises(ValidationError, match="rationale"):
        service.complete_step(ctx, inc.id, 4, choice="Police lead")
    service.complete_step(ctx, inc.id, 4, choice="Police lead, we share only", rationale="They hold the facts", at=t(6))
    with pytest.raises(ValidationError, match="Fill in: Lead agency"):
        service.draft_statement(ctx, inc.id, 5, {"location": "Central Station"})
    service.draft_statement(ctx, inc.id, 5, {"location": "Central Station", "lead_agency": "British Transport Police"}, at=t(8))
    with pytest.raises(ValidationError, match="cleared first"):
        service.publish_statement(ctx, inc.id, 5)
    service.clear_statement(ctx, inc.id, 5, "Jo Lead", at=t(9))
    service.publish_statement(ctx, inc.id, 5, at=t(10))
    inc = service.complete_step(ctx, inc.id, 6, at=t(11))
    assert inc.step(6).next_due() == t(31)
    inc = service.record_update(ctx, inc.id, 6, "Shared BTP update", at=t(25))
    assert inc.step(6).next_due() == t(45)
    service.add_note(ctx, inc.id, 7, "Two graphic replies hidden", at=t(26))
    inc = service.close_incident(ctx, inc.id, "Controlled explosion; no injuries", lessons="Pin the BTP number", at=t(29))
    assert not inc.running and inc.step(5).clearance == "published"

    log = _log_texts(ctx, inc.id)
    assert len(log) == 12
    entries = shiftlog.list_entries(ctx, shift_id=shiftlog.current_shift(ctx).id)
    decision = next(e for e in entries if e.category == "decision")
    assert decision.rationale == "They hold the facts" and decision.source == f"incident:{inc.id}"
    assert [e.event_at for e in service.timeline(ctx, inc.id)] == sorted(e.event_at for e in service.timeline(ctx, inc.id))

    pdf = write_report(ctx, inc.id, tmp_path / "report.pdf")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
    for expected in (
        "Explosion reported at Central Station", "Controlled explosion; no injuries", "Pin the BTP number",
        "Police lead, we share only", "They hold the facts", "Police press office rang us first",
        "cleared by Jo Lead", "British Transport Police", "Two graphic replies hidden", "Shared BTP update",
        "Step 8 not done", "+2 min",
    ):
        assert expected in text, expected


def test_ticking_twice_a_missing_step_and_a_closed_incident_give_clear_messages(ctx) -> None:
    inc = service.start_incident(ctx, "data-breach", "Spreadsheet emailed to wrong list")
    service.complete_step(ctx, inc.id, 1)
    with pytest.raises(ValidationError, match="already done"):
        service.complete_step(ctx, inc.id, 1)
    with pytest.raises(NotFoundError, match="no step 40"):
        service.complete_step(ctx, inc.id, 40)
    with pytest.raises(ValidationError, match="reason"):
        service.skip_step(ctx, inc.id, 2, "  ")
    with pytest.raises(ValidationError, match="summary"):
        service.close_incident(ctx, inc.id, "")
    service.close_incident(ctx, inc.id, "Recalled the email")
    with pytest.raises(ValidationError, match="closed"):
        service.complete_step(ctx, inc.id, 2)
    with pytest.raises(ValidationError, match="already closed"):
        service.close_incident(ctx, inc.id, "Again")
    with pytest.raises(NotFoundError):
        service.get_incident(ctx, "nope-nope")
    with pytest.raises(ValidationError, match="title"):
        service.start_incident(ctx, "data-breach", "   ")


def test_failed_change_writes_nothing_to_the_log(ctx) -> None:
    inc = service.start_incident(ctx, "post-gone-wrong", "Wrong date in post")
    before = len(_log_texts(ctx, inc.id))
    with pytest.raises(ValidationError):
        service.complete_step(ctx, inc.id, 2, choice="Delete", rationale="")
    assert len(_log_texts(ctx, inc.id)) == before
    assert service.get_incident(ctx, inc.id).step(2).is_open


def test_several_incidents_run_at_once_running_first(ctx) -> None:
    a = service.start_incident(ctx, "severe-weather-transport", "Storm: bridge closed")
    b = service.start_incident(ctx, "compromised-account", "Instagram posting crypto spam")
    service.close_incident(ctx, a.id, "Bridge reopened")
    c = service.start_incident(ctx, "data-breach", "Laptop lost")
    assert [i.id for i in service.list_incidents(ctx)] == [c.id, b.id, a.id]
    assert [i.id for i in service.list_incidents(ctx, running_only=True)] == [c.id, b.id]


def test_reopen_undoes_a_mistaken_tick_and_the_log_keeps_both(ctx) -> None:
    inc = service.start_incident(ctx, "post-gone-wrong", "Typo in headline")
    service.complete_step(ctx, inc.id, 1)
    inc = service.reopen_step(ctx, inc.id, 1, "ticked by mistake")
    assert inc.step(1).is_open and inc.current_step.no == 1
    assert any("reopened" in t for t in _log_texts(ctx, inc.id))


@given(values=st.dictionaries(st.sampled_from(["location", "lead_agency"]), st.text(min_size=0, max_size=20), max_size=2))
def test_fill_statement_fills_every_placeholder_or_refuses(values: dict[str, str]) -> None:
    template = "Incident at {location}. Follow {lead_agency}. {location} is closed."
    complete = all(values.get(k, "").strip() for k in ("location", "lead_agency"))
    if complete:
        loc, lead = (" ".join(values[k].split()) for k in ("location", "lead_agency"))
        assert service.fill_statement(template, values) == f"Incident at {loc}. Follow {lead}. {loc} is closed."
    else:
        with pytest.raises(ValidationError, match="Fill in"):
            service.fill_statement(template, values)


def test_contacts_are_searchable_shared_records(ctx) -> None:
    add_contact(ctx, "Jo Lead", role="Duty lead", phones=["07700 900123"], email="jo@example.org")
    add_contact(ctx, "Ravi Shah", role="Data protection officer", phones=["+44 20 7946 0000"], notes="Pager after 10pm")
    assert [c.name for c in search_contacts(ctx, "data officer")] == ["Ravi Shah"]
    assert [c.name for c in search_contacts(ctx, "900123")] == ["Jo Lead"]
    assert [c.name for c in search_contacts(ctx, "pager")] == ["Ravi Shah"]
    with pytest.raises(ValidationError, match="phone"):
        add_contact(ctx, "Nobody", role="Duty lead", phones=["call me"])
    with pytest.raises(ValidationError, match="at least a phone"):
        add_contact(ctx, "Nobody", role="Duty lead")


def test_report_for_a_still_running_incident_lists_open_steps(ctx, tmp_path) -> None:
    inc = service.start_incident(ctx, "death-of-public-figure", "Former mayor has died")
    pdf = write_report(ctx, inc.id, tmp_path / "running.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "STILL RUNNING" in text and "Step 1 not done" in text
    with pytest.raises(ValidationError, match=".pdf"):
        write_report(ctx, inc.id, tmp_path / "report.txt")


def test_incidents_contacts_and_templates_are_shared_team_data(ctx) -> None:
    from sqlalchemy import select

    from app.db.local_models import ChangeLogEntry
    from app.incidents.templates import get_template, save_template_spec

    add_contact(ctx, "Jo Lead", role="Duty lead", phones=["07700 900123"])
    inc = service.start_incident(ctx, "data-breach", "USB stick lost")
    service.complete_step(ctx, inc.id, 1)
    save_template_spec(ctx, get_template(ctx, "data-breach"))
    with ctx.read() as session:
        tables = {row.table_name for row in session.execute(select(ChangeLogEntry)).scalars()}
    assert {"contact", "incident", "incident_step", "incident_template", "log_entry"} <= tables
