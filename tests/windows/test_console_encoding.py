"""CLI output redirected on a cp1252 Windows console: UTF-8, every command, no crash."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from app.cli import build_parser
from tests.conftest import REPO_ROOT, run_dutydesk

CP1252 = {"PYTHONIOENCODING": "cp1252", "PYTHONUTF8": "0", "DUTYDESK_TZ": "Europe/London"}
TEAM = "Alex Morgan,Bea Khan,Cal Reid,Dee Osei"


def test_log_json_with_emoji_and_rota_swap_arrows(tmp_path: Path) -> None:
    data = str(tmp_path / "data")

    def run(*args: str):  # type: ignore[no-untyped-def]
        result = run_dutydesk("--data-dir", data, *args, env=CP1252)
        assert result.code == 0, result.err
        assert "Traceback" not in result.err and "UnicodeEncodeError" not in result.err
        return result

    run("setup", "--officer", "Zoë Ward")
    run("shift", "start")
    run("log", "add", "Statement out 🚨 — Ünïcode ⇄ ok")
    entries = json.loads(run("log", "list", "--json").out)
    assert entries[0]["text"] == "Statement out 🚨 — Ünïcode ⇄ ok"
    assert "🚨" in run("log", "list").out
    run("rota", "officers", "--add", TEAM)
    run("rota", "apply", "four-week-out-of-hours", "--start", "2026-01-05", "--weeks", "1", "--officers", TEAM)
    shifts = json.loads(run("rota", "show", "--from", "2026-01-06", "--to", "2026-01-06", "--json").out)
    early = next(s for s in shifts if s["kind"] == "early")
    late = next(s for s in shifts if s["kind"] == "late")
    swapped = run("rota", "swap", early["id"], late["id"]).out
    assert "⇄" in swapped and "→" in swapped


def _every_command(parser) -> list[list[str]]:  # type: ignore[no-untyped-def]
    found: list[list[str]] = []

    def walk(p, prefix: list[str]) -> None:  # type: ignore[no-untyped-def]
        for action in p._actions:
            if action.__class__.__name__ == "_SubParsersAction":
                for name, sub in action.choices.items():
                    found.append([*prefix, name])
                    walk(sub, [*prefix, name])

    walk(parser, [])
    return found


def test_every_command_on_a_cp1252_stream(tmp_path: Path, monkeypatch) -> None:
    """Every command's help and a no-argument run, printed through a cp1252 stream."""
    from ui.entry import main

    commands = _every_command(build_parser())
    assert len(commands) > 30
    data = str(tmp_path / "data")
    for command in commands:
        for args in ([*command, "--help"], [*command]):
            raw = io.BytesIO()
            out = io.TextIOWrapper(raw, encoding="cp1252", errors="strict")
            err_raw = io.BytesIO()
            err = io.TextIOWrapper(err_raw, encoding="cp1252", errors="strict")
            monkeypatch.setattr(sys, "stdout", out)
            monkeypatch.setattr(sys, "stderr", err)
            try:
                main(["--data-dir", data, *args])
            except SystemExit:
                pass
            out.flush(), err.flush()
            raw.getvalue().decode("utf-8"), err_raw.getvalue().decode("utf-8")
            assert b"Traceback" not in err_raw.getvalue(), (args, err_raw.getvalue())


def test_windowed_build_has_no_streams(monkeypatch) -> None:
    from app.cli.console import use_utf8_output

    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    use_utf8_output()
    print("no console, no crash")
    assert sys.stdout is not None
    sys.stdout.close()


@pytest.mark.parametrize("stream", ["stdout", "stderr"])
def test_reconfigured_stream_is_utf8(stream: str, monkeypatch) -> None:
    from app.cli.console import use_utf8_output

    raw = io.BytesIO()
    monkeypatch.setattr(sys, stream, io.TextIOWrapper(raw, encoding="cp1252"))
    use_utf8_output()
    getattr(sys, stream).write("⇄ → 🚨")
    getattr(sys, stream).flush()
    assert raw.getvalue().decode("utf-8") == "⇄ → 🚨"
    assert REPO_ROOT.exists()
