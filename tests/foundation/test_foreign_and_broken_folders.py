"""Files that are not ours, folders we did not make, disks that are full or read-only.

Each is refused with one plain line, and what is not ours is left byte-for-byte alone.
Disk-full cases use a real small tmpfs (skipped only where mounting is impossible).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.sync import share as layout
from app.sync import service as sync_service
from app.sync.fileops import REAL
from tests.conftest import run_dutydesk


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def one_plain_line(result, words: str) -> None:  # type: ignore[no-untyped-def]
    lines = result.err.strip().splitlines()
    assert result.code == 2, result
    assert len(lines) == 1 and words in lines[0], result.err
    assert "Traceback" not in result.err and "sqlite:///" not in result.err and "sqlalche" not in result.err


def _sqlite(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    "statements",
    [
        ["CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)", "INSERT INTO notes VALUES (1, 'keep me')"],
        ["CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)",
         "INSERT INTO alembic_version VALUES ('3f2a1b9c8d7e')",
         "CREATE TABLE invoices (id INTEGER PRIMARY KEY)"],
    ],
    ids=["plain app", "alembic app"],
)
def test_another_applications_database_is_refused_byte_for_byte(cli, data_dir, statements):
    data_dir.mkdir()
    _sqlite(data_dir / "dutydesk.sqlite3", *statements)
    before = digest(data_dir)
    for args in (["setup", "--officer", "X"], ["log", "list"], ["rota", "show", "--from", "2026-01-01", "--to", "2026-01-02"]):
        result = cli(*args)
        one_plain_line(result, "another application's database")
        assert "newer version" not in result.err
    assert digest(data_dir) == before
    assert sorted(p.name for p in data_dir.iterdir()) == ["dutydesk.sqlite3"]  # no lock, WAL or journal left


def test_a_shared_folder_the_user_points_at_keeps_its_mode(cli, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    assert cli("setup", "--officer", "X", data=shared).code == 0
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777  # sticky bit and all
    assert stat.S_IMODE((shared / "dutydesk.sqlite3").stat().st_mode) == 0o600  # our file is private
    created = tmp_path / "made" / "by" / "us"
    assert cli("setup", "--officer", "X", data=created).code == 0
    assert stat.S_IMODE(created.stat().st_mode) == 0o700


def test_a_dangling_link_is_named_and_not_followed(cli, tmp_path):
    target = tmp_path / "gone" / "DutyDesk"
    link = tmp_path / "link"
    link.symlink_to(target)
    one_plain_line(cli("setup", "--officer", "X", data=link), "does not exist")
    assert not target.exists() and not target.parent.exists()
    report = cli("doctor", data=link)
    assert report.code == 1 and "does not exist" in report.out


def test_the_database_path_being_a_folder(cli, data_dir):
    (data_dir / "dutydesk.sqlite3").mkdir(parents=True)
    one_plain_line(cli("setup", "--officer", "X"), "is a folder")


def test_doctor_on_a_data_folder_that_is_a_file_reports_it_and_fails(cli, tmp_path):
    afile = tmp_path / "data"
    afile.write_text("not a folder")
    result = cli("doctor", data=afile)
    assert result.code == 1 and "is a file, not a folder" in result.out
    assert "writable" not in result.out.split("Problems:")[1]
    assert afile.read_text() == "not a folder"


def test_doctor_exits_zero_only_without_problems(cli, tmp_path):
    result = cli("doctor")
    assert result.code == 1 and "Problems:" in result.out  # not set up yet
    assert cli("setup", "--officer", "X").code == 0
    result = cli("doctor", "--json")
    import json

    assert result.code == (1 if json.loads(result.out)["problems"] else 0)


def _chattr(path: Path, flag: str) -> bool:
    if shutil.which("chattr") is None:
        return False
    return subprocess.run(["chattr", flag, str(path)], capture_output=True, check=False).returncode == 0


@pytest.mark.parametrize("name", ["dutydesk.sqlite3", "dutydesk.sqlite3-wal", "dutydesk.sqlite3-shm", "dutydesk.lock"])
def test_an_immutable_database_lock_or_wal_is_a_plain_refusal(cli, data_dir, name):
    assert cli("setup", "--officer", "X").code == 0
    assert cli("log", "add", "before").code == 0
    target = data_dir / name
    target.touch()
    if not _chattr(target, "+i"):
        pytest.skip("chattr +i is not possible here")
    try:
        before = digest(data_dir)["dutydesk.sqlite3"]
        result = cli("log", "add", "after")
        one_plain_line(result, "")
        assert any(w in result.err for w in ("cannot be written", "lock file", "cannot be opened"))
        assert digest(data_dir)["dutydesk.sqlite3"] == before
    finally:
        _chattr(target, "-i")
    listed = run_dutydesk("--data-dir", str(data_dir), "log", "list", "--from", "2000-01-01", "--to", "2100-01-01")
    assert listed.code == 0 and "before" in listed.out and "after" not in listed.out


def test_a_read_only_database_file_for_a_normal_user(tmp_path):
    from tests.conftest import dutydesk_command, without_root_override

    prefix = without_root_override()
    if prefix is None:
        pytest.skip("cannot drop root's override here")
    data = tmp_path / "data"
    assert run_dutydesk("--data-dir", str(data), "setup", "--officer", "X").code == 0
    (data / "dutydesk.sqlite3").chmod(0o444)
    done = subprocess.run([*prefix, *dutydesk_command("--data-dir", str(data), "log", "add", "x")],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr


# --- full disks ------------------------------------------------------------------------
@contextlib.contextmanager
def small_disk(where: Path, size: str) -> Iterator[Path]:
    where.mkdir()
    if os.name != "posix" or shutil.which("mount") is None:
        pytest.skip("mounting is impossible here")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill_disk(disk: Path, leave_kb: int) -> None:
    free_kb = shutil.disk_usage(disk).free // 1024
    with open(disk / "filler", "ab") as handle:
        handle.write(b"\0" * max(0, free_kb - leave_kb) * 1024)


def test_setup_on_a_disk_too_small_leaves_no_database(tmp_path):
    with small_disk(tmp_path / "disk", "256k") as disk:
        result = run_dutydesk("--data-dir", str(disk / "data"), "setup", "--officer", "X")
        one_plain_line(result, "free")
        assert not (disk / "data" / "dutydesk.sqlite3").exists()


def test_a_migration_that_meets_a_full_disk_removes_its_stub(cli, tmp_path, monkeypatch):
    import app.space

    monkeypatch.setattr(app.space, "SETUP_NEEDS_BYTES", 0)  # the check passes; the disk then fills
    with small_disk(tmp_path / "disk", "256k") as disk:
        result = cli("setup", "--officer", "X", data=disk / "data")
        one_plain_line(result, "disk holding the database is full")
        leftovers = [p.name for p in (disk / "data").iterdir() if p.name.startswith("dutydesk.sqlite3")]
        assert leftovers == []


def test_a_full_disk_at_start_during_log_add_and_report(tmp_path):
    with small_disk(tmp_path / "disk", "3m") as disk:
        data = disk / "data"
        assert run_dutydesk("--data-dir", str(data), "setup", "--officer", "X").code == 0
        assert run_dutydesk("--data-dir", str(data), "log", "add", "kept entry").code == 0
        sixty = "\n".join(f"line {i}: the bridge is closed both ways, diversions via the ring road" for i in range(60))
        fill_disk(disk, 120)
        added = run_dutydesk("--data-dir", str(data), "log", "add", sixty)
        if added.code == 0:  # the page cache took it: fill the rest and try once more
            fill_disk(disk, 0)
            added = run_dutydesk("--data-dir", str(data), "log", "add", sixty + "!")
        one_plain_line(added, "full")
        (disk / "filler").unlink()
        listed = run_dutydesk("--data-dir", str(data), "log", "list", "--from", "2020-01-01", "--to", "2030-12-31")
        assert listed.code == 0 and "kept entry" in listed.out
        fill_disk(disk, 16)
        one_plain_line(run_dutydesk("--data-dir", str(data), "log", "list"), "is full")


def test_report_onto_a_full_disk(tmp_path):
    data = tmp_path / "data"
    assert run_dutydesk("--data-dir", str(data), "setup", "--officer", "X").code == 0
    assert run_dutydesk("--data-dir", str(data), "log", "add", "an entry for the report").code == 0
    with small_disk(tmp_path / "usb", "16k") as usb:
        report = run_dutydesk("--data-dir", str(data), "report", "--from", "2020-01-01", "--to", "2030-12-31",
                              "-o", str(usb / "report.pdf"))
        one_plain_line(report, "full")
        assert list(usb.iterdir()) == []  # no report, no .part


# --- a compaction lease left by a killed process of this laptop ----------------------------
def test_own_leftover_compaction_lease_does_not_block(make_ctx, tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    ctx = make_ctx("a", "Ann")
    sync_service.sync_now(ctx, share)
    leftover = layout.acquire_lease(REAL, share, "compact", ctx.device_id)
    layout._HELD_HERE.discard(leftover.path.name)  # as if the process holding it had been killed
    assert leftover.path.exists()
    result = sync_service.compact(ctx, share)
    assert result["snapshot"].startswith("snap-")
    assert not leftover.path.exists()
