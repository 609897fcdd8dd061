"""The app opens a real window on a real X display (what ``make run`` does)."""

from __future__ import annotations

import os

import pytest

from tests.conftest import run_dutydesk


@pytest.mark.xvfb
@pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="needs an X display: make test runs under xvfb-run")
def test_window_opens_and_paints_on_x11(tmp_path):
    data = str(tmp_path / "data")
    assert run_dutydesk("--data-dir", data, "setup", "--officer", "X Officer").code == 0
    result = run_dutydesk(
        "--data-dir", data,
        env={"QT_QPA_PLATFORM": "xcb", "DUTYDESK_REPORT_FIRST_PAINT": "1", "DUTYDESK_QUIT_AFTER_PAINT": "300"},
        timeout=60,
    )
    assert result.code == 0, result.err[-2000:]
    assert "first-paint" in result.err
