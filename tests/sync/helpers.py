"""Helpers for the sync tests: edit shared data, dump it, sync."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.context import AppContext, open_context
from app.db.ids import new_id
from app.db.values import to_json_value
from app.shiftlog import service as shiftlog
from app.sync import service
from app.sync.fileops import FileOps
from app.sync.merge import shared_tables
from app.setup import setup
from app.team.models import Officer, TeamSetting

# Bookkeeping that legitimately differs per laptop (local time of the write).
IGNORED = {"updated_at"}


def sync(ctx: AppContext, share: Path, ops: FileOps | None = None) -> dict[str, Any]:
    return service.sync_now(ctx, share, ops)


def shared_state(ctx: AppContext) -> dict[str, dict[str, dict[str, Any]]]:
    state: dict[str, dict[str, dict[str, Any]]] = {}
    with ctx.read() as session:
        for name, table in sorted(shared_tables().items()):
            rows = {}
            for row in session.execute(select(table)).mappings():
                rows[row["id"]] = {k: to_json_value(v) for k, v in row.items() if k not in IGNORED}
            state[name] = rows
    return state


def set_setting(ctx: AppContext, key: str, value: Any) -> str:
    with ctx.write() as session:
        row = session.execute(select(TeamSetting).where(TeamSetting.key == key)).scalar_one_or_none()
        if row is None:
            row = TeamSetting(key=key, value=value)
            session.add(row)
        else:
            row.value = value
        session.flush()
        return row.id


def get_setting(ctx: AppContext, key: str) -> Any:
    with ctx.read() as session:
        row = session.execute(select(TeamSetting).where(TeamSetting.key == key, TeamSetting.deleted.is_(False))).scalar_one_or_none()
        return None if row is None else row.value


def edit_officer(ctx: AppContext, name: str, **fields: Any) -> None:
    with ctx.write() as session:
        row = session.execute(select(Officer).where(Officer.name == name)).scalar_one()
        for key, value in fields.items():
            setattr(row, key, value)


def add_officer(ctx: AppContext, name: str, email: str = "") -> str:
    with ctx.write() as session:
        row = Officer(name=name, email=email)
        session.add(row)
        session.flush()
        return row.id


def officer_emails(ctx: AppContext) -> dict[str, str]:
    with ctx.read() as session:
        return {o.name: o.email for o in session.execute(select(Officer).where(Officer.deleted.is_(False))).scalars()}


def log(ctx: AppContext, text: str) -> str:
    return shiftlog.add_entry(ctx, text).id


def log_texts(ctx: AppContext) -> set[str]:
    from app.shiftlog.models import LogEntry

    with ctx.read() as session:
        return set(session.execute(select(LogEntry.text)).scalars())


def make_share(base: Path) -> Path:
    """An empty share folder: under ``base``, or on the SMB/exFAT mount named by
    ``DUTYDESK_TEST_SHARE_ROOT`` (tools/winfs.py runs these tests there in CI)."""
    import os
    import tempfile

    root = os.environ.get("DUTYDESK_TEST_SHARE_ROOT")
    if not root:
        share = base / "share"
        share.mkdir()
        return share
    return Path(tempfile.mkdtemp(prefix="share-", dir=root))


def laptop(base: Path, name: str) -> AppContext:
    """A set-up laptop ``base/name`` with its own device id, copied from one template data
    folder per test session (``base.parent/template``): property tests make many."""
    template = base.parent / "template"
    if not template.exists():
        open_context(template).close()
    folder = base / name
    shutil.copytree(template, folder, ignore=shutil.ignore_patterns("*.lock", "dutydesk.lock.json"))
    with sqlite3.connect(folder / "dutydesk.sqlite3") as db:
        db.execute("UPDATE device_state SET device_id = ?", (new_id(),))
    ctx = open_context(folder)
    setup(ctx, officer=f"Officer {name}")
    return ctx


UTC = dt.timezone.utc
THU = dt.date(2026, 12, 3)  # Thursday 3 December (GMT: local time = UTC)


def at(hour: int, minute: int = 0) -> dt.datetime:
    """A time on THU (the stories of the field-group and team-conflict tests)."""
    return dt.datetime(THU.year, THU.month, THU.day, hour, minute, tzinfo=UTC)


def rounds(share: Path, *ctxs: AppContext, times: int = 2) -> None:
    """Every laptop syncs in turn, ``times`` over: enough for each to see the others' work."""
    for _ in range(times):
        for ctx in ctxs:
            result = sync(ctx, share)
            assert result["state"] in ("synced", "conflicts"), result["message"]
