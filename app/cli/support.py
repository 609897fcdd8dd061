"""Small helpers shared by command modules: opening the data folder, printing JSON,
parsing dates and times as the user types them."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from zoneinfo import ZoneInfo

from app.context import AppContext, open_context
from app.db.values import to_json_value
from app.errors import ValidationError
from app.setup import require_setup

LOCAL_ZONE_NAME = "Europe/London"


def local_zone() -> dt.tzinfo:
    """The team's time zone. Times typed without an offset are read in it."""
    import os

    return ZoneInfo(os.environ.get("DUTYDESK_TZ", LOCAL_ZONE_NAME))


@contextmanager
def cli_context(args: argparse.Namespace, *, need_setup: bool = True) -> Iterator[AppContext]:
    ctx = open_context(getattr(args, "data_dir", None))
    try:
        if need_setup:
            require_setup(ctx)
        yield ctx
    finally:
        ctx.close()


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=to_json_value)
    sys.stdout.write("\n")


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-23.") from None


def parse_datetime(text: str) -> dt.datetime:
    """An aware datetime; a time without an offset is taken in the team's zone."""
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(
            f"{text!r} is not a date and time; write it as YYYY-MM-DDTHH:MM, e.g. 2026-11-23T21:05."
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=local_zone())
    return value


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
