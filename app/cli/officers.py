"""``dutydesk rota officers``: the team list, add, rename, retire, re-activate, details, merges."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli.support import cli_context, print_json

if TYPE_CHECKING:
    from app.team.retire import Retired


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--add", metavar="NAMES", help="comma-separated names to add")
    p.add_argument("--rename", nargs=2, metavar=("OLD", "NEW"), help="give an officer a new name")
    p.add_argument("--retire", metavar="NAME",
                   help="retire an officer (history keeps the name); their shifts from tomorrow on become open")
    p.add_argument("--keep-shifts", action="store_true", help="with --retire: leave their future shifts assigned")
    p.add_argument("--activate", metavar="NAME", help="re-activate a retired officer")
    p.add_argument("--set", metavar="NAME", dest="set_name", help="change the --role / --hours of this officer")
    p.add_argument("--role", help="with --add (one name) or --set: the officer's role")
    p.add_argument("--hours", help="with --add (one name) or --set: contracted hours a week (blank clears)")
    p.add_argument("--all", action="store_true", help="list retired officers too")
    p.add_argument("--duplicates", action="store_true", help="list officers recorded twice (same name)")
    p.add_argument("--merge", nargs=2, metavar=("KEEP_ID", "MERGE_ID"), help="merge the second record into the first")
    p.add_argument("--merges", action="store_true", help="list officer merges (with their ids, to undo)")
    p.add_argument("--undo-merge", metavar="MERGE_ID", help="split a merged officer again")


def run(args: argparse.Namespace) -> int:
    from app.errors import ValidationError
    from app.team import dedupe, retire, service

    with cli_context(args) as ctx:
        if args.add:
            names = [n for n in args.add.split(",") if n.strip()]
            for name in names:
                if len(names) == 1 and (args.role or args.hours):
                    found = service.ensure_officer(ctx, name)
                    service.update_details(ctx, found.name, role=args.role, contracted_hours=args.hours
                                           if args.hours is not None else ...)
                else:
                    service.ensure_officer(ctx, name)
        if args.rename:
            renamed = service.rename_officer(ctx, *args.rename)
            _say(args, f"Renamed {args.rename[0]!r} to {renamed.name}.")
        if args.keep_shifts and not args.retire:
            raise ValidationError("--keep-shifts goes with --retire NAME.")
        if args.retire:
            _say(args, _retired(retire.retire(ctx, args.retire, keep_shifts=args.keep_shifts), args.keep_shifts))
        if args.activate:
            _say(args, f"Re-activated {service.set_active(ctx, args.activate, True).name}.")
        if args.set_name:
            service.update_details(ctx, args.set_name, role=args.role,
                                   contracted_hours=args.hours if args.hours is not None else ...)
        if args.merge:
            merged = dedupe.merge_officers(ctx, *args.merge)
            _say(args, f"Merged into {merged.name}: {merged.moved} reference(s) moved (undo: --undo-merge {merged.id}).")
        if args.undo_merge:
            undone = dedupe.undo_merge(ctx, args.undo_merge)
            _say(args, f"Undid the merge of {undone.name}: the two records are separate again.")
        if args.duplicates:
            groups = dedupe.find_duplicates(ctx)
            if args.json:
                print_json([g.as_json() for g in groups])
            else:
                for g in groups:
                    print(f"{g.name}: {', '.join(g.officer_ids)}" + (f" — not merged: {g.reason}" if g.reason else ""))
                if not groups:
                    print("Nobody is recorded twice.")
            return 0
        if args.merges:
            merges = dedupe.list_merges(ctx)
            if args.json:
                print_json([m.as_json() for m in merges])
            else:
                for m in merges:
                    state = "undone" if m.undone else ("automatic" if m.automatic else "by hand")
                    print(f"{m.id}  {m.name:<24} {m.moved:>4} moved  {state}")
                if not merges:
                    print("No officer merges.")
            return 0
        officers = service.list_officers(ctx, include_inactive=args.all)
    if args.json:
        print_json([o.as_json() for o in officers])
    else:
        for o in officers:
            extra = [x for x in (o.role, f"{o.contracted_hours:g} h/week" if o.contracted_hours is not None else "",
                                 "" if o.active else "retired") if x]
            print(o.name + (f"  ({', '.join(extra)})" if extra else ""))
    return 0


def _retired(done: Retired, kept: bool) -> str:
    from app.rota.service import zone

    name, opened = done.officer.name, done.opened
    if kept:
        return f"Retired {name}; their shifts stay assigned (--keep-shifts)."
    if not opened:
        return f"Retired {name}; they had no shifts from tomorrow on."
    first = opened[0].local_start(zone())
    return (f"Retired {name}; {len(opened)} shift{'s' * (len(opened) != 1)} from {first:%a %d %b %Y} on "
            "are now open and need cover.")


def _say(args: argparse.Namespace, text: str) -> None:
    if not args.json:
        print(text)
