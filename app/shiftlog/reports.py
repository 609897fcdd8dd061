"""Printed shift summaries and period reports (PDF with ReportLab; CSV).

Files are written to a temporary name beside the target and moved into place, so a
failed export never leaves half a file. Times are shown in the team's time zone.
"""

from __future__ import annotations

import csv
import datetime as dt
import textwrap
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from app.cli.support import local_zone
from app.context import AppContext
from app.errors import ValidationError
from app.files import atomic
from app.resources import bundled_font, resource_path
from app.shiftlog import service
from app.shiftlog.service import EntryFilter, EntryInfo, HandoverItemInfo, ShiftInfo
from app.shiftlog.vocab import CATEGORIES, CHANNELS
from app.shiftlog.workdays import countdown_text
from app.validation import periods

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"


# --- gathering ----------------------------------------------------------------------
@dataclass
class ShiftSummary:
    shift: ShiftInfo
    entries: list[EntryInfo]
    amendments: list[EntryInfo]  # corrections of this shift's entries made later, elsewhere
    handed_over: list[HandoverItemInfo]

    @property
    def decisions(self) -> list[EntryInfo]:
        return [e for e in self.entries if e.category == "decision"]

    @property
    def open_items(self) -> list[EntryInfo]:
        return [e for e in self.entries if e.open and not e.amended]


def shift_summary(ctx: AppContext, shift_id: str) -> ShiftSummary:
    shift = service.get_shift(ctx, shift_id)
    entries = service.list_entries(ctx, shift_id=shift_id)
    later = [e for e in service.amendments_of(ctx, [e.id for e in entries]) if e.shift_id != shift_id]
    return ShiftSummary(shift, entries, later, service.handover_items(ctx, shift_id))


@dataclass
class PeriodReport:
    start: dt.date
    end: dt.date  # inclusive
    entries: int = 0
    by_channel: Counter[str] = field(default_factory=Counter)
    by_category: Counter[str] = field(default_factory=Counter)
    by_hour: Counter[int] = field(default_factory=Counter)
    by_officer: Counter[str] = field(default_factory=Counter)
    shifts: list[tuple[ShiftInfo, int]] = field(default_factory=list)
    open_items: list[EntryInfo] = field(default_factory=list)


def period_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    if end < start:
        raise ValidationError("The report period ends before it starts (--to is before --from).")
    periods.period(start, end)
    zone = local_zone()
    return (
        dt.datetime.combine(start, dt.time(), zone),
        dt.datetime.combine(periods.day_after(end), dt.time(), zone),
    )


def period_report(ctx: AppContext, start: dt.date, end: dt.date) -> PeriodReport:
    begin, finish = period_bounds(start, end)
    report = PeriodReport(start, end)
    zone = local_zone()
    per_shift: Counter[str | None] = Counter()
    for entry in service.list_entries(ctx, where=EntryFilter(start=begin, end=finish)):
        report.entries += 1
        report.by_channel[entry.channel or "none"] += 1
        report.by_category[entry.category] += 1
        report.by_hour[entry.event_at.astimezone(zone).hour] += 1
        report.by_officer[entry.officer] += 1
        per_shift[entry.shift_id] += 1
    report.shifts = [(s, per_shift[s.id]) for s in service.list_shifts(ctx, start=begin, end=finish)]
    report.open_items = [e for e in service.open_items(ctx) if e.event_at < finish]
    return report


# --- formatting ---------------------------------------------------------------------
def local(value: dt.datetime | None, fmt: str = "%a %d %b %Y %H:%M") -> str:
    return value.astimezone(local_zone()).strftime(fmt) if value else "—"


def entry_flags(entry: EntryInfo, today: dt.date | None = None) -> list[str]:
    """The short marks shown beside an entry (open and due, late, amended...)."""
    flags = []
    if entry.open:
        due = ""
        if entry.due:
            due = (f" · {countdown_text(today, entry.due)} ({entry.due:%a %d %b})" if today
                   else f" · due {entry.due:%a %d %b %Y}")
        flags.append(f"OPEN{due}")
    if entry.amends:
        flags.append("amendment")
    if entry.amended:
        flags.append("amended later")
    if entry.late:
        same_day = entry.recorded_at.astimezone(local_zone()).date() == entry.event_at.astimezone(local_zone()).date()
        flags.append(f"late (logged {local(entry.recorded_at, '%H:%M' if same_day else '%d %b %H:%M')})")
    if entry.outside_shift:
        flags.append("outside a shift")
    return flags


def _replace_atomically(path: Path, write: "callable") -> Path:  # type: ignore[valid-type]
    return atomic.write_with(path, write)


# --- PDF ----------------------------------------------------------------------------
def _styles():  # type: ignore[no-untyped-def]
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(bundled_font())))
        bold = resource_path("fonts", "DejaVuSans-Bold.ttf")
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold if bold.exists() else bundled_font())))
    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=11.5)
    return {
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=16, leading=20, spaceAfter=6),
        "h2": ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=11.5, leading=14, spaceBefore=10, spaceAfter=4),
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5, textColor=colors.HexColor("#444444")),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
    }


def _p(text: str, style) -> "object":  # type: ignore[no-untyped-def]
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _table(rows: list[list[object]], widths: list[float], header: bool = True):  # type: ignore[no-untyped-def]
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, 8.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#BBBBBB")),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header:
        style += [("FONT", (0, 0), (-1, 0), FONT_BOLD, 8.5), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8ECF2"))]
    table.setStyle(TableStyle(style))
    return table


def _section(story: list[object], st, heading: str, rows: list[list[object]], widths: list[float],  # type: ignore[no-untyped-def]
             empty: str = "None.") -> None:
    """A heading and its table (``rows[0]`` is the header), or a line saying there is nothing."""
    story.append(_p(heading, st["h2"]))
    story.append(_table(rows, widths) if len(rows) > 1 else _p(empty, st["body"]))


def _build_pdf(path: Path, title: str, story: list[object]) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    generated = dt.datetime.now(local_zone()).strftime("%d %b %Y %H:%M")

    def footer(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.drawString(15 * mm, 10 * mm, f"{title} — printed {generated} by Duty Desk")
        canvas.drawRightString(A4[0] - 15 * mm, 10 * mm, f"Page {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        str(path), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
        bottomMargin=18 * mm, title=title, author="Duty Desk",
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)


def _entry_rows(entries: Iterable[EntryInfo], seq_of: dict[str, int], st, today: dt.date) -> list[list[object]]:  # type: ignore[no-untyped-def]
    rows: list[list[object]] = [["No.", "Time", "Category", "Entry"]]
    for e in entries:
        parts = [e.text]
        if e.rationale:
            parts.append(f"Rationale: {e.rationale}")
        if e.link:
            parts.append(f"Link: {e.link}")
        if e.amends:
            target = seq_of.get(e.amends)
            parts.append(f"Amends entry #{target if target else e.amends[:8]} — reason: {e.amend_reason}")
        flags = entry_flags(e, today)
        kind = textwrap.fill(CATEGORIES.get(e.category, e.category), 20) + (f"\n{CHANNELS.get(e.channel, e.channel)}" if e.channel else "")
        if flags:
            parts.append("(" + "; ".join(flags) + ")")
        rows.append([str(e.seq), local(e.event_at, "%d %b\n%H:%M"), kind, _wrap(parts, ENTRY_WRAP)])
    return rows


ENTRY_WRAP = 64  # characters per line in the 115 mm entry column at 8.5 pt


def _wrap(parts: list[str], width: int) -> str:
    """Plain wrapped text: ReportLab draws it far faster than a Paragraph per cell."""
    return "\n".join(
        line for part in parts for para in part.splitlines() or [""]
        for line in (textwrap.wrap(para, width) or [""])
    )


def _chunked_table(rows: list[list[object]], widths: list[float], size: int = 60) -> list[object]:
    """Several tables of ``size`` rows: ReportLab splits small tables much faster."""
    header, body = rows[0], rows[1:]
    return [_table([header, *body[i:i + size]], widths) for i in range(0, max(len(body), 1), size)] if body else []


def write_shift_pdf(ctx: AppContext, shift_id: str, path: Path) -> Path:
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    summary = shift_summary(ctx, shift_id)
    st = _styles()
    s = summary.shift
    today = dt.datetime.now(local_zone()).date()
    title = f"Shift log — {s.officer}, {local(s.started_at, '%d %b %Y')}"
    seq_of = {e.id: e.seq for e in summary.entries}
    story: list[object] = [
        _p(title, st["title"]),
        _p(f"Officer: {s.officer}", st["body"]),
        _p(f"Started: {local(s.started_at)}    Ended: {local(s.ended_at) if s.ended_at else 'still running'}", st["body"]),
        _p(f"Entries: {len(summary.entries)}    Finished safely: {'yes' if s.finished_safely else 'not recorded'}", st["body"]),
        Spacer(1, 3 * mm),
        _p("Entries", st["h2"]),
    ]
    widths = [11 * mm, 22 * mm, 32 * mm, 115 * mm]
    story += _chunked_table(_entry_rows(summary.entries, seq_of, st, today), widths) or [_p("No entries.", st["body"])]
    amendments = [e for e in summary.entries if e.amends] + summary.amendments
    _section(story, st, "Amendments", [["No.", "Amended", "By / when", "Correction and reason"]] + [
        [str(a.seq), f"#{seq_of.get(a.amends or '', '?')}", f"{a.officer}\n{local(a.recorded_at, '%d %b %H:%M')}",
         _p(f"{a.text}\nReason: {a.amend_reason}", st["cell"])] for a in amendments
    ], [11 * mm, 18 * mm, 36 * mm, 115 * mm])
    _section(story, st, "Decisions and their rationale", [["No.", "Time", "Decision", "Rationale"]] + [
        [str(d.seq), local(d.event_at, "%d %b %H:%M"), _p(d.text, st["cell"]), _p(d.rationale or "", st["cell"])]
        for d in summary.decisions
    ], [11 * mm, 22 * mm, 73 * mm, 74 * mm])
    if summary.handed_over:
        _section(story, st, "Open items", [["No.", "Due", "Item", "Acknowledged"]] + [
            [str(i.entry_seq), f"{i.due:%d %b %Y}" if i.due else "—", _p(i.entry_text, st["cell"]),
             _p(f"{i.acknowledged_by}, {local(i.acknowledged_at, '%d %b %H:%M')}" if i.acknowledged_at else "not yet",
                st["cell"])] for i in summary.handed_over
        ], [11 * mm, 24 * mm, 105 * mm, 40 * mm])
    else:
        _section(story, st, "Open items", [["No.", "Due", "Item"]] + [
            [str(e.seq), f"{e.due:%d %b %Y}" if e.due else "—", _p(e.text, st["cell"])] for e in summary.open_items
        ], [11 * mm, 24 * mm, 145 * mm])
    story.append(_p("Handover", st["h2"]))
    story.append(_p(s.handover or ("(shift still running)" if s.running else "No handover note."), st["body"]))
    return _replace_atomically(Path(path), lambda tmp: _build_pdf(tmp, title, story))


def write_period_report(ctx: AppContext, start: dt.date, end: dt.date, path: Path) -> Path:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".pdf", ".csv"):
        raise ValidationError("The report file must end in .pdf or .csv.")
    report = period_report(ctx, start, end)
    if suffix == ".csv":
        return _replace_atomically(path, lambda tmp: _write_csv(report, tmp))
    return _replace_atomically(path, lambda tmp: _write_report_pdf(report, tmp))


def report_rows(report: PeriodReport) -> list[tuple[str, str, str]]:
    """The report as (section, item, value) rows: the CSV, and what the PDF shows."""
    rows = [("period", "from", report.start.isoformat()), ("period", "to", report.end.isoformat()),
            ("total", "entries", str(report.entries)), ("total", "shifts", str(len(report.shifts))),
            ("total", "open items", str(len(report.open_items)))]
    rows += [("channel", CHANNELS.get(k, "No channel"), str(v)) for k, v in report.by_channel.most_common()]
    rows += [("category", CATEGORIES.get(k, k), str(v)) for k, v in report.by_category.most_common()]
    rows += [("hour", f"{h:02d}:00", str(report.by_hour[h])) for h in range(24)]
    rows += [("officer", k, str(v)) for k, v in report.by_officer.most_common()]
    rows += [("shift", f"{s.officer}: {local(s.started_at, '%Y-%m-%d %H:%M')} to "
              f"{local(s.ended_at, '%Y-%m-%d %H:%M') if s.ended_at else 'running'}", str(n))
             for s, n in report.shifts]
    rows += [("open item", f"#{e.seq} {e.text}", e.due.isoformat() if e.due else "") for e in report.open_items]
    return rows


def _write_csv(report: PeriodReport, tmp: Path) -> None:
    with open(tmp, "w", newline="", encoding="utf-8-sig") as handle:  # BOM: Excel reads UTF-8 right
        writer = csv.writer(handle)
        writer.writerow(["section", "item", "value"])
        writer.writerows(report_rows(report))


def _write_report_pdf(report: PeriodReport, tmp: Path) -> None:
    from reportlab.lib.units import mm

    st = _styles()
    title = f"Duty log report {report.start:%d %b %Y} – {report.end:%d %b %Y}"
    story: list[object] = [
        _p(title, st["title"]),
        _p(f"{report.entries} entries, {len(report.shifts)} shifts, {len(report.open_items)} open items.", st["body"]),
    ]

    def counts(heading: str, label: str, pairs: list[tuple[str, int]]) -> None:
        _section(story, st, heading, [[label, "Entries"], *[[_p(k, st["cell"]), str(v)] for k, v in pairs]],
                 [90 * mm, 25 * mm])

    counts("Entries per channel", "Channel", [(CHANNELS.get(k, "No channel"), v) for k, v in report.by_channel.most_common()])
    counts("Entries per category", "Category", [(CATEGORIES.get(k, k), v) for k, v in report.by_category.most_common()])
    busiest = sorted(report.by_hour.items(), key=lambda kv: (-kv[1], kv[0]))[:6]
    counts("Busiest hours", "Hour of day", [(f"{h:02d}:00–{(h + 1) % 24:02d}:00", v) for h, v in busiest])
    counts("Entries per officer", "Officer", report.by_officer.most_common())
    _section(story, st, "Shifts covered", [["Officer", "Started", "Ended", "Entries"]] + [
        [_p(s.officer, st["cell"]), local(s.started_at), local(s.ended_at) if s.ended_at else "running", str(n)]
        for s, n in report.shifts
    ], [55 * mm, 45 * mm, 45 * mm, 20 * mm], "No shifts in this period.")
    _section(story, st, "Open items", [["No.", "Officer", "Due", "Item"]] + [
        [str(e.seq), _p(e.officer, st["cell"]), f"{e.due:%d %b %Y}" if e.due else "—", _p(e.text, st["cell"])]
        for e in report.open_items
    ], [11 * mm, 35 * mm, 24 * mm, 110 * mm])
    _build_pdf(tmp, title, story)
