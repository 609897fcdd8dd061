"""Migrations: a database made by the first migration, with data, upgrades intact."""

from __future__ import annotations

import sqlite3

from sqlalchemy import select

from app.context import open_context
from app.db.engine import make_engine
from app.db.migrate import head_revisions, read_revisions, upgrade
from app.paths import database_path
from app.team.models import Officer

FIRST = "0001_foundation"


def test_upgrade_from_the_first_migration_keeps_the_data(tmp_path):
    folder = tmp_path / "old"
    folder.mkdir()
    db = database_path(folder)
    engine = make_engine(db, immediate=True)
    upgrade(engine, FIRST)
    engine.dispose()
    conn = sqlite3.connect(db)
    conn.execute(
        "INSERT INTO officer (id, name, email, active, notes, created_at, created_by, created_device,"
        " updated_at, updated_by, updated_device, hlc, deleted) VALUES "
        "('0190a0a0-0000-7000-8000-000000000001', 'Old Timer', '', 1, '',"
        " '2025-01-01T09:00:00.000000+00:00', 'Old Timer', 'dev', '2025-01-01T09:00:00.000000+00:00',"
        " 'Old Timer', 'dev', 1, 0)"
    )
    conn.execute("INSERT INTO device_state (id, device_id, device_name, hlc_last, created_at) VALUES"
                 " (1, 'dev-1', 'old laptop', 5, '2025-01-01T09:00:00.000000+00:00')")
    conn.execute("INSERT INTO device_setting (key, value) VALUES ('officer', '\"Old Timer\"')")
    conn.commit()
    conn.close()
    assert read_revisions(db) == {FIRST}

    with open_context(folder) as ctx:
        assert read_revisions(db) == head_revisions()
        assert ctx.officer == "Old Timer" and ctx.device_id == "dev-1"
        with ctx.read() as session:
            names = session.execute(select(Officer.name)).scalars().all()
        assert names == ["Old Timer"]


def test_fresh_database_is_at_the_head_with_wal_and_foreign_keys(ctx):
    assert read_revisions(ctx.db_path) == head_revisions()
    with ctx.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_every_migration_is_named_by_its_revision_and_heads_agree():
    import ast

    from app.db.migrate import MIGRATIONS_DIR, _leaf_revisions

    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        revision = next(
            ast.literal_eval(n.value) for n in tree.body
            if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "revision"
        )
        assert revision == path.stem, f"{path.name} must declare revision = {path.stem!r}"
    assert _leaf_revisions() == head_revisions()
