"""How a failed operation reaches the officer: one plain line, never a traceback.

A ``DutyDeskError`` is a message written for people and is shown as it is. Anything
else is a bug: the traceback goes to stderr (and the log file, where one is set up),
the officer sees what failed in plain words.
"""

from __future__ import annotations

import logging
import traceback

from app.errors import DutyDeskError

log = logging.getLogger("dutydesk.ops")


def plain_message(exc: BaseException, doing: str = "") -> str:
    if isinstance(exc, DutyDeskError):
        return str(exc)
    text = getattr(exc, "__traceback_text__", "") or "".join(traceback.format_exception(exc))
    log.error("Unexpected failure%s:\n%s", f" while {doing}" if doing else "", text)
    what = f"Could not finish {doing}" if doing else "Something went wrong"
    return f"{what}: an unexpected error ({type(exc).__name__}). Details are in the log."
