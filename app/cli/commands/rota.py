"""``dutydesk rota ...``: patterns, shifts, leave, swaps, checks, the solver, export and print."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from app.cli.support import (
    add_json_flag,
    cli_context,
    parse_date,
    parse_datetime,
    print_json,
)
from app.errors import ValidationError
from app.rota import hours, service, swaps
from app.rota.patterns import naive_local_to_utc
from app.cli import officers as officers_cli
from app.rota.records import LEAVE_KINDS, ShiftInfo
from app.validation import paths, periods

ORDER = 20


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    rota = subparsers.add_parser("rota", parents=[common], help="the team rota: patterns, checks, fill, export")
    sub = rota.add_subparsers(dest="rota_command", metavar="ACTION", required=True)

    def add(name: str, help_text: str, handler, *, json_flag: bool = False) -> argparse.ArgumentParser:  # type: ignore[no-untyped-def]
        p = sub.add_parser(name, parents=[common], help=help_text, description=help_text)
        if json_flag:
            add_json_flag(p)
        p.set_defaults(handler=handler)
        return p

    def period(p: argparse.ArgumentParser) -> None:
        p.add_argument("--from", dest="from_", required=True, metavar="DATE", help="first day, YYYY-MM-DD")
        p.add_argument("--to", required=True, metavar="DATE", help="last day (included), YYYY-MM-DD")

    add("patterns", "list the shift patterns", _patterns, json_flag=True)
    p = add("pattern-save", "create or replace a team pattern from a JSON file", _pattern_save, json_flag=True)
    p.add_argument("file", help="pattern JSON (name, weeks, shifts: week, days, kind, start, end)")
    p = add("pattern-delete", "delete a team pattern", _pattern_delete)
    p.add_argument("name")

    p = add("apply", "put officers on a pattern from a Monday for N weeks", _apply, json_flag=True)
    p.add_argument("pattern", metavar="PATTERN")
    p.add_argument("--start", required=True, metavar="DATE", help="a Monday, YYYY-MM-DD")
    p.add_argument("--weeks", required=True, type=int, metavar="N")
    p.add_argument("--officers", required=True, help='comma-separated, e.g. "A,B,C,D" ("-" = open line)')

    p = add("show", "list shifts in a period", _show, json_flag=True)
    period(p)
    p.add_argument("--officer", metavar="NAME")

    p = add("now", "who is on now, and who is next", _now, json_flag=True)
    p.add_argument("--at", metavar="DATETIME", help="another moment, YYYY-MM-DDTHH:MM (local time)")

    p = add("add", "add a single shift", _add, json_flag=True)
    p.add_argument("--officer", default="", metavar="NAME", help="leave out for an open shift")
    p.add_argument("--start", required=True, metavar="DATETIME")
    p.add_argument("--end", required=True, metavar="DATETIME")
    p.add_argument("--kind", default="day", help="early, late, night, day...")
    p.add_argument("--break", dest="unpaid_break", type=int, default=0, metavar="MIN", help="unpaid break minutes")

    p = add("move", "move a shift to a new start (keeps its length unless --end)", _move, json_flag=True)
    p.add_argument("shift_id", metavar="SHIFT_ID")
    p.add_argument("--start", required=True, metavar="DATETIME")
    p.add_argument("--end", metavar="DATETIME")

    p = add("assign", "reassign a shift (\"-\" makes it open)", _assign, json_flag=True)
    p.add_argument("shift_id", metavar="SHIFT_ID")
    p.add_argument("officer", metavar="NAME")

    p = add("remove", "remove a shift", _remove)
    p.add_argument("shift_id", metavar="SHIFT_ID")

    leave = sub.add_parser("leave", parents=[common], help="annual leave, sickness, training")
    leave_sub = leave.add_subparsers(dest="leave_command", metavar="ACTION", required=True)
    p = leave_sub.add_parser("add", parents=[common], help="record leave (whole days, both included)")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--from", dest="from_", required=True, metavar="DATE")
    p.add_argument("--to", required=True, metavar="DATE")
    p.add_argument("--kind", choices=LEAVE_KINDS, default="annual")
    p.add_argument("--note", default="")
    add_json_flag(p)
    p.set_defaults(handler=_leave_add)
    p = leave_sub.add_parser("list", parents=[common], help="leave in a period")
    period(p)
    add_json_flag(p)
    p.set_defaults(handler=_leave_list)
    p = leave_sub.add_parser("remove", parents=[common], help="remove a leave record")
    p.add_argument("leave_id", metavar="LEAVE_ID")
    p.set_defaults(handler=_leave_remove)

    p = add("swap", "two shifts exchange officers (shows the effect first with --dry-run)", _swap, json_flag=True)
    p.add_argument("shift_a", metavar="SHIFT_ID_A")
    p.add_argument("shift_b", metavar="SHIFT_ID_B")
    p.add_argument("--dry-run", action="store_true", help="show the effect without changing anything")

    p = add("check", "coverage, working time and fairness", _check, json_flag=True)
    period(p)

    p = add("fill", "assign officers to open shifts with the solver", _fill, json_flag=True)
    period(p)
    p.add_argument("--time-limit", type=float, default=10.0, metavar="SECONDS")
    p.add_argument("--dry-run", action="store_true", help="show the plan without changing anything")

    p = add("export-ics", "write shifts to an .ics calendar file (a period, --all, or --feed)", _export_ics)
    p.add_argument("--officer", metavar="NAME", help="one officer (default: the whole team)")
    p.add_argument("--from", dest="from_", metavar="DATE", help="first day, YYYY-MM-DD")
    p.add_argument("--to", metavar="DATE", help="last day (included), YYYY-MM-DD")
    p.add_argument("--all", action="store_true", help="the whole rota, first shift to last")
    p.add_argument("--feed", action="store_true",
                   help="publish the live calendars to subscribe to (<share>/calendars/*.ics; kept up to date by sync)")
    p.add_argument("-o", "--output", metavar="FILE.ics")

    p = add("print", "print a week or month to PDF (A4 landscape, one page per week)", _print)
    period(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")

    p = add("hours", "paid and elapsed hours per officer", _hours, json_flag=True)
    period(p)
    p.add_argument("--by", choices=("week", "month", "range"), default="week")
    p.add_argument("--csv", metavar="FILE.csv", help="also write the totals as CSV")

    p = add("officers", "list the team; add, rename, retire officers; merge duplicates", _officers, json_flag=True)
    officers_cli.add_arguments(p)

    p = add("settings", "service windows, UK nation for bank holidays, working-time rules", _settings, json_flag=True)
    p.add_argument("--nation", choices=sorted(service.NATIONS), help="bank holidays of ENG, WLS, SCT or NIR")
    p.add_argument("--windows", metavar="JSON", help='e.g. \'{"weekday": [["07:00","22:00"]], ...}\'')
    p.add_argument("--rule", action="append", default=[], metavar="NAME=VALUE", help="e.g. min_daily_rest_hours=11")


# --- helpers ------------------------------------------------------------------------
def _when(text: str) -> dt.datetime:
    """A local time as typed; refuses times a clock change skips or repeats."""
    value = parse_datetime(text)  # validates the format
    naive = dt.datetime.fromisoformat(text.strip())
    if naive.tzinfo is None:
        return naive_local_to_utc(naive, service.zone(), what="That time")
    return value


def _period(args: argparse.Namespace) -> tuple[dt.date, dt.date]:
    start, end = parse_date(args.from_), parse_date(args.to)
    if end < start:
        raise ValidationError(f"--to {end} is before --from {start}.")
    return periods.period(start, end)


def _shift_line(s: ShiftInfo) -> str:
    z = service.zone()
    a, b = s.local_start(z), s.local_end(z)
    return (
        f"{a:%a %d %b %Y} {a:%H:%M}-{b:%H:%M}  {s.kind:<6} {s.officer or '(open)':<20} "
        f"{s.paid_hours:g} h paid  {s.id}"
    )


# --- handlers -----------------------------------------------------------------------
def _patterns(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        patterns = service.list_patterns(ctx)
    if args.json:
        print_json([p.as_json() for p in patterns])
        return 0
    for p in patterns:
        totals = "/".join(f"{h:g}" for h in p.weekly_paid_hours())
        print(f"{p.name}  ({p.weeks} weeks, paid hours {totals}{', built in' if p.builtin else ''})")
    return 0


def _pattern_save(args: argparse.Namespace) -> int:
    try:
        data = json.loads(Path(args.file).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValidationError(f"Could not read the pattern file {args.file}: {exc}") from None
    with cli_context(args) as ctx:
        spec = service.save_pattern(ctx, data)
    if args.json:
        print_json(spec.as_json())
    else:
        print(f"Saved pattern {spec.name} ({spec.weeks} weeks).")
    return 0


def _pattern_delete(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        service.delete_pattern(ctx, args.name)
    print(f"Deleted pattern {args.name}.")
    return 0


def _apply(args: argparse.Namespace) -> int:
    names = [n.strip() for n in args.officers.split(",")]
    with cli_context(args) as ctx:
        shifts = service.apply_pattern(ctx, args.pattern, start=parse_date(args.start), weeks=args.weeks, officers=names)
    if args.json:
        print_json([s.as_json(service.zone()) for s in shifts])
    else:
        print(f"Added {len(shifts)} shifts from {args.pattern} ({args.weeks} weeks from {args.start}).")
    return 0


def _show(args: argparse.Namespace) -> int:
    start, end = _period(args)
    with cli_context(args) as ctx:
        shifts = service.list_shifts(ctx, start, end, officer=args.officer)
        holidays = service.bank_holidays(ctx, start, end)
    z = service.zone()
    if args.json:
        print_json([s.as_json(z, bank_holiday=holidays.get(s.local_day(z))) for s in shifts])
        return 0
    if not shifts:
        print("No shifts in that period.")
    for s in shifts:
        holiday = holidays.get(s.local_day(z))
        print(_shift_line(s) + (f"  [{holiday}]" if holiday else ""))
    return 0


def _now(args: argparse.Namespace) -> int:
    at = _when(args.at) if args.at else None
    with cli_context(args) as ctx:
        info = service.who_is_on(ctx, at)
    if args.json:
        print_json(info.as_json())
        return 0
    z = service.zone()
    print(f"At {info.at.astimezone(z):%a %d %b %Y %H:%M}:")
    if info.on_now:
        for s in info.on_now:
            print(f"  On now: {s.officer} ({s.kind} until {s.local_end(z):%H:%M})")
    else:
        print("  On now: no one (outside the rota's hours)")
    for s in info.next_on:
        print(f"  Next on: {s.officer} ({s.kind} from {s.local_start(z):%a %H:%M})")
    return 0


def _print_shift(args: argparse.Namespace, shift: ShiftInfo, verb: str) -> None:
    if args.json:
        print_json(shift.as_json(service.zone()))
    else:
        print(f"{verb}: {_shift_line(shift)}")


def _add(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        shift = service.add_shift(
            ctx, officer=args.officer or None, start=_when(args.start), end=_when(args.end),
            kind=args.kind, unpaid_break_minutes=args.unpaid_break,
        )
    _print_shift(args, shift, "Added")
    return 0


def _move(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        shift = service.update_shift(
            ctx, args.shift_id, start=_when(args.start), end=_when(args.end) if args.end else None
        )
    _print_shift(args, shift, "Moved")
    return 0


def _assign(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        shift = service.update_shift(ctx, args.shift_id, officer=args.officer)
    _print_shift(args, shift, "Assigned")
    return 0


def _remove(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        shift = service.remove_shift(ctx, args.shift_id)
    print(f"Removed: {_shift_line(shift)}")
    return 0


def _leave_add(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        leave = service.add_leave(ctx, args.name, parse_date(args.from_), parse_date(args.to), args.kind, args.note)
    if args.json:
        print_json(leave.as_json())
    else:
        print(f"Recorded {leave.kind} leave for {leave.officer}, {leave.start_date} to {leave.end_date} ({leave.id}).")
    return 0


def _leave_list(args: argparse.Namespace) -> int:
    start, end = _period(args)
    with cli_context(args) as ctx:
        items = service.list_leave(ctx, start, end)
    if args.json:
        print_json([item.as_json() for item in items])
        return 0
    for item in items:
        print(f"{item.officer:<20} {item.kind:<9} {item.start_date} to {item.end_date}  {item.id}")
    if not items:
        print("No leave in that period.")
    return 0


def _leave_remove(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        service.remove_leave(ctx, args.leave_id)
    print("Removed the leave record.")
    return 0


def _swap(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        preview = swaps.swap_shifts(ctx, args.shift_a, args.shift_b, dry_run=args.dry_run)
    if args.json:
        print_json(preview.as_json())
        return 0
    a, b = preview.shift_a, preview.shift_b
    print(("Would swap" if args.dry_run else "Swapped") + f": {a.officer} ⇄ {b.officer}")
    print(f"  before the swap:\n  {_shift_line(a)}\n  {_shift_line(b)}")
    for row in preview.effect:
        print(
            f"  {row['officer']} week of {row['week']}: {row['hours_before']:g} → {row['hours_after']:g} h, "
            f"weekend shifts {row['weekends_before']} → {row['weekends_after']}"
        )
    for f in preview.new_findings:
        print(f"  NEW {f.severity}: {f.message}")
    for f in preview.resolved_findings:
        print(f"  resolved: {f.message}")
    if not args.dry_run:
        print(f"  Approved by {preview.approved_by}.")
    return 0


def _check(args: argparse.Namespace) -> int:
    start, end = _period(args)
    with cli_context(args) as ctx:
        report = service.check(ctx, start, end)
    z = service.zone()
    if args.json:
        print_json(report.as_json(z))
        return 0
    if not report.findings:
        print("No problems found: covered, within working-time rules, and fair.")
    for f in report.findings:
        print(f"{f.severity.upper():<7} {f.rule:<16} {f.start.astimezone(z):%a %d %b %H:%M}  {f.message}")
    if report.fairness:
        print("\nOfficer               shifts  paid h  weekends  lates  bank hol")
        for row in report.fairness:
            print(f"{row.officer:<20} {row.shifts:>7} {row.hours:>7g} {row.weekends:>9} {row.lates:>6} {row.bank_holidays:>9}")
    return 0


def _fill(args: argparse.Namespace) -> int:
    from app.rota import solver

    start, end = _period(args)
    with cli_context(args) as ctx:
        result = solver.fill(ctx, start, end, time_limit=args.time_limit, dry_run=args.dry_run)
    if args.json:
        print_json(result.as_json())
        return 0
    print(f"Solver: {result.status}, {len(result.assigned)} shift(s) assigned, {len(result.unfilled)} left open "
          f"(gap to optimal {result.gap:.1%}, {result.seconds:.1f} s).")
    for s in result.assigned:
        print(f"  {_shift_line(s)}")
    for u in result.unfilled:
        print(f"  OPEN {_shift_line(u.shift)}")
        for reason in u.reasons:
            print(f"      {reason}")
    return 0


def _export_ics(args: argparse.Namespace) -> int:
    from app.rota import ics

    from app.rota import calendar_feed

    if args.feed:
        return _publish_feeds(args)
    if not args.output:
        raise ValidationError("Give the calendar file with -o FILE.ics (or --feed to publish the live calendars).")
    if args.all == bool(args.from_ or args.to):
        raise ValidationError("Give either --from and --to, or --all for the whole rota.")
    with cli_context(args) as ctx:
        if args.all:
            path, count = calendar_feed.export_whole_rota(ctx, Path(args.output), officer=args.officer)
        else:
            if not (args.from_ and args.to):
                raise ValidationError("Give both --from and --to.")
            start, end = _period(args)
            path, count = ics.export_ics(ctx, Path(args.output), start, end, officer=args.officer)
    print(f"Wrote {count} shift(s) to {path}.")
    return 0


def _publish_feeds(args: argparse.Namespace) -> int:
    from app.rota import calendar_feed

    with cli_context(args) as ctx:
        folder = calendar_feed.publish_to_share(ctx)
    print(f"Live calendars are in {folder} (team.ics, and one per officer); sync keeps them up to date.")
    return 0


def _print(args: argparse.Namespace) -> int:
    from app.rota import pdf

    start, end = _period(args)
    with cli_context(args) as ctx:
        path, pages = pdf.render_pdf(ctx, Path(args.output), start, end)
    print(f"Wrote {pages} page(s) to {path}.")
    return 0


def _hours(args: argparse.Namespace) -> int:
    start, end = _period(args)
    if args.csv:
        paths.output_file(args.csv, what="The CSV file")
    with cli_context(args) as ctx:
        rows = hours.hours_totals(ctx, start, end, by=args.by)
    if args.csv:
        hours.write_csv_atomic(Path(args.csv), rows, hours.CSV_COLUMNS)
    if args.json:
        print_json(rows)
        return 0
    for row in rows:
        leave = f"  [leave: {row['leave']}]" if row["leave"] else ""
        print(f"{row['period']:<22} {row['officer']:<20} {row['paid_hours']:>7g} h paid  ({row['shifts']} shifts){leave}")
    return 0


def _officers(args: argparse.Namespace) -> int:
    return officers_cli.run(args)


def _settings(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        if args.nation:
            service.set_nation(ctx, args.nation)
        if args.windows:
            try:
                windows = json.loads(args.windows)
            except ValueError as exc:
                raise ValidationError(f"--windows is not valid JSON: {exc}") from None
            service.set_service_windows(ctx, windows)
        if args.rule:
            values = {}
            for item in args.rule:
                key, sep, value = item.partition("=")
                if not sep:
                    raise ValidationError(f"--rule must look like NAME=VALUE, not {item!r}.")
                values[key.strip()] = value.strip()
            service.set_working_time_rules(ctx, values)
        data = {
            "nation": service.nation(ctx),
            "service_windows": service.service_windows(ctx),
            "rules": service.working_time_rules(ctx).as_json(),
        }
    if args.json:
        print_json(data)
    else:
        print(f"Bank holidays: {service.NATIONS[data['nation']]}")
        for key, pairs in data["service_windows"].items():
            print(f"Service {key}: " + (", ".join(f"{a}-{b}" for a, b in pairs) or "none"))
        for key, value in data["rules"].items():
            print(f"{key} = {value:g}")
    return 0
