"""build.spec makes a console-free window and a console CLI in one bundle, with the native
libraries of OR-Tools and pillow-heif collected (checked without running PyInstaller)."""

from __future__ import annotations

import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import REPO_ROOT

HOOKS = REPO_ROOT / "tools" / "pyinstaller_hooks"


def _spec_objects() -> dict[str, list[SimpleNamespace]]:
    made: dict[str, list[SimpleNamespace]] = {"Analysis": [], "EXE": [], "COLLECT": [], "PYZ": []}

    def recorder(kind: str):  # type: ignore[no-untyped-def]
        def make(*args, **kwargs):  # type: ignore[no-untyped-def]
            obj = SimpleNamespace(**{"scripts": ["script"], "pure": [], "binaries": [], "datas": [], **kwargs, "args": args})
            made[kind].append(obj)
            return obj
        return make

    globals_ = {kind: recorder(kind) for kind in made}
    source = (REPO_ROOT / "build.spec").read_text(encoding="utf-8")
    import os

    cwd = os.getcwd()
    os.chdir(REPO_ROOT)
    try:
        exec(compile(source, "build.spec", "exec"), globals_)  # noqa: S102 - our own spec file
    finally:
        os.chdir(cwd)
    return made


def test_windowed_gui_and_console_cli_in_one_bundle() -> None:
    made = _spec_objects()
    exes = {e.name: e for e in made["EXE"]}
    assert exes["dutydesk-gui"].console is False
    assert exes["dutydesk"].console is True
    (collect,) = made["COLLECT"]
    assert exes["dutydesk"] in collect.args and exes["dutydesk-gui"] in collect.args and collect.name == "dutydesk"
    (analysis,) = made["Analysis"]
    assert str(HOOKS.relative_to(REPO_ROOT)) in analysis.hookspath


def test_gui_executable_name_opens_the_window(monkeypatch) -> None:
    import sys

    from ui import entry

    called = []
    monkeypatch.setattr(entry, "gui_main", lambda: called.append("gui") or 0)
    monkeypatch.setattr(entry, "main", lambda argv=None: called.append("cli") or 0)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    for exe, expected in (("C:/Program Files/Duty Desk/dutydesk-gui.exe", "gui"), ("C:/x/dutydesk.exe", "cli")):
        monkeypatch.setattr(sys, "executable", exe)
        with pytest.raises(SystemExit):
            runpy.run_module("ui.__main__", run_name="__main__")
        assert called[-1] == expected


@pytest.mark.parametrize("hook,libs_dir", [("hook-ortools.py", "ortools.libs"), ("hook-pillow_heif.py", "pillow_heif.libs")])
def test_hooks_collect_the_native_libraries(hook: str, libs_dir: str) -> None:
    import importlib.util

    package = hook.removeprefix("hook-").removesuffix(".py")
    spec = importlib.util.find_spec(package)
    assert spec is not None and spec.origin
    site = Path(spec.origin).parent.parent
    shipped = {p.name for p in (site / libs_dir).iterdir()} if (site / libs_dir).is_dir() else set()
    found = runpy.run_path(str(HOOKS / hook))
    collected = {Path(src).name for src, _dest in found["binaries"]}
    assert shipped, f"{libs_dir} not found: the wheel layout changed"
    assert shipped <= collected  # every shipped native library goes into the bundle
