"""Alembic environment: runs on the connection the app hands over (or a URL for devs)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from app.db.registry import load_all_models

config = context.config
target_metadata = load_all_models().metadata


def _include_object(obj, name, type_, reflected, compare_to) -> bool:  # type: ignore[no-untyped-def]
    """Leave alone the SQLite full-text index of the log, which no model describes."""
    return not (type_ == "table" and name and name.startswith("log_entry_fts"))


def _configure(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=_include_object,
        render_as_batch=True,  # SQLite cannot ALTER most things: copy-and-move tables
        compare_type=True,
    )


connection = config.attributes.get("connection")
if connection is not None:
    _configure(connection)
    with context.begin_transaction():
        context.run_migrations()
else:  # developer use: `alembic -x url=sqlite:///dev.sqlite3 revision --autogenerate`
    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///dev.sqlite3")
    engine = create_engine(url)
    with engine.begin() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()
