"""shift, log, summary and report: the shift log from the command line."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
from pathlib import Path

from app.cli.support import add_json_flag, cli_context, local_zone, parse_date, parse_datetime, print_json
from app.validation.text import printable
from app.errors import ValidationError
from app.shiftlog import reports, rota_link, service, teamsettings, welfare
from app.shiftlog.search import search
from app.shiftlog.service import EntryFilter, EntryInfo
from app.shiftlog.verify import verify
from app.shiftlog.vocab import CATEGORIES, CHANNELS
from app.shiftlog.workdays import FOI_WORKING_DAYS, add_working_days

ORDER = 20


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    # shift ...
    shift = subparsers.add_parser("shift", parents=[common], help="start or end your shift, check in")
    shift_sub = shift.add_subparsers(dest="shift_command", metavar="ACTION", required=True)
    p = shift_sub.add_parser("start", parents=[common], help="start your shift (resumed after a restart)")
    p.add_argument("--at", help="start time, e.g. 2026-11-23T18:00 (default: now)")
    checkins = p.add_mutually_exclusive_group()
    checkins.add_argument("--checkins", dest="checkins", action="store_true", default=None,
                          help="start the welfare check-in timer (default: if the team set an interval)")
    checkins.add_argument("--no-checkins", dest="checkins", action="store_false", help="no check-in timer")
    add_json_flag(p)
    p.set_defaults(handler=_shift_start)
    p = shift_sub.add_parser("end", parents=[common], help="end your shift and hand over")
    p.add_argument("--handover", default="", help="handover note for the next officer")
    p.add_argument("--at", help="end time (default: now)")
    add_json_flag(p)
    p.set_defaults(handler=_shift_end)
    p = shift_sub.add_parser("status", parents=[common], help="the running shift, check-in and handover")
    add_json_flag(p)
    p.set_defaults(handler=_shift_status)
    p = shift_sub.add_parser("checkin", parents=[common], help="welfare check-in: I am safe")
    p.add_argument("note", nargs="?", default="", help="optional note")
    p.add_argument("--pin", help="your PIN (the duress PIN raises the alarm discreetly)")
    add_json_flag(p)
    p.set_defaults(handler=_shift_checkin)
    p = shift_sub.add_parser("activity", parents=[common], help="a timed activity: alert if not back in time")
    p.add_argument("text", help="what and where, e.g. 'attending the scene at Mill Lane'")
    p.add_argument("--until", required=True, metavar="TIME", help="back by, e.g. 23:00 or 2026-11-23T23:00")
    add_json_flag(p)
    p.set_defaults(handler=_shift_activity)
    p = shift_sub.add_parser("checkins", parents=[common], help="show or set the team's welfare check-in settings")
    p.add_argument("--every", type=float, metavar="MIN", help="check-in interval in minutes (0: off)")
    p.add_argument("--grace", type=float, metavar="MIN", help="minutes after the due time before it counts as missed")
    p.add_argument("--escalation", help="what to do when a check-in is missed")
    p.add_argument("--contact", help="who to contact when a check-in is missed")
    p.add_argument("--ladder", metavar='"ADDR1,ADDR2"', help="e-mail addresses alerted in turn (empty: none)")
    p.add_argument("--duress-pin", metavar="PIN", help="PIN that checks in normally but raises the alarm (empty: remove)")
    add_json_flag(p)
    p.set_defaults(handler=_shift_checkins)
    p = shift_sub.add_parser("ack", parents=[common], help="acknowledge items handed over to you")
    p.add_argument("items", nargs="*", help="handed-over item ids (default: all pending)")
    p.set_defaults(handler=_shift_ack)

    # log ...
    log = subparsers.add_parser("log", parents=[common], help="add, amend, list, search and verify log entries")
    log_sub = log.add_subparsers(dest="log_command", metavar="ACTION", required=True)
    p = log_sub.add_parser("add", parents=[common], help="add an entry to the log")
    p.add_argument("text")
    p.add_argument("--category", default="note", choices=list(CATEGORIES), metavar="C",
                   help="one of: " + ", ".join(CATEGORIES))
    p.add_argument("--channel", choices=list(CHANNELS), metavar="CH", help="one of: " + ", ".join(CHANNELS))
    p.add_argument("--link", help="link to the post or message")
    p.add_argument("--at", help="when it happened, if not now (the entry is then marked late)")
    p.add_argument("--open", action="store_true", help="needs follow-up")
    due = p.add_mutually_exclusive_group()
    due.add_argument("--due", help="due date of an open item, YYYY-MM-DD")
    due.add_argument("--due-working-days", type=int, metavar="N",
                     help=f"due N working days from today, bank holidays excluded (FOI: {FOI_WORKING_DAYS})")
    p.add_argument("--rationale", help="why (required for a decision)")
    add_json_flag(p)
    p.set_defaults(handler=_log_add)
    p = log_sub.add_parser("amend", parents=[common], help="correct an entry (the original stays)")
    p.add_argument("entry_id", metavar="ENTRY_ID")
    p.add_argument("text")
    p.add_argument("--reason", required=True, help="why it is corrected")
    p.add_argument("--rationale", help="corrected rationale (decisions)")
    add_json_flag(p)
    p.set_defaults(handler=_log_amend)
    p = log_sub.add_parser("close", parents=[common], help="close an open item")
    p.add_argument("entry_id", metavar="ENTRY_ID")
    p.add_argument("--note", default="", help="how it was closed")
    add_json_flag(p)
    p.set_defaults(handler=_log_close)
    p = log_sub.add_parser("list", parents=[common], help="entries of a shift or a period")
    p.add_argument("--shift", help="shift id (default: the running or last shift)")
    p.add_argument("--from", dest="date_from", help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", help="last day, YYYY-MM-DD")
    _filter_args(p)
    add_json_flag(p)
    p.set_defaults(handler=_log_list)
    p = log_sub.add_parser("search", parents=[common], help="search every shift's entries")
    p.add_argument("query")
    _filter_args(p)
    add_json_flag(p)
    p.set_defaults(handler=_log_search)
    p = log_sub.add_parser("open", parents=[common], help="open items, soonest due first")
    add_json_flag(p)
    p.set_defaults(handler=_log_open)
    p = log_sub.add_parser("verify", parents=[common], help="check the hash chains; exit 1 if broken")
    add_json_flag(p)
    p.set_defaults(handler=_log_verify)

    p = subparsers.add_parser("summary", parents=[common], help="PDF summary of a shift")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--shift", help="shift id")
    which.add_argument("--last", action="store_true", help="the running or most recent shift (default)")
    p.add_argument("-o", "--output", required=True, help="PDF file to write")
    p.set_defaults(handler=_summary)

    p = subparsers.add_parser("report", parents=[common], help="period report as PDF or CSV")
    p.add_argument("--from", dest="date_from", required=True, help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", required=True, help="last day, YYYY-MM-DD")
    p.add_argument("-o", "--output", required=True, help="FILE.pdf or FILE.csv")
    p.set_defaults(handler=_report)


def _filter_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--category", choices=list(CATEGORIES), metavar="C", help="only this category")
    p.add_argument("--channel", choices=list(CHANNELS), metavar="CH", help="only this channel")
    p.add_argument("--officer", help="only this officer's entries")


def _when(text: str | None) -> dt.datetime | None:
    return parse_datetime(text) if text else None


def _today() -> dt.date:
    return dt.datetime.now(local_zone()).date()


def _line(e: EntryInfo) -> str:
    flags = reports.entry_flags(e, _today())
    mark = f"  [{'; '.join(flags)}]" if flags else ""
    kind = e.category + (f"/{e.channel}" if e.channel else "")
    extra = f"\n      rationale: {e.rationale}" if e.rationale else ""
    if e.amends:
        extra += f"\n      amends {e.amends}: {e.amend_reason}"
    line = f"#{e.seq:<4} {reports.local(e.event_at, '%d %b %H:%M')}  {kind:<18} {e.text}{mark}  ({e.id}){extra}"
    return printable(line)  # text synced from another laptop may hold escape codes


# --- shift ---------------------------------------------------------------------------
def _shift_start(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        at = _when(args.at)
        rota = rota_link.due_rota_shift(ctx, at)
        info = service.start_shift(ctx, at=at, rota_shift_id=rota.id if rota else None, checkins=args.checkins)
        pending = service.pending_handover(ctx)
        if args.json:
            print_json({**info.as_json(), "handed_over": [i.as_json() for i in pending]})
            return 0
        print(f"Shift started {reports.local(info.started_at)} ({info.id}).")
        if rota:
            print(f"From the rota: {rota.label}.")
        _print_pending(pending)
    return 0


def _print_pending(pending: list[service.HandoverItemInfo]) -> None:
    if pending:
        print(f"{len(pending)} item(s) handed over to you; acknowledge with `dutydesk shift ack`:")
        for item in pending:
            due = f" (due {item.due:%d %b})" if item.due else ""
            print(printable(f"  #{item.entry_seq} from {item.from_officer}: {item.entry_text}{due}  [{item.id}]"))


def _shift_end(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        info = service.end_shift(ctx, handover=args.handover, at=_when(args.at))
        items = service.handover_items(ctx, info.id)
        if args.json:
            print_json({**info.as_json(), "handed_over": [i.as_json() for i in items]})
        else:
            print(f"Shift ended {reports.local(info.ended_at)}; {len(items)} open item(s) handed over.")
    return 0


def _shift_status(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        shift = service.current_shift(ctx)
        check = welfare.status(ctx)
        pending = service.pending_handover(ctx)
        if args.json:
            print_json({"shift": shift.as_json() if shift else None, "checkin": check.as_json(),
                        "handed_over": [i.as_json() for i in pending]})
            return 0
        print(f"Shift running since {reports.local(shift.started_at)}." if shift else "No shift running.")
        if check.state != welfare.OFF:
            print(f"Welfare check-in: {check.state}, due {reports.local(check.due_at, '%H:%M')}.")
            if check.state == "missed":
                welfare.record_missed(ctx)
                print(f"MISSED CHECK-IN. {check.settings.escalation} {check.settings.contact}".rstrip())
        _print_pending(pending)
    return 0


def _shift_checkin(args: argparse.Namespace) -> int:
    from app.alerts import lonework

    with cli_context(args) as ctx:
        result = lonework.check_in(ctx, args.note, args.pin)
        # Identical output for a duress check-in; only an all-clear failure is said plainly.
        failed = [f for f in result.delivery.failed if f["kind"] == "allclear"]  # type: ignore[attr-defined]
        if args.json:
            print_json({"entry": result.entry.as_json(), "state": "ok",
                        "due_at": result.due_at.isoformat() if result.due_at else None,
                        "all_clear_failed": [f["error"] for f in failed]})
        else:
            print(f"Checked in (entry #{result.entry.seq}). Next check-in due {reports.local(result.due_at, '%H:%M')}.")
            for item in failed:
                print(f"All-clear NOT sent: {item['error']} Nobody has been told you are safe.", file=sys.stderr)
    return 0


def _shift_activity(args: argparse.Namespace) -> int:
    from app.alerts import lonework

    with cli_context(args) as ctx:
        now = dt.datetime.now(dt.timezone.utc)
        until = _until(args.until, now)
        activity = lonework.start_activity(ctx, args.text, until, now=now)
        if args.json:
            print_json(activity.as_json())
        else:
            print(f"Timed activity logged: {activity.text}; back by {reports.local(activity.until, '%H:%M')}. "
                  "Check in when you are back.")
    return 0


def _until(text: str, now: dt.datetime) -> dt.datetime:
    """HH:MM is the next time it is that o'clock; anything else is a full date and time."""
    import re

    match = re.fullmatch(r"\s*(\d{1,2})[:.](\d{2})\s*", text)
    if not match:
        return parse_datetime(text)
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        raise ValidationError(f"Not a time of day: {text.strip()!r} (use e.g. 23:00).")
    local_now = now.astimezone(local_zone())
    at = local_now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if at <= local_now:
        at += dt.timedelta(days=1)
    return at


def _shift_checkins(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        current = teamsettings.welfare_settings(ctx)
        from app.alerts import lonework, mail

        ladder = None
        if args.ladder is not None:
            ladder = tuple(mail.check_address(a) for a in args.ladder.split(",") if a.strip())
        if args.duress_pin is not None:
            lonework.set_duress_pin(ctx, args.duress_pin)
        if any(v is not None for v in (args.every, args.grace, args.escalation, args.contact, ladder)):
            current = teamsettings.save_welfare(
                ctx,
                interval_minutes=current.interval_minutes if args.every is None else args.every,
                grace_minutes=current.grace_minutes if args.grace is None else args.grace,
                escalation=current.escalation if args.escalation is None else args.escalation,
                contact=current.contact if args.contact is None else args.contact,
                ladder=ladder,
            )
        if args.json:
            print_json({**dataclasses.asdict(current), "ladder": list(current.ladder),
                        "duress_pin_set": lonework.has_duress_pin(ctx)})
        else:
            every = f"every {current.interval_minutes:g} min" if current.enabled else "off"
            print(f"Check-ins: {every}; missed after {current.grace_minutes:g} more min.")
            print(f"Escalation: {current.escalation}")
            print(f"Contact: {current.contact or '(none set)'}")
            print(f"Alert ladder: {', '.join(current.ladder) or '(none: nobody is e-mailed)'}")
            print(f"Duress PIN: {'set' if lonework.has_duress_pin(ctx) else 'not set'}")
    return 0


def _shift_ack(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        ids = args.items or [i.id for i in service.pending_handover(ctx)]
        if not ids:
            print("Nothing handed over is waiting for you.")
            return 0
        written = service.acknowledge(ctx, ids)
        print(f"Acknowledged {len(written)} item(s).")
    return 0


# --- log -----------------------------------------------------------------------------
def _log_add(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        due = parse_date(args.due) if args.due else None
        if args.due_working_days is not None:
            due = add_working_days(_today(), args.due_working_days)
        if due is not None and not args.open:
            raise ValidationError("Only an open item (--open) has a due date.")
        entry = service.add_entry(
            ctx, args.text, category=args.category, channel=args.channel, link=args.link,
            event_at=_when(args.at), is_open=args.open, due=due, rationale=args.rationale,
        )
        if args.json:
            print_json(entry.as_json())
        else:
            print(_line(entry))
            if entry.outside_shift:
                print("Note: no shift is running, so this entry is marked 'outside a shift'.", file=sys.stderr)
    return 0


def _log_amend(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        entry = service.amend_entry(ctx, args.entry_id, args.text, reason=args.reason, rationale=args.rationale)
        print_json(entry.as_json()) if args.json else print(_line(entry))
    return 0


def _log_close(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        entry = service.close_item(ctx, args.entry_id, args.note)
        print_json(entry.as_json()) if args.json else print(_line(entry))
    return 0


def _filter(args: argparse.Namespace, **extra: object) -> EntryFilter:
    return EntryFilter(category=args.category, channel=args.channel, officer=args.officer, **extra)  # type: ignore[arg-type]


def _print_entries(entries: list[EntryInfo], as_json: bool, empty: str) -> None:
    if as_json:
        print_json([e.as_json() for e in entries])
    elif not entries:
        print(empty)
    else:
        for e in entries:
            print(_line(e))


def _log_list(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        if args.shift and (args.date_from or args.date_to):
            raise ValidationError("Give either --shift or --from/--to, not both.")
        if args.date_from or args.date_to:
            if not (args.date_from and args.date_to):
                raise ValidationError("Give both --from and --to.")
            start, end = reports.period_bounds(parse_date(args.date_from), parse_date(args.date_to))
            where = _filter(args, start=start, end=end)
        else:
            shift_id = args.shift
            if shift_id is None:
                last = service.last_shift(ctx)
                if last is None:
                    _print_entries([], args.json, "No shifts yet.")
                    return 0
                shift_id = last.id
            else:
                service.get_shift(ctx, shift_id)
            where = _filter(args, shift_id=shift_id)
        _print_entries(service.list_entries(ctx, where=where), args.json, "No entries.")
    return 0


def _log_search(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        _print_entries(search(ctx, args.query, _filter(args)), args.json, "Nothing found.")
    return 0


def _log_open(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        _print_entries(service.open_items(ctx), args.json, "No open items.")
    return 0


def _log_verify(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        result = verify(ctx)
    if args.json:
        print_json({"ok": result.ok, "chains": result.chains, "entries": result.entries,
                    "problems": [p.as_json() for p in result.problems], "heads": result.heads,
                    "share_read": result.share_read})
    elif result.ok:
        against = (f"; checked against {result.heads} chain heads published by the team"
                   f"{'' if result.share_read else ' (share not read: heads seen at earlier syncs)'}") if result.heads else ""
        print(f"Log intact: {result.entries} entries in {result.chains} chains verified{against}.")
    else:
        for problem in result.problems:
            print(f"BROKEN: {problem.describe()}", file=sys.stderr)
    return 0 if result.ok else 1


# --- printouts -----------------------------------------------------------------------
def _summary(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        if args.shift:
            shift_id = service.get_shift(ctx, args.shift).id
        else:
            last = service.last_shift(ctx)
            if last is None:
                raise ValidationError("There is no shift to summarise yet.")
            shift_id = last.id
        path = reports.write_shift_pdf(ctx, shift_id, _pdf_path(args.output))
        print(path)
    return 0


def _pdf_path(text: str) -> Path:
    path = Path(text)
    if path.suffix.lower() != ".pdf":
        raise ValidationError("The summary file must end in .pdf.")
    return path


def _report(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        path = reports.write_period_report(ctx, parse_date(args.date_from), parse_date(args.date_to), Path(args.output))
        print(path)
    return 0
