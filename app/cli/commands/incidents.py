"""``dutydesk incident ...`` and ``dutydesk contacts ...``."""

from __future__ import annotations

import argparse
import datetime as dt

from app.cli.support import add_json_flag, cli_context, print_items, print_json
from app.contacts import service as contacts
from app.errors import ValidationError
from app.incidents import service
from app.incidents.report import write_report
from app.incidents.templates import list_templates

ORDER = 40


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    incident = subparsers.add_parser("incident", parents=[common], help="incident checklists for breaking news")
    sub = incident.add_subparsers(dest="incident_command", metavar="ACTION", required=True)

    p = sub.add_parser("templates", parents=[common], help="list templates (broken ones with line and reason)")
    add_json_flag(p)
    p.set_defaults(handler=_templates)

    p = sub.add_parser("start", parents=[common], help="start an incident now; prints its id")
    p.add_argument("template", metavar="TEMPLATE", help="template key, e.g. major-incident")
    p.add_argument("--title", required=True, help="one line saying what is happening")
    p.set_defaults(handler=_start)

    p = sub.add_parser("list", parents=[common], help="incidents, running ones first")
    p.add_argument("--running", action="store_true", help="only running incidents")
    add_json_flag(p)
    p.set_defaults(handler=_list)

    p = sub.add_parser(
        "step", parents=[common], help="tick (done) or skip a step",
        description="For a decision step, --note is what was decided and --reason its rationale. "
        "Skipping needs --reason.",
    )
    add_step_args(p)
    p.add_argument("action", choices=("done", "skip"))
    p.add_argument("--note", default="", help="a note on the step (for a decision: the decision)")
    p.add_argument("--reason", default="", help="why it was skipped (for a decision: the rationale)")
    p.set_defaults(handler=_step)

    p = sub.add_parser("note", parents=[common], help="add a note to a step")
    add_step_args(p)
    p.add_argument("text", metavar="TEXT")
    p.set_defaults(handler=_note)

    p = sub.add_parser(
        "statement", parents=[common], help="fill, clear or publish a holding statement",
        description="--fill NAME=VALUE (repeat) drafts it; --cleared-by NAME clears it; --publish marks it published.",
    )
    add_step_args(p)
    p.add_argument("--fill", action="append", default=[], metavar="NAME=VALUE", help="a placeholder's value")
    p.add_argument("--cleared-by", default=None, metavar="NAME", help="who cleared it")
    p.add_argument("--publish", action="store_true", help="mark it published")
    p.set_defaults(handler=_statement)

    p = sub.add_parser("update", parents=[common], help="record that an update went out (restarts a timer step)")
    add_step_args(p)
    p.add_argument("--note", default="")
    p.set_defaults(handler=_update)

    p = sub.add_parser("show", parents=[common], help="an incident with its steps")
    p.add_argument("incident_id", metavar="INCIDENT_ID")
    add_json_flag(p)
    p.set_defaults(handler=_show)

    p = sub.add_parser("close", parents=[common], help="close with a summary (open steps are listed as not done)")
    p.add_argument("incident_id", metavar="INCIDENT_ID")
    p.add_argument("--summary", required=True)
    p.add_argument("--lessons", default="")
    p.set_defaults(handler=_close)

    p = sub.add_parser("report", parents=[common], help="write the incident report PDF")
    p.add_argument("incident_id", metavar="INCIDENT_ID")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.set_defaults(handler=_report)

    from app.cli.commands.golden_hour import register_incident

    register_incident(sub, common)

    people = subparsers.add_parser("contacts", parents=[common], help="the team contact directory")
    csub = people.add_subparsers(dest="contacts_command", metavar="ACTION", required=True)
    p = csub.add_parser("add", parents=[common], help="add a contact")
    p.add_argument("--name", required=True)
    p.add_argument("--role", default="", help="the role templates call, e.g. \"Duty lead\"")
    p.add_argument("--phone", action="append", default=[], help="a phone number (repeat for more)")
    p.add_argument("--email", default="")
    p.add_argument("--notes", default="")
    add_json_flag(p)
    p.set_defaults(handler=_contact_add)
    p = csub.add_parser("list", parents=[common], help="every contact, by role")
    add_json_flag(p)
    p.set_defaults(handler=_contact_list)
    p = csub.add_parser("search", parents=[common], help="contacts matching every word")
    p.add_argument("query", metavar="QUERY")
    add_json_flag(p)
    p.set_defaults(handler=_contact_search)
    p = csub.add_parser("remove", parents=[common], help="remove a contact")
    p.add_argument("contact_id", metavar="CONTACT_ID")
    p.set_defaults(handler=_contact_remove)


def add_step_args(parser: argparse.ArgumentParser) -> None:
    """A step is named by its incident's id and its number (here and in the golden-hour actions)."""
    parser.add_argument("incident_id", metavar="INCIDENT_ID")
    parser.add_argument("step_no", metavar="STEP_NO", type=int)


def _local(value: dt.datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else "-"


def _templates(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        templates = list_templates(ctx)
    print_items(templates, as_json=args.json, line=lambda t: f"{t.key:28} BROKEN: {t.problem}" if t.broken
                else f"{t.key:28} {t.name} ({len(t.steps)} steps, {t.source})")
    return 0


def _start(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        incident = service.start_incident(ctx, args.template, args.title)
        from app.cli.commands.golden_hour import warn_due_posts

        warn_due_posts(ctx, incident.id)
    print(incident.id)
    return 0


def _list(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        incidents = service.list_incidents(ctx, running_only=args.running)
    print_items(incidents, as_json=args.json, line=_incident_line)
    return 0


def _incident_line(i: service.IncidentInfo) -> str:
    state = "RUNNING" if i.running else f"closed {_local(i.closed_at)}"
    done = sum(1 for s in i.steps if not s.is_open)
    return f"{i.id}  {_local(i.started_at)}  {state:22} {done}/{len(i.steps)}  {i.title}"


def _step(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        if args.action == "skip":
            incident = service.skip_step(ctx, args.incident_id, args.step_no, args.reason, note=args.note)
        else:
            step = service.get_incident(ctx, args.incident_id).step(args.step_no)
            if step.kind == "decision":
                incident = service.complete_step(ctx, args.incident_id, args.step_no, choice=args.note, rationale=args.reason)
            else:
                if args.reason:
                    raise ValidationError("--reason is for skipping a step or a decision's rationale; use --note.")
                incident = service.complete_step(ctx, args.incident_id, args.step_no, note=args.note)
    step = incident.step(args.step_no)
    print(f"Step {step.no} {step.status}: {step.text}")
    _print_next(incident)
    return 0


def _print_next(incident: service.IncidentInfo) -> None:
    current = incident.current_step
    print(f"Next: step {current.no} — {current.text}" if current else "All steps done or skipped.")


def _note(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        service.add_note(ctx, args.incident_id, args.step_no, args.text)
    print(f"Note added to step {args.step_no}.")
    return 0


def _statement(args: argparse.Namespace) -> int:
    if not (args.fill or args.cleared_by or args.publish):
        raise ValidationError("Say what to do: --fill NAME=VALUE, --cleared-by NAME and/or --publish.")
    values = {}
    for item in args.fill:
        name, sep, value = item.partition("=")
        if not sep:
            raise ValidationError(f"--fill takes NAME=VALUE, not {item!r}.")
        values[name.strip()] = value
    with cli_context(args) as ctx:
        if args.fill:
            service.draft_statement(ctx, args.incident_id, args.step_no, values)
        if args.cleared_by:
            service.clear_statement(ctx, args.incident_id, args.step_no, args.cleared_by)
        if args.publish:
            service.publish_statement(ctx, args.incident_id, args.step_no)
        step = service.get_incident(ctx, args.incident_id).step(args.step_no)
    by = f" by {step.cleared_by}" if step.cleared_by else ""
    print(f"Statement {step.clearance}{by}:\n{step.statement_text}")
    return 0


def _update(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        incident = service.record_update(ctx, args.incident_id, args.step_no, args.note)
    due = incident.step(args.step_no).next_due()
    print(f"Update recorded; next update due {_local(due)}.")
    return 0


def _show(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        incident = service.get_incident(ctx, args.incident_id)
    if args.json:
        print_json(incident.as_json())
        return 0
    state = "RUNNING" if incident.running else f"closed {_local(incident.closed_at)}"
    print(f"{incident.title}\n{incident.template_name} · started {_local(incident.started_at)} by {incident.officer} · {state}")
    marks = {"open": "[ ]", "done": "[x]", "skipped": "[-]"}
    for step in incident.steps:
        when = f" {_local(step.done_at)[11:]} {step.officer}" if step.done_at else ""
        print(f"{marks[step.status]} {step.no:2}. {step.kind_label}: {step.text}{when}")
        if step.kind == "call":
            if step.contacts:
                for c in step.contacts:
                    print(f"        {c.name}: {', '.join(c.phones) or c.email}")
            else:
                print(f"        No contact with the role {step.role!r} in the directory (dutydesk contacts add).")
        if step.choice:
            print(f"        Decision: {step.choice} — because {step.rationale}")
        if step.clearance:
            by = f" by {step.cleared_by}" if step.cleared_by else ""
            print(f"        Statement {step.clearance}{by}")
        if step.reason:
            print(f"        Skipped: {step.reason}")
        if step.note:
            print(f"        Note: {step.note}")
    if incident.running:
        due = incident.next_update_due()
        if due:
            print(f"Next update due {_local(due)}")
        _print_next(incident)
    else:
        print(f"Summary: {incident.summary}")
    return 0


def _close(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        incident = service.close_incident(ctx, args.incident_id, args.summary, lessons=args.lessons)
    left = incident.open_steps
    print(f"Closed {incident.title}.")
    if left:
        print(f"Steps not done (listed in the report): {', '.join(str(s.no) for s in left)}")
    return 0


def _report(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        path = write_report(ctx, args.incident_id, args.output)
    print(path)
    return 0


def _print_contacts(found: list[contacts.ContactInfo], as_json: bool) -> None:
    print_items(found, as_json=as_json, empty="No contacts.",
                line=lambda c: f"{c.role or '(no role)':28} {c.name:24} {', '.join(c.phones):30} {c.email}")


def _contact_add(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        contact = contacts.add_contact(
            ctx, args.name, role=args.role, phones=args.phone, email=args.email, notes=args.notes
        )
    if args.json:
        print_json(contact.as_json())
    else:
        print(contact.id)
    return 0


def _contact_list(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        found = contacts.list_contacts(ctx)
    _print_contacts(found, args.json)
    return 0


def _contact_search(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        found = contacts.search_contacts(ctx, args.query)
    _print_contacts(found, args.json)
    return 0


def _contact_remove(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        contacts.remove_contact(ctx, args.contact_id)
    print("Removed.")
    return 0
