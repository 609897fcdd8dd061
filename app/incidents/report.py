"""The incident report as a PDF (ReportLab, bundled DejaVu Sans): summary and lessons,
times to key steps, decisions with their rationale, statements as published, steps not
done, and the full timeline from the shift log."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.context import AppContext
from app.errors import ValidationError
from app.files import atomic
from app.incidents.service import IncidentInfo, get_incident, timeline
from app.resources import bundled_font, resource_path

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
TIMELINE_CHUNK = 20


def _register_fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(bundled_font())))
        bold = resource_path("fonts", "DejaVuSans-Bold.ttf")
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold if bold.exists() else bundled_font())))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName=FONT, fontSize=9.5, leading=12.5)
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontName=FONT_BOLD, fontSize=17, leading=21, alignment=0),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontName=FONT_BOLD, fontSize=12.5, spaceBefore=10, spaceAfter=4),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=11),
        "muted": ParagraphStyle("muted", parent=body, textColor=colors.HexColor("#555555")),
    }


def _local(value: dt.datetime | None) -> str:
    return value.astimezone().strftime("%a %d %b %Y %H:%M") if value else "—"


def _clock(value: dt.datetime | None) -> str:
    return value.astimezone().strftime("%H:%M:%S") if value else "—"


def _after(start: dt.datetime, value: dt.datetime | None) -> str:
    if value is None:
        return "—"
    minutes = int((value - start).total_seconds() // 60)
    return f"+{minutes // 60}h {minutes % 60:02d}m" if minutes >= 60 else f"+{minutes} min"


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _short(text: str, style: ParagraphStyle) -> object:
    """A plain cell for a short text (fast); a wrapping paragraph for a long one."""
    return text if len(text) <= 16 else _p(text, style)


def _table(rows: list[list[object]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle([
            ("FONT", (0, 0), (-1, -1), FONT, 8.5),
            ("FONT", (0, 0), (-1, 0), FONT_BOLD, 8.5),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef6")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#b0b8c4")),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ])
    )
    return table


def build_story(ctx: AppContext, incident: IncidentInfo) -> list[object]:
    s = _styles()
    story: list[object] = [_p(f"Incident report: {incident.title}", s["title"])]
    status = f"closed {_local(incident.closed_at)} by {incident.closed_by}" if incident.closed_at else "STILL RUNNING"
    facts = [
        ["Template", incident.template_name],
        ["Started", f"{_local(incident.started_at)} by {incident.officer}"],
        ["Status", status],
        ["Duration", _duration(incident.elapsed())],
        ["Incident id", incident.id],
    ]
    story += [_table([[_p(a, s["small"]), _p(b, s["small"])] for a, b in facts], [35 * mm, 135 * mm]), Spacer(1, 4)]

    story.append(_p("Times to key steps", s["h2"]))
    key_rows: list[list[object]] = [["Key step", "Done at", "Elapsed"]]
    for step in incident.steps:
        if step.key_step:
            when = _clock(step.done_at) if step.status == "done" else ("skipped" if step.status == "skipped" else "NOT DONE")
            key_rows.append([_p(f"{step.no}. {step.text}", s["small"]), when, _after(incident.started_at, step.done_at) if step.status == "done" else "—"])
    if len(key_rows) > 1:
        story.append(_table(key_rows, [120 * mm, 25 * mm, 25 * mm]))
    else:
        story.append(_p("This template marks no key steps.", s["body"]))

    story.append(_p("Summary", s["h2"]))
    story.append(_p(incident.summary or "No summary yet (the incident is still running).", s["body"]))
    story.append(_p("Lessons", s["h2"]))
    story.append(_p(incident.lessons or "None recorded.", s["body"]))

    story.append(_p("All steps", s["h2"]))
    rows: list[list[object]] = [["No", "Step", "Status", "When", "Elapsed", "By"]]
    for step in incident.steps:
        label = f"{'★ ' if step.key_step else ''}{step.kind_label}: {step.text}"
        if step.reason:
            label += f"\nReason skipped: {step.reason}"
        if step.note:
            label += f"\nNote: {step.note}"
        status_text = {"open": "NOT DONE", "done": "done", "skipped": "skipped"}[step.status]
        rows.append([
            str(step.no), _p(label, s["small"]), status_text, _clock(step.done_at),
            _after(incident.started_at, step.done_at), _short(step.officer, s["small"]),
        ])
    story.append(_table(rows, [9 * mm, 88 * mm, 19 * mm, 17 * mm, 17 * mm, 22 * mm]))
    story.append(_p("★ key step", s["muted"]))
    not_done = [step for step in incident.steps if step.is_open]
    if not_done:
        story.append(_p("Steps not done", s["h2"]))
        for step in not_done:
            story.append(_p(f"Step {step.no} not done: {step.text}", s["body"]))

    story.append(_p("Decisions and rationale", s["h2"]))
    decisions = [step for step in incident.steps if step.kind == "decision" and step.status == "done"]
    if not decisions:
        story.append(_p("No decisions recorded.", s["body"]))
    for step in decisions:
        text = f"{_clock(step.done_at)} — {step.text}\nDecision: {step.choice}\nRationale: {step.rationale}\nBy: {step.officer}"
        story.append(KeepTogether([_p(text, s["body"]), Spacer(1, 4)]))

    story.append(_p("Holding statements", s["h2"]))
    statements = [step for step in incident.steps if step.kind == "statement"]
    if not statements:
        story.append(_p("This template has no holding statement.", s["body"]))
    for step in statements:
        if step.clearance == "published":
            head = f"Published {_clock(step.published_at)}, cleared by {step.cleared_by} at {_clock(step.cleared_at)}:"
        elif step.clearance == "cleared":
            head = f"Cleared by {step.cleared_by} at {_clock(step.cleared_at)}, NOT published:"
        elif step.clearance == "drafted":
            head = "Drafted, NOT cleared or published:"
        else:
            head = "Not drafted."
        story.append(_p(f"Step {step.no}: {step.text}. {head}", s["body"]))
        if step.statement_text:
            story.append(_p(f"“{step.statement_text}”", s["muted"]))
        story.append(Spacer(1, 4))

    story.append(_p("Timeline (from the shift log)", s["h2"]))
    rows = [["Time", "Elapsed", "Entry", "By"]]
    for entry in timeline(ctx, incident.id):
        text = entry.text
        prefix = f"{incident.title} — "
        if text.startswith(prefix):
            text = text[len(prefix):]
        if entry.rationale:
            text += f"\nRationale: {entry.rationale}"
        rows.append([_clock(entry.event_at), _after(incident.started_at, entry.event_at), _p(text, s["small"]), _short(entry.officer, s["small"])])
    # small tables: a long table split across pages is re-measured at every split
    widths = [18 * mm, 18 * mm, 112 * mm, 24 * mm]
    header, body = rows[0], rows[1:]
    for start in range(0, max(len(body), 1), TIMELINE_CHUNK):
        story.append(_table([header, *body[start:start + TIMELINE_CHUNK]], widths))
    return story


def _duration(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60} h {minutes % 60:02d} min"


def write_report(ctx: AppContext, incident_id: str, output: str | Path) -> Path:
    """Write the PDF to a temporary name first, then move it into place."""
    output = Path(output)
    if output.suffix.lower() != ".pdf":
        raise ValidationError("The report file must end in .pdf.")
    atomic.check_folder(output)
    _register_fonts()
    incident = get_incident(ctx, incident_id)
    with atomic.writing(output) as tmp:
        _build_pdf(ctx, incident, tmp)
    return output


def _build_pdf(ctx: AppContext, incident: IncidentInfo, tmp: Path) -> None:
    doc = SimpleDocTemplate(
        str(tmp), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm, bottomMargin=16 * mm,
        title=f"Incident report: {incident.title}", author=incident.officer, subject="Duty Desk incident report",
    )

    def footer(canvas, document) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.drawString(18 * mm, 9 * mm, f"{incident.title} — Duty Desk incident report — page {document.page}")
        canvas.restoreState()

    doc.build(build_story(ctx, incident), onFirstPage=footer, onLaterPages=footer)
