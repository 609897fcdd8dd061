"""setup and doctor."""

from __future__ import annotations

import argparse

from app import doctor
from app.cli.support import add_json_flag, cli_context, print_json
from app.setup import setup

ORDER = 0

# Probes that need the GUI toolkit are plugged in by the GUI layer at start.
DOCTOR_PROBES: list[doctor.Probe] = []


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("setup", parents=[common], help="set the officer and share folder (first run)")
    p.add_argument("--officer", required=True, help="your name as the team knows it")
    p.add_argument("--share", default=None, help="the team's shared-drive folder (optional)")
    p.set_defaults(handler=_setup)

    p = subparsers.add_parser("doctor", parents=[common], help="check the data folder, ffmpeg and Qt")
    add_json_flag(p)
    p.set_defaults(handler=_doctor)


def _setup(args: argparse.Namespace) -> int:
    with cli_context(args, need_setup=False) as ctx:
        result = setup(ctx, officer=args.officer, share=args.share)
        print(f"Set up {ctx.data_dir} for {ctx.officer} (device {ctx.device_id}).")
        if result.sync_state:
            print(f"Sync: {result.sync_message}")
        if result.linked and args.share:
            print(f"Joined the team as {result.officer.name} (the team's record, id {result.officer.id}).")
        elif result.team and args.share:
            print(f"New to the team: added {result.officer.name}. The team already has: {', '.join(result.team)}.")
    return 0


def _doctor(args: argparse.Namespace) -> int:
    report = doctor.collect(getattr(args, "data_dir", None), DOCTOR_PROBES)
    if args.json:
        print_json(report)
    else:
        print(doctor.render_text(report))
    return 1 if report["problems"] else 0  # scripts can tell something is wrong
