"""Helpers for the incident tests: a folder of shipped templates with a broken one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.incidents import templates
from app.resources import resource_path

BROKEN_SYNTAX = 'name = "Flood"\n\n[[steps]]\nkind = "check"\ntext = "Check the river gauges\n'
BROKEN_KIND = 'name = "Protest"\n\n[[steps]]\nkind = "check"\ntext = "Find out where"\n\n[[steps]]\nkind = "dance"\ntext = "Celebrate"\n'


@pytest.fixture
def template_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped templates plus two broken files, used instead of resources/incidents."""
    folder = tmp_path / "templates"
    shutil.copytree(resource_path("incidents"), folder)
    (folder / "zz-broken-syntax.toml").write_text(BROKEN_SYNTAX, encoding="utf-8")
    (folder / "zz-unknown-kind.toml").write_text(BROKEN_KIND, encoding="utf-8")
    monkeypatch.setattr(templates, "shipped_dir", lambda: folder)
    return folder
