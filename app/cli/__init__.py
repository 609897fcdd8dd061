"""The ``dutydesk`` command line: how users automate, and how tests drive the app.

Each module in ``app/cli/commands/`` contributes subcommands through ``register``; the
GUI layer can add its own (``screenshot``) through ``extra_modules``. A handler takes
the parsed arguments and returns the exit code. ``DutyDeskError`` becomes a one-line
message on stderr and exit code 2; nothing else is printed on failure.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Callable, Iterable, Sequence
from types import ModuleType

from app import __version__
from app.cli.console import use_utf8_output
from app.errors import DutyDeskError

GuiLauncher = Callable[[argparse.Namespace], int]


def command_modules() -> list[ModuleType]:
    from app.cli import commands

    found = [
        importlib.import_module(f"{commands.__name__}.{info.name}")
        for info in pkgutil.iter_modules(commands.__path__)
        if not info.name.startswith("_")
    ]
    return sorted(found, key=lambda m: getattr(m, "ORDER", 50))


def build_parser(extra_modules: Iterable[ModuleType] = ()) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        default=argparse.SUPPRESS,
        help="data folder to use (default: $DUTYDESK_DATA_DIR or the per-user folder)",
    )
    parser = argparse.ArgumentParser(
        prog="dutydesk",
        description="Duty Desk: rota, shift log, incidents and media tools for out-of-hours comms officers. "
        "With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"dutydesk {__version__}")
    parser.add_argument("--data-dir", default=None, help=argparse.SUPPRESS)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in [*command_modules(), *extra_modules]:
        module.register(subparsers, common)
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    extra_modules: Iterable[ModuleType] = (),
    gui: GuiLauncher | None = None,
) -> int:
    use_utf8_output()
    parser = build_parser(extra_modules)
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        if args.command is None and gui is not None:
            return gui(args)
        parser.print_help()
        return 0 if args.command is None else 2
    try:
        return int(handler(args) or 0)
    except DutyDeskError as exc:
        print(f"dutydesk: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("dutydesk: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a machine failure is said in words, others re-raised
        from app.failures import plain_failure

        message = plain_failure(exc)
        if message is None:
            raise
        print(f"dutydesk: {message}", file=sys.stderr)
        return 2
