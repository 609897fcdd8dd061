"""``dutydesk guard`` and ``dutydesk plan ...``; ``register_incident`` adds the golden-hour
actions under ``dutydesk incident`` (intake, facts, channels, clearance, draft, review)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from app.cli.commands.incidents import add_step_args
from app.cli.support import add_json_flag, cli_context, local_zone, parse_datetime, print_items, print_json
from app.errors import ValidationError
from app.incidents import channels, clearance, facts, guard, plan
from app.incidents.golden_common import local_hhmm
from app.incidents.platforms import PLATFORMS
from app.incidents.review import review_data, write_review

ORDER = 45


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("guard", parents=[common], help="check outgoing words (exit 1 when something is flagged)")
    p.add_argument("text", nargs="?", metavar="TEXT")
    p.add_argument("--file", metavar="F", help="read the text from a UTF-8 file")
    p.add_argument("--platform", choices=list(PLATFORMS), help="also check the length for this platform")
    add_json_flag(p)
    p.set_defaults(handler=_guard)

    plans = subparsers.add_parser("plan", parents=[common], help="the shift's posting plan")
    sub = plans.add_subparsers(dest="plan_command", metavar="ACTION", required=True)
    p = sub.add_parser("add", parents=[common], help="add a planned post")
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--at", required=True, metavar="DATETIME")
    p.add_argument("--channel", required=True, metavar="CH", choices=list(PLATFORMS))
    add_json_flag(p)
    p.set_defaults(handler=_plan_add)
    p = sub.add_parser("import", parents=[common], help="import a scheduler's CSV export (Hootsuite, Buffer...)")
    p.add_argument("file", metavar="FILE.csv")
    p.add_argument("--channel", default=None, choices=list(PLATFORMS), help="channel for rows that name none")
    add_json_flag(p)
    p.set_defaults(handler=_plan_import)
    p = sub.add_parser("list", parents=[common], help="planned posts in time order")
    add_json_flag(p)
    p.set_defaults(handler=_plan_list)
    p = sub.add_parser("due", parents=[common], help="planned posts due in the next hours (pause or keep each)")
    p.add_argument("--hours", type=float, default=3.0)
    add_json_flag(p)
    p.set_defaults(handler=_plan_due)
    p = sub.add_parser("mark", parents=[common], help="pause or keep a planned post, with a reason")
    p.add_argument("post_id", metavar="POST_ID")
    p.add_argument("status", choices=("paused", "kept", "planned"))
    p.add_argument("--reason", required=True)
    p.add_argument("--incident", default="", metavar="INCIDENT_ID")
    add_json_flag(p)
    p.set_defaults(handler=_plan_mark)
    p = sub.add_parser("post", parents=[common], help="it went out: mark it posted and log it")
    p.add_argument("post_id", metavar="POST_ID")
    add_json_flag(p)
    p.set_defaults(handler=_plan_post)


def register_incident(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("intake", parents=[common], help="the intake form (M/ETHANE for comms)")
    p.add_argument("incident_id", metavar="INCIDENT_ID")
    for name, label in facts.INTAKE_FIELDS.items():
        flag = {"when_text": "--when", "media_on_scene": "--media", "comms_lead": "--comms-lead"}.get(name, f"--{name}")
        p.add_argument(flag, dest=name, default=None, help=label)
    add_json_flag(p)
    p.set_defaults(handler=_intake)

    p = sub.add_parser("facts", parents=[common], help="the facts board: list, add, confirm, withdraw")
    p.add_argument("incident_id", metavar="INCIDENT_ID")
    p.add_argument("action", nargs="?", default="list", choices=("list", "add", "confirm", "withdraw", "unconfirm"))
    p.add_argument("value", nargs="?", metavar="CLAIM|NO")
    p.add_argument("--source", default="")
    p.add_argument("--note", default="")
    add_json_flag(p)
    p.set_defaults(handler=_facts)

    p = sub.add_parser("channels", parents=[common], help="channel clocks; `posted CH...` resets those channels")
    p.add_argument("incident_id", metavar="INCIDENT_ID")
    p.add_argument("action", nargs="?", default="list", choices=("list", "posted", "cadence"))
    p.add_argument("channel", nargs="*", metavar="CH")
    p.add_argument("--text", default="", help="what the update said")
    add_json_flag(p)
    p.set_defaults(handler=_channels)

    p = sub.add_parser("clearance", parents=[common], help="the clearance ladder of a statement step")
    add_step_args(p)
    p.add_argument("--answer", choices=list(clearance.OUTCOMES), help="log a call and its answer")
    p.add_argument("--rung", type=int, default=None)
    p.add_argument("--contact", default="")
    p.add_argument("--note", default="")
    add_json_flag(p)
    p.set_defaults(handler=_clearance)

    p = sub.add_parser("draft", parents=[common], help="draft a statement checked against facts and guard")
    add_step_args(p)
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--fact", type=int, action="append", default=[], help="a fact number the statement uses")
    p.add_argument("--override", default="", metavar="REASON", help="draft despite flags, for this reason (logged)")
    p.add_argument("--platform", choices=list(PLATFORMS))
    add_json_flag(p)
    p.set_defaults(handler=_draft)

    p = sub.add_parser("review", parents=[common], help="write the post-incident review PDF")
    p.add_argument("incident_id", metavar="INCIDENT_ID")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.add_argument("--went-well", default="")
    p.add_argument("--to-improve", default="")
    add_json_flag(p)
    p.set_defaults(handler=_review)


# --- guard and plan -----------------------------------------------------------------------
def _guard(args: argparse.Namespace) -> int:
    if args.file:
        try:
            text = Path(args.file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise ValidationError(f"Cannot read {args.file}: {getattr(exc, 'strerror', None) or exc}.") from None
    elif args.text is not None:
        text = args.text
    else:
        raise ValidationError("Give the text to check, or --file F.")
    result = guard.check(text, platform=args.platform)
    if args.json:
        print_json(result.as_json())
    else:
        for flag in result.flags:
            print(f"{flag.rule} at {flag.span[0]}-{flag.span[1]} “{flag.text}”: {flag.reason}")
        if result.platform is not None:
            print(f"{result.platform.label}: {result.length} of {result.platform.limit or 'no limit'} characters")
        if result.ok:
            print("Nothing flagged.")
    return 0 if result.ok else 1


def _print_posts(posts: list[plan.PlannedInfo], as_json: bool) -> None:
    print_items(posts, as_json=as_json, line=_post_line, empty="No planned posts.")


def _post_line(p: plan.PlannedInfo) -> str:
    reason = f" ({p.reason})" if p.reason else ""
    return f"{p.id[:8]}  {p.at.astimezone(local_zone()):%Y-%m-%d %H:%M}  {p.channel:<9} {p.status}{reason}  {p.text}"


def _plan_add(args: argparse.Namespace) -> int:
    when = parse_datetime(args.at)
    with cli_context(args) as ctx:
        post = plan.add_post(ctx, when, args.channel, args.text)
    _print_posts([post], args.json)
    return 0


def _plan_import(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        posts = plan.import_csv(ctx, args.file, local_zone(), default_channel=args.channel)
    if not args.json:
        print(f"Imported {len(posts)} planned posts from {Path(args.file).name}.")
    _print_posts(posts, args.json)
    return 0


def _plan_list(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        _print_posts(plan.list_posts(ctx), args.json)
    return 0


def _plan_due(args: argparse.Namespace) -> int:
    from app.db.base import utcnow

    if not 0 < args.hours <= 48:
        raise ValidationError("--hours must be more than 0 and at most 48.")
    with cli_context(args) as ctx:
        now = utcnow()
        posts = [p for p in plan.list_posts(ctx, start=now, end=now + dt.timedelta(hours=args.hours))
                 if p.status in ("planned", "kept")]
    _print_posts(posts, args.json)
    return 0


def warn_due_posts(ctx: object, incident_id: str) -> None:
    """On stderr (stdout stays the id for scripts): what is due to go out in the next hours."""
    due = plan.due_on_start(ctx, incident_id)  # type: ignore[arg-type]
    if not due:
        return
    print(f"{len(due)} planned posts are due in the next 3 hours; pause or keep each with a reason "
          "(dutydesk plan mark POST_ID paused|kept --reason WHY --incident ID):", file=sys.stderr)
    for p in due:
        print(f"  {p.id[:8]}  {p.at.astimezone(local_zone()):%H:%M}  {p.channel}  {p.text}", file=sys.stderr)


def _plan_mark(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        _print_posts([plan.mark_post(ctx, args.post_id, args.status, args.reason, incident_id=args.incident)], args.json)
    return 0


def _plan_post(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        _print_posts([plan.post_from_plan(ctx, args.post_id)], args.json)
    return 0


# --- incident actions -----------------------------------------------------------------------
def _intake(args: argparse.Namespace) -> int:
    given = {k: getattr(args, k) for k in facts.INTAKE_FIELDS if getattr(args, k) is not None}
    with cli_context(args) as ctx:
        intake = facts.record_intake(ctx, args.incident_id, **given) if given else facts.get_intake(ctx, args.incident_id)
    if args.json:
        print_json(intake)
    else:
        for key, label in facts.INTAKE_FIELDS.items():
            print(f"{label}: {(intake or {}).get(key) or '-'}")
    return 0


def _facts(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        if args.action == "add":
            if not args.value:
                raise ValidationError("Give the claim: `incident facts ID add \"CLAIM\" --source WHO`.")
            facts.add_fact(ctx, args.incident_id, args.value, args.source)
        elif args.action != "list":
            state = {"confirm": "confirmed", "withdraw": "withdrawn", "unconfirm": "unconfirmed"}[args.action]
            if not (args.value or "").isdigit():
                raise ValidationError(f"Give the fact number to {args.action}.")
            facts.set_fact_state(ctx, args.incident_id, int(args.value), state, note=args.note)
        board = facts.list_facts(ctx, args.incident_id)
    print_items(board, as_json=args.json, empty="No facts yet.",
                line=lambda f: f"{f.no:>3}  {f.state:<11} {local_hhmm(f.heard_at)}  {f.claim}  (source: {f.source})")
    return 0


def _channels(args: argparse.Namespace) -> int:
    from app.db.base import utcnow

    with cli_context(args) as ctx:
        if args.action == "posted":
            channels.post_update(ctx, args.incident_id, args.channel, args.text)
        if args.action == "cadence":
            found = channels.cadence(ctx, args.incident_id)
            if args.json:
                print_json([c.as_json() for c in found])
            for c in [] if args.json else found:
                print(f"{c.label:<12} first {c.first_minutes if c.first_minutes is not None else '-'} min "
                      f"(target {c.target_first_minutes:g}), {c.posts} updates, mean gap "
                      f"{c.mean_gap_minutes if c.mean_gap_minutes is not None else '-'} min (target {c.target_every_minutes:g}), {c.late_updates} late")
            return 0
        clocks = channels.channel_clocks(ctx, args.incident_id)
    now = utcnow()
    if args.json:
        print_json([c.as_json(now) for c in clocks])
        return 0
    for c in clocks:
        state = "OVERDUE" if c.overdue(now) else f"in {c.seconds_left(now) // 60} min"
        print(f"{c.label:<12} {c.stage} due {local_hhmm(c.due)} ({state}), {c.posts} sent")
    return 0


def _clearance(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        if args.answer:
            state = clearance.record_attempt(ctx, args.incident_id, args.step_no, args.answer, rung=args.rung,
                                             contact=args.contact, note=args.note)
        else:
            state = clearance.ladder(ctx, args.incident_id, args.step_no)
    if args.json:
        print_json(state.as_json())
    else:
        print(state.call_now())
        for a in state.attempts:
            print(f"  {local_hhmm(a.at)} rung {a.rung} {a.role}: {a.contact} — {clearance.OUTCOMES[a.outcome]}")
    return 0


def _draft(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        result = facts.draft_checked_statement(ctx, args.incident_id, args.step_no, args.text, facts=args.fact,
                                               override=args.override, platform=args.platform)
    if args.json:
        print_json(result.as_json())
    else:
        print("Drafted." + (" Overridden: " + "; ".join(result.problems()) if not result.ok else ""))
    return 0


def _review(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        out = write_review(ctx, args.incident_id, args.output, went_well=args.went_well, to_improve=args.to_improve)
        data = review_data(ctx, args.incident_id, went_well=args.went_well, to_improve=args.to_improve) if args.json else None
    if args.json:
        print_json({**(data or {}), "output": str(out)})
    else:
        print(f"Wrote {out}", file=sys.stdout)
    return 0
