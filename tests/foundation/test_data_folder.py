"""The data folder: where it is, that it is private, and what is refused without damage."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
from pathlib import Path

import pytest

from app.context import open_context
from app.db.migrate import SQLITE_HEADER
from app.errors import AlreadyRunningError, DatabaseError, NewerSchemaError
from app.paths import database_path, resolve_data_dir
from tests.conftest import dutydesk_command, run_dutydesk, without_root_override


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_data_dir_precedence(monkeypatch, tmp_path):
    monkeypatch.setenv("DUTYDESK_DATA_DIR", str(tmp_path / "env"))
    assert resolve_data_dir(tmp_path / "flag") == (tmp_path / "flag").resolve()
    assert resolve_data_dir(None) == (tmp_path / "env").resolve()
    monkeypatch.delenv("DUTYDESK_DATA_DIR")
    assert "DutyDesk" in str(resolve_data_dir(None))


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_data_folder_and_database_are_private_to_the_user(ctx):
    assert stat.S_IMODE(ctx.data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(ctx.db_path.stat().st_mode) == 0o600


def test_second_copy_on_the_same_folder_is_refused(ctx):
    with pytest.raises(AlreadyRunningError, match="already open"):
        open_context(ctx.data_dir)
    # the first copy still works
    from app.team.service import ensure_officer

    assert ensure_officer(ctx, "Still Fine").name == "Still Fine"


def test_second_process_is_refused_with_a_clear_message(ctx):
    result = run_dutydesk("--data-dir", str(ctx.data_dir), "setup", "--officer", "Intruder")
    assert result.code != 0
    assert "already open on the data folder" in result.err
    assert "Traceback" not in result.err


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    database_path(folder).write_bytes(b"this is a spreadsheet, not a database" * 100)
    before = _snapshot(folder)
    with pytest.raises(DatabaseError, match="not a Duty Desk database"):
        open_context(folder)
    assert _snapshot(folder) == before


def test_a_database_from_a_newer_version_is_refused_untouched(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    db = database_path(folder)
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    conn.execute("INSERT INTO alembic_version VALUES ('9999_from_the_future')")
    conn.commit()
    conn.close()
    before = _snapshot(folder)
    assert db.read_bytes().startswith(SQLITE_HEADER)
    with pytest.raises(NewerSchemaError, match="newer version of Duty Desk"):
        open_context(folder)
    assert _snapshot(folder) == before
    result = run_dutydesk("--data-dir", str(folder), "setup", "--officer", "X")
    assert result.code == 2 and "newer version" in result.err


def test_read_only_data_folder_is_refused(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    prefix = without_root_override()
    if prefix is None:
        pytest.skip("running as root without setpriv: cannot make a folder read-only")
    try:
        result = subprocess.run(
            [*prefix, *dutydesk_command("--data-dir", str(folder), "setup", "--officer", "A")],
            capture_output=True, text=True, timeout=120, check=False,
        )
        assert result.returncode == 2, result.stderr
        assert "read-only" in result.stderr and "nothing was changed" in result.stderr
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)

