"""The ``dutydesk`` entry point: the command line, or the window when given no command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def _launch_gui(args: argparse.Namespace) -> int:
    from ui.application import run_gui

    return run_gui(args.data_dir)


def _gui_only_arguments(argv: Sequence[str]) -> argparse.Namespace | None:
    """``dutydesk`` or ``dutydesk --data-dir DIR``: open the window without loading every
    command module (keeps start-up fast)."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data-dir", default=None)
    try:
        args, rest = parser.parse_known_args(list(argv))
    except SystemExit:
        return None
    return None if rest else args


def main(argv: Sequence[str] | None = None) -> int:
    from app.cli.console import use_utf8_output

    use_utf8_output()
    argv = sys.argv[1:] if argv is None else list(argv)
    gui_args = _gui_only_arguments(argv)
    if gui_args is not None:
        return _launch_gui(gui_args)
    from app.cli import main as cli_main
    from app.cli.commands import core
    from ui import doctor_probes, screenshot

    if doctor_probes.qt_multimedia not in core.DOCTOR_PROBES:
        core.DOCTOR_PROBES.append(doctor_probes.qt_multimedia)
    return cli_main(argv, extra_modules=[screenshot], gui=_launch_gui)


def gui_main() -> int:
    """The GUI-subsystem entry point on Windows (no console window)."""
    return main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
