"""Small helpers shared by command modules: opening the data folder, printing JSON,
parsing dates and times as the user types them."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from zoneinfo import ZoneInfo

from app.context import AppContext, open_context
from app.db.values import to_json_value
from app.setup import require_setup
from app.validation import dates

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
    return dates.parse_date(text)


def parse_datetime(text: str) -> dt.datetime:
    """An aware datetime; a time without an offset is taken in the team's zone."""
    return dates.parse_datetime(text, local_zone())


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")


def _as_json(item: Any) -> Any:
    return item.as_json()


def print_items(
    items: Sequence[Any], *, as_json: bool, line: Callable[[Any], str], empty: str = "",
    to_json: Callable[[Any], Any] = _as_json,
) -> None:
    """A listing: with ``--json`` one JSON list (``to_json`` of each item), else ``line`` of
    each item (it may hold several lines) and ``empty`` when there are none."""
    if as_json:
        print_json([to_json(item) for item in items])
        return
    for item in items:
        print(line(item))
    if not items and empty:
        print(empty)
