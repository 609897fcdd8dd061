"""Alembic migrations applied at start, and the checks that come before them.

Before touching a database we look at it read-only: a file that is not SQLite, or
one stamped with a revision this build does not know (written by a newer Duty Desk),
is refused with nothing changed on disk.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # alembic is imported only when a migration must really run (start-up speed)
    from alembic.config import Config
    from sqlalchemy import Engine

from app.errors import DatabaseError, NewerSchemaError



class ForeignDatabaseError(DatabaseError):
    """Another application's SQLite file where Duty Desk's database should be."""

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_HEADER = b"SQLite format 3\x00"
OUR_REVISION_NAME = re.compile(r"\d{4}_[a-z0-9_]+")  # alembic's own default ids are 12 hex digits
OWN_TABLES = frozenset({"change_log", "device_state", "device_setting"})  # made by 0001, kept by every version


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def known_revisions() -> set[str]:
    """Every revision this build ships. By convention a migration's revision id is its
    file name (``0003_rota.py`` has ``revision = "0003_rota"``; a test checks it), so
    this needs no alembic import."""
    return {p.stem for p in (MIGRATIONS_DIR / "versions").glob("*.py") if not p.stem.startswith("_")}


def head_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def is_current(stamped: set[str]) -> bool:
    """True when no migration can apply: every shipped revision is an ancestor of (or is)
    a stamped head. Cheap check first: if the stamp names every leaf we know, skip alembic."""
    if not stamped:
        return False
    return stamped == _leaf_revisions()


def _leaf_revisions() -> set[str]:
    """Heads computed from the ``down_revision`` lines, without importing alembic."""
    import ast

    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "down_revision" for t in node.targets
            ):
                value = ast.literal_eval(node.value)
                if isinstance(value, str):
                    parents.add(value)
                elif value:
                    parents.update(value)
    return known_revisions() - parents


def schema_version_text(revisions: set[str]) -> str:
    return "+".join(sorted(revisions)) if revisions else "none"


def read_revisions(db_path: Path) -> set[str]:
    """The revisions stamped in ``db_path``, read without changing the file.

    A database with tables but no Duty Desk stamp (another application's file) is
    refused here, before anything could migrate it in place."""
    if db_path.is_dir():
        raise DatabaseError(
            f"The database path {db_path} is a folder, not a file. Move that folder away "
            "or choose another data folder; nothing was changed."
        )
    if not db_path.exists() or db_path.stat().st_size == 0:
        return set()
    with open(db_path, "rb") as handle:
        if handle.read(16) != SQLITE_HEADER:
            raise DatabaseError(
                f"{db_path} is not a Duty Desk database (it is not an SQLite file). "
                "It was left untouched; move it away or choose another data folder."
            )
    uri = f"file:{db_path.as_posix()}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            rows = conn.execute("SELECT version_num FROM alembic_version").fetchall() if "alembic_version" in tables else []
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        raise DatabaseError(f"Cannot read the database {db_path} ({exc}); it was left untouched.") from exc
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(
            f"{db_path} is damaged or not a Duty Desk database ({exc}). It was left untouched."
        ) from exc
    revisions = {row[0] for row in rows}
    if _foreign(tables, revisions):
        raise ForeignDatabaseError(
            f"{db_path} is another application's database, not Duty Desk's. It was left "
            "untouched; move it away or choose another data folder."
        )
    return revisions


def _foreign(tables: set[str], revisions: set[str]) -> bool:
    """Tables without our stamp, or an alembic stamp that is not Duty Desk's: none of
    our revisions, none named the way ours are (``0007_feature``), and none of the
    tables every Duty Desk version has."""
    user_tables = {t for t in tables if not t.startswith("sqlite_")}
    if not revisions:
        return bool(user_tables - {"alembic_version"})
    if revisions & known_revisions() or OWN_TABLES <= user_tables:
        return False
    return not any(OUR_REVISION_NAME.fullmatch(r or "") for r in revisions)


def check_not_newer(db_path: Path) -> set[str]:
    stamped = read_revisions(db_path)
    unknown = stamped - known_revisions()
    if unknown:
        raise NewerSchemaError(
            f"The database in {db_path.parent} was written by a newer version of Duty Desk "
            f"(schema {schema_version_text(unknown)}). Install the newer version; this one "
            "left the data untouched."
        )
    return stamped


def upgrade(engine: Engine, target: str = "heads") -> None:
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, target)
