"""sync: one round through the shared drive; status, conflicts, resolve, compact."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from app.cli.support import cli_context, print_items, print_json
from app.sync import service

ORDER = 60


def _json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print machine-readable JSON")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("sync", parents=[common], help="sync with the team's shared drive (one round)")
    p.add_argument("--share", default=None, help="the share folder (default: the one in Settings)")
    _json_flag(p)
    p.set_defaults(handler=_round)
    sub = p.add_subparsers(dest="sync_command", metavar="SUBCOMMAND")

    s = sub.add_parser("status", parents=[common], help="sync state, devices seen, pending changes")
    _json_flag(s)
    s.set_defaults(handler=_status)

    s = sub.add_parser("conflicts", parents=[common], help="list conflicting edits still to resolve")
    _json_flag(s)
    s.add_argument("--all", action="store_true", help="include resolved ones")
    s.set_defaults(handler=_conflicts)

    s = sub.add_parser("resolve", parents=[common], help="keep one value of a conflict")
    s.add_argument("conflict_id", metavar="CONFLICT_ID", type=int)
    s.add_argument("--keep", required=True, choices=("local", "remote"), help="which value to keep")
    _json_flag(s)
    s.set_defaults(handler=_resolve)

    s = sub.add_parser("compact", parents=[common], help="write a snapshot and retire this laptop's old segments")
    s.add_argument("--share", default=None, help="the share folder (default: the one in Settings)")
    _json_flag(s)
    s.set_defaults(handler=_compact)


def _wants_json(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "json", False))


def _report(args: argparse.Namespace, data: Any, text: Callable[[], Iterable[str]]) -> None:
    """With ``--json`` the data as it is; otherwise the lines ``text()`` gives the officer."""
    if _wants_json(args):
        print_json(data)
    else:
        for line in text():
            print(line)


def _round(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        result = service.sync_now(ctx, args.share)
    _report(args, result, lambda: _round_lines(result))
    return 0 if result["state"] in ("synced", "conflicts") else 1


def _round_lines(result: dict[str, Any]) -> Iterator[str]:
    yield (f"Published {result['published']}, applied {result['applied']}, "
           f"conflicts {result['conflicts']}, quarantined {result['quarantined']}.")
    yield f"{result['state']}: {result['message']}"
    for name in result.get("officers_merged", []):
        yield f"{name} was recorded twice (made on two laptops): merged into one record."
    for name in result.get("officers_to_merge", []):
        yield f"{name} is recorded twice; decide in Settings > Team or: dutydesk rota officers --duplicates"


def _status(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        current = service.status(ctx)
    if _wants_json(args):
        print_json(current.as_dict())
        return 0
    print(f"{current.state}: {current.message}")
    print(f"Share: {current.share or '(not set)'}   this device: {current.device_id}")
    print(f"Changes waiting to publish: {current.pending}   conflicts: {current.conflicts}   "
          f"quarantined files: {current.quarantined}   parked changes: {current.parked}")
    for d in current.devices:
        seen = d.last_seen_at.strftime("%Y-%m-%d %H:%M UTC") if d.last_seen_at else "never"
        extra = f"  ({d.waiting})" if d.waiting else ""
        print(f"  {d.officer or '?'} on {d.name or d.device_id[:8]}: seen {seen}, applied up to {d.applied_seq}{extra}")
    for q in current.quarantine:
        print(f"  quarantined {q['path']}: {q['reason']}")
    for r in current.unapplied:
        print(f"  set aside: record {r['op_id']} ({r['table']} {r['row_id']}) from {r['officer'] or r['device_id']}: {r['reason']}")
    return 0


def _value(value: object) -> str:
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value


def _conflicts(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        items = service.list_conflicts(ctx, include_resolved=args.all)
    print_items(items, as_json=_wants_json(args), line=_conflict_lines, empty="No conflicts to resolve.", to_json=vars)
    return 0


def _conflict_lines(c: service.ConflictInfo) -> str:
    if c.resolved:
        return f"#{c.id} {c.text} [resolved: kept {c.resolved}{' by ' + c.resolved_by if c.resolved_by else ''}]"
    return (f"#{c.id} {c.text}\n"
            f"    keep this laptop's ({c.local_words or _value(c.local_value)}): dutydesk sync resolve {c.id} --keep local\n"
            f"    keep the other ({c.remote_words or _value(c.remote_value)}): dutydesk sync resolve {c.id} --keep remote")


def _resolve(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        info = service.resolve(ctx, args.conflict_id, args.keep)
    kept = info.local_words if args.keep == "local" else info.remote_words
    _report(args, vars(info), lambda: [
        f"Conflict #{info.id}: kept {kept or _value(info.current_value)}; the decision syncs to the team on the next round."
    ])
    return 0


def _compact(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        result = service.compact(ctx, args.share)
    _report(args, result, lambda: [f"Snapshot {result['snapshot']} written ({result['rows']} records); "
                                   f"retired {result['retired_segments']} old segment(s) of this laptop."])
    return 0
