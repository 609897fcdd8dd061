"""Printable rota: A4 landscape, one page per week (ReportLab, bundled DejaVu Sans).

Rows are officers, columns the seven days (bank holidays named in the header), each
cell the shift times and type on the shift type's colour; the last column is the
officer's paid hours that week. Open shifts and shifts needing cover get their own row.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepInFrame,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.context import AppContext
from app.errors import ValidationError
from app.resources import bundled_font, resource_path
from app.rota import hours, service
from app.rota import rules as rules_mod
from app.rota.records import CheckReport, ShiftInfo

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
MAX_WEEKS = 60

KIND_COLOURS = {
    "early": "#fde7b0",
    "late": "#c9dcf5",
    "night": "#d9cdf0",
    "day": "#cfead2",
    "on-call": "#f3d0d7",
}
OPEN_COLOUR = "#f6c2bb"
LEAVE_COLOUR = "#e2ddf0"


def kind_colour(kind: str) -> str:
    return KIND_COLOURS.get(kind, "#e4e4e4")


def _fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(bundled_font())))
        bold = resource_path("fonts", "DejaVuSans-Bold.ttf")
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold if bold.exists() else bundled_font())))


def weeks_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """The Mondays of the weeks touching ``start``..``end``."""
    return rules_mod.mondays(start, end)


def render_pdf(ctx: AppContext, path: Path, start: dt.date, end: dt.date) -> tuple[Path, int]:
    """Write one page per week touching ``start``..``end``; returns (path, pages)."""
    path = Path(path)
    if path.suffix.lower() != ".pdf":
        raise ValidationError("The print file must end in .pdf.")
    mondays = weeks_between(start, end)
    if end < start:
        raise ValidationError(f"The end date {end} is before the start date {start}.")
    if len(mondays) > MAX_WEEKS:
        raise ValidationError(f"Print at most {MAX_WEEKS} weeks at a time.")
    first, last = mondays[0], mondays[-1] + dt.timedelta(days=6)
    snap = service.snapshot(ctx, first, last)
    _fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm, topMargin=12 * mm,
        bottomMargin=12 * mm, title=f"Duty rota {first:%d %b %Y} to {last:%d %b %Y}", author="Duty Desk",
    )
    report = snap.check()
    story: list = []
    for index, monday in enumerate(mondays):
        if index:
            story.append(PageBreak())
        story.extend(_week_page(snap, report, monday, doc.width, doc.height))
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    hours.write_atomic(path, buffer.getvalue())
    return path, len(mondays)


def _footer(canvas, doc) -> None:  # type: ignore[no-untyped-def]
    canvas.saveState()
    canvas.setFont(FONT, 7.5)
    canvas.setFillColor(colors.HexColor("#555555"))
    stamp = dt.datetime.now(service.zone()).strftime("%d %b %Y %H:%M")
    canvas.drawString(12 * mm, 7 * mm, f"Duty Desk rota, printed {stamp}. Times are UK local time (Europe/London).")
    canvas.drawRightString(doc.pagesize[0] - 12 * mm, 7 * mm, f"Page {doc.page}")
    canvas.restoreState()


def _week_page(
    snap: service.RotaSnapshot, report: CheckReport, monday: dt.date, width: float, height: float
) -> list:
    zone = snap.context.zone
    days = [monday + dt.timedelta(days=i) for i in range(7)]
    sunday = days[-1]
    title_style = ParagraphStyle("t", fontName=FONT_BOLD, fontSize=15, leading=19)
    sub_style = ParagraphStyle("s", fontName=FONT, fontSize=9, leading=11, textColor=colors.HexColor("#444444"))
    cell_style = ParagraphStyle("c", fontName=FONT, fontSize=8, leading=9.6)
    head_style = ParagraphStyle("h", fontName=FONT_BOLD, fontSize=8.5, leading=10.5)
    week_shifts = [s for s in snap.shifts if monday <= s.local_day(zone) <= sunday]
    issues = [f for f in report.findings if f.severity == "error" and monday <= f.start.astimezone(zone).date() <= sunday]

    rows: dict[str, dict[dt.date, list[ShiftInfo]]] = defaultdict(lambda: defaultdict(list))
    cover_row = "Needs cover"
    for s in week_shifts:
        key = s.officer or cover_row
        rows[key][s.local_day(zone)].append(s)
        if s.officer and not rules_mod.is_effective(s, snap.context):
            rows[cover_row][s.local_day(zone)].append(s)
    # Every active officer has a line on every page (on leave all week too), retired ones when they worked.
    ids = {o.name: o.id for o in snap.officers}
    for officer in snap.officers:
        if officer.active:
            rows[officer.name]  # noqa: B018 - creates the empty line
    names = sorted(k for k in rows if k != cover_row) + ([cover_row] if cover_row in rows else [])

    header = [Paragraph("Officer", head_style)]
    for day in days:
        label = f"{day:%a %d %b}"
        if day in snap.context.bank_holidays:
            label += f"<br/><font size=7 color='#a0322a'>{snap.context.bank_holidays[day]}</font>"
        header.append(Paragraph(label, head_style))
    header.append(Paragraph("Paid h", head_style))
    data = [header]
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, 8),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#9a9a9a")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9edf2")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for r, name in enumerate(names, start=1):
        line = [Paragraph(name, head_style)]
        paid = 0.0
        for c, day in enumerate(days, start=1):
            texts = []
            for s in sorted(rows[name][day], key=lambda s: s.start):
                on_leave = not rules_mod.is_effective(s, snap.context) and s.officer_id is not None
                text = f"{s.local_start(zone):%H:%M}–{s.local_end(zone):%H:%M} {s.kind}"
                if name == cover_row:
                    text += f" ({s.officer} on leave)" if s.officer else " (open)"
                elif on_leave:
                    text = f"<strike>{text}</strike> leave"
                else:
                    paid += s.paid_hours
                texts.append(text)
                colour = OPEN_COLOUR if name == cover_row or on_leave else kind_colour(s.kind)
                style.append(("BACKGROUND", (c, r), (c, r), colors.HexColor(colour)))
            leave = snap.context.leave_on(ids.get(name), day) if name != cover_row else None
            if leave is not None and not rows[name][day]:
                texts.append(f"On {leave.kind} leave")
                style.append(("BACKGROUND", (c, r), (c, r), colors.HexColor(LEAVE_COLOUR)))
            line.append(Paragraph("<br/>".join(texts), cell_style))
        line.append(Paragraph(f"{paid:g}" if name != cover_row else "", head_style))
        data.append(line)
    if len(data) == 1:
        data.append([Paragraph("No shifts this week.", cell_style)] + [""] * 8)
    first_col, last_col = 34 * mm, 16 * mm
    day_col = (width - first_col - last_col) / 7
    row_height = min(34.0, max(14.0, (height - 70 * mm) / max(1, len(data) - 1)))
    table = Table(
        data, colWidths=[first_col] + [day_col] * 7 + [last_col],
        rowHeights=[26] + [row_height] * (len(data) - 1), repeatRows=1,
    )
    table.setStyle(TableStyle(style))
    week_no = monday.isocalendar().week
    parts = [
        Paragraph(f"Duty rota: week {week_no}, {monday:%a %d %b} to {sunday:%a %d %b %Y}", title_style),
        Paragraph(
            f"{len([s for s in week_shifts if s.officer])} shifts; "
            f"{len(issues)} problem(s) to resolve this week. Colours: early, late, night, open/needs cover.",
            sub_style,
        ),
        Spacer(1, 5 * mm),
        table,
    ]
    if issues:
        parts.append(Spacer(1, 3 * mm))
        for finding in issues[:6]:
            parts.append(Paragraph(f"• {finding.message}", sub_style))
        if len(issues) > 6:
            parts.append(Paragraph(f"… and {len(issues) - 6} more (see rota check).", sub_style))
    # Shrink rather than spill: one week is always exactly one page.
    return [KeepInFrame(width, height - 2 * mm, parts, mode="shrink")]
