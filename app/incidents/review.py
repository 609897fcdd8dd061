"""The post-incident review, drafted from the log as a PDF for the manager: timeline,
decision points with rationale, time to first message, cadence achieved per channel,
clearance delays, and what went well / to improve (written by the officer)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer

from app.context import AppContext
from app.errors import ValidationError
from app.incidents.channels import cadence
from app.incidents.clearance import clearance_delays
from app.incidents.facts import list_facts
from app.incidents.golden_common import iso, local_hhmm
from app.incidents.report import _p, _register_fonts, _styles, _table
from app.incidents.service import get_incident, timeline


def review_data(ctx: AppContext, incident_id: str, *, went_well: str = "", to_improve: str = "") -> dict[str, Any]:
    incident = get_incident(ctx, incident_id)
    entries = timeline(ctx, incident.id)
    channels = cadence(ctx, incident.id)
    firsts = [c.first_minutes for c in channels if c.first_minutes is not None]
    prefix = f"{incident.title} — "
    return {
        "id": incident.id, "title": incident.title, "officer": incident.officer,
        "started_at": iso(incident.started_at), "closed_at": iso(incident.closed_at),
        "time_to_first_message_minutes": min(firsts) if firsts else None,
        "cadence": [c.as_json() for c in channels],
        "clearance": clearance_delays(ctx, incident.id),
        "facts": [f.as_json() for f in list_facts(ctx, incident.id)],
        "decisions": [{"at": iso(e.event_at), "text": e.text.removeprefix(prefix), "rationale": e.rationale}
                      for e in entries if e.category == "decision"],
        "timeline": [{"at": iso(e.event_at), "text": e.text.removeprefix(prefix), "officer": e.officer} for e in entries],
        "went_well": went_well.strip(), "to_improve": to_improve.strip(),
    }


def _minutes(value: float | None) -> str:
    return "—" if value is None else f"{value:g} min"


def build_story(data: dict[str, Any]) -> list[object]:
    s = _styles()
    story: list[object] = [_p(f"Post-incident review: {data['title']}", s["title"])]
    story.append(_p(f"Officer: {data['officer']}. Started {_at(data['started_at'])}"
                    + (f", closed {_at(data['closed_at'])}." if data["closed_at"] else ", still running."), s["body"]))
    story.append(_p(f"Time to first message: {_minutes(data['time_to_first_message_minutes'])}", s["h2"]))
    story.append(_p("Cadence per channel (target vs achieved)", s["h2"]))
    rows: list[list[object]] = [["Channel", "First due", "First sent", "Update every", "Updates", "Mean gap", "Longest gap", "Late"]]
    for c in data["cadence"]:
        rows.append([c["label"], _minutes(c["target_first_minutes"]), _minutes(c["first_minutes"]),
                     _minutes(c["target_every_minutes"]), str(c["posts"]), _minutes(c["mean_gap_minutes"]),
                     _minutes(c["longest_gap_minutes"]), str(c["late_updates"])])
    story.append(_table(rows, [30 * mm, 18 * mm, 20 * mm, 22 * mm, 16 * mm, 20 * mm, 22 * mm, 14 * mm]))
    story.append(_p("Clearance", s["h2"]))
    rows = [["Statement step", "First call", "Cleared", "By", "Calls", "Waited"]]
    for c in data["clearance"]:
        rows.append([str(c["step"]), _at(c["first_call"]), _at(c["cleared_at"]), c["cleared_by"] or "—",
                     str(c["calls"]), _minutes(c["minutes_waited"])])
    story.append(_table(rows, [26 * mm, 28 * mm, 28 * mm, 44 * mm, 14 * mm, 22 * mm]))
    story.append(_p("Decision points and rationale", s["h2"]))
    for d in data["decisions"] or [{"at": None, "text": "No decisions recorded.", "rationale": ""}]:
        story.append(_p(f"{_at(d['at'])} {d['text']}" + (f"\nRationale: {d['rationale']}" if d["rationale"] else ""), s["body"]))
        story.append(Spacer(1, 3))
    story.append(_p("Facts board", s["h2"]))
    rows = [["No", "Claim", "Source", "State"]]
    rows += [[str(f["no"]), _p(f["claim"], s["small"]), _p(f["source"], s["small"]), f["state"]] for f in data["facts"]]
    story.append(_table(rows, [10 * mm, 100 * mm, 40 * mm, 22 * mm]))
    story.append(_p("What went well", s["h2"]))
    story.append(_p(data["went_well"] or "(for the officer to fill in)", s["body"]))
    story.append(_p("What to improve", s["h2"]))
    story.append(_p(data["to_improve"] or "(for the officer to fill in)", s["body"]))
    story.append(_p("Timeline (from the shift log)", s["h2"]))
    rows = [["Time", "Entry", "By"]]
    rows += [[_at(e["at"]), _p(e["text"], s["small"]), _p(e["officer"], s["small"])] for e in data["timeline"]]
    for start in range(1, max(len(rows), 2), 20):
        story.append(_table([rows[0], *rows[start:start + 20]], [18 * mm, 130 * mm, 24 * mm]))
    return story


def _at(value: str | None) -> str:
    return local_hhmm(dt.datetime.fromisoformat(value)) if value else "—"


def write_review(ctx: AppContext, incident_id: str, output: str | Path, *, went_well: str = "", to_improve: str = "") -> Path:
    """Write to a temporary name, then move into place (a failed build leaves nothing)."""
    output = Path(output)
    if output.suffix.lower() != ".pdf":
        raise ValidationError("The review file must end in .pdf.")
    if not output.parent.exists():
        raise ValidationError(f"The folder {output.parent} does not exist.")
    _register_fonts()
    data = review_data(ctx, incident_id, went_well=went_well, to_improve=to_improve)
    tmp = output.with_name(f".{output.name}.part")
    doc = SimpleDocTemplate(str(tmp), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, title=f"Post-incident review: {data['title']}", author=data["officer"])
    try:
        doc.build(build_story(data))
        os.replace(tmp, output)
    finally:
        if tmp.exists():
            tmp.unlink()
    return output
