"""Shared fixtures: every test gets its own real data folder and SQLite file."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DUTYDESK_TZ", "Europe/London")
os.environ.pop("DUTYDESK_DATA_DIR", None)

import pytest  # noqa: E402

from app.context import AppContext, open_context  # noqa: E402
from app.setup import setup  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def no_writes_on_the_gui_thread() -> Iterator[None]:
    """Every test: a write reached from ui/ code on the GUI thread fails it (ui.ops.guard)."""
    from ui.ops import guard

    guard.enable()
    yield
    guard.disable()


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def make_ctx(tmp_path: Path) -> Iterator[Callable[..., AppContext]]:
    """Open (and later close) contexts on named data folders, e.g. several laptops."""
    opened: list[AppContext] = []

    def _make(name: str = "data", officer: str | None = "Test Officer", **kwargs: object) -> AppContext:
        ctx = open_context(tmp_path / name, **kwargs)  # type: ignore[arg-type]
        if officer:
            setup(ctx, officer=officer)
        opened.append(ctx)
        return ctx

    yield _make
    for ctx in opened:
        ctx.close()


@pytest.fixture
def ctx(make_ctx: Callable[..., AppContext]) -> AppContext:
    return make_ctx("data")


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Callable[..., CliResult]:
    """Run ``dutydesk`` in this process on the test's data folder (no ctx fixture at once:
    the data-folder lock would refuse, as it should)."""
    from ui.entry import main

    def _run(*args: str, data: Path | None = None) -> CliResult:
        capsys.readouterr()
        code = main(["--data-dir", str(data or data_dir), *args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return _run


def run_dutydesk(*args: str, timeout: float = 120, env: dict[str, str] | None = None) -> CliResult:
    """Run ``dutydesk`` as a real separate process (``python -m ui``)."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), **(env or {})}
    result = subprocess.run(
        [sys.executable, "-m", "ui", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
        cwd=REPO_ROOT,
        check=False,
    )
    return CliResult(result.returncode, result.stdout, result.stderr)


def without_root_override() -> list[str] | None:
    """A command prefix under which permission bits apply even to root (tests run as root
    in CI): drop the capabilities that bypass them. [] when not root; None if impossible."""
    import shutil

    if os.name != "posix" or os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        return None
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}"]


def dutydesk_command(*args: str) -> list[str]:
    """The argument list that runs ``dutydesk`` from this checkout in a new process."""
    return ["env", f"PYTHONPATH={REPO_ROOT}", "PYTHONDONTWRITEBYTECODE=1", sys.executable, "-m", "ui", *args]


@pytest.fixture
def main_window(qtbot, ctx: AppContext):  # type: ignore[no-untyped-def]
    """The real main window over a real database, shown offscreen."""
    from ui.application import build_window

    window = build_window(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.shell.wait(10_000)
