"""The full-text index of the log: an SQLite FTS5 table local to this laptop.

It is an *external content* index over ``log_entry`` kept up to date by triggers, so
entries written by any path (the services, or sync applying another laptop's rows)
are indexed in the same transaction. It is never synced: each laptop builds its own.
"""

from __future__ import annotations

from collections.abc import Callable

FTS_TABLE = "log_entry_fts"
COLUMNS = ("text", "rationale", "amend_reason", "link", "officer", "category", "channel")
# What the officer's words are matched against; category and channel are indexed too so
# that filters narrow the match inside the index (fast) instead of row by row.
SEARCHED = ("text", "rationale", "amend_reason", "link", "officer")

_cols = ", ".join(COLUMNS)
_new = ", ".join(f"new.{c}" for c in COLUMNS)
_old = ", ".join(f"old.{c}" for c in COLUMNS)

CREATE_STATEMENTS = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    f"{_cols}, content='log_entry', content_rowid='rowid', "
    "tokenize='porter unicode61 remove_diacritics 2', prefix='1 2 3')",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON log_entry BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, {_cols}) VALUES (new.rowid, {_new}); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON log_entry BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_cols}) VALUES ('delete', old.rowid, {_old}); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE ON log_entry BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_cols}) VALUES ('delete', old.rowid, {_old}); "
    f"INSERT INTO {FTS_TABLE}(rowid, {_cols}) VALUES (new.rowid, {_new}); END",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
)

DROP_STATEMENTS = tuple(
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{suffix}" for suffix in ("ai", "ad", "au")
) + (f"DROP TABLE IF EXISTS {FTS_TABLE}",)


def create(execute: Callable[[str], object]) -> None:
    """Create the index and its triggers, and index every existing entry."""
    for statement in CREATE_STATEMENTS:
        execute(statement)


def drop(execute: Callable[[str], object]) -> None:
    for statement in DROP_STATEMENTS:
        execute(statement)


def match_query(user_text: str) -> str | None:
    """An FTS5 query from what the officer typed: every word must appear, the last
    one as a prefix (results while typing). Quotes neutralise FTS syntax."""
    words = [w for w in "".join(c if c.isalnum() else " " for c in user_text).split() if w]
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return f"{{{' '.join(SEARCHED)}}} : ({' '.join(quoted)})"


def column_equals(column: str, value: str) -> str:
    """An FTS5 clause narrowing to rows whose ``column`` holds ``value`` (a vocabulary id)."""
    words = "".join(c if c.isalnum() else " " for c in value).split()
    quoted = " ".join(f'"{w}"' for w in words)
    return f"{column} : ({quoted})" if words else ""
