"""Duties of the application: timers that do work live in one place, not in widgets."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from app.db.base import utcnow
from app.incidents import service as incidents
from ui.overdue_banner import OverdueBanner


def _overdue_incident(ctx):  # type: ignore[no-untyped-def]
    """A data breach whose hourly update was last due half an hour ago."""
    now = utcnow()
    incident = incidents.start_incident(ctx, "data-breach", "Payroll file emailed to a supplier", at=now - dt.timedelta(hours=2))
    timer = next(s for s in incident.steps if s.kind == "timer")
    incidents.complete_step(ctx, incident.id, timer.no, at=now - dt.timedelta(minutes=90))
    return incident, timer


def test_an_overdue_update_shows_a_banner_in_every_view_until_posted(qtbot, main_window, ctx) -> None:
    banner = main_window.findChild(OverdueBanner)
    incident, timer = _overdue_incident(ctx)
    main_window.duties.incidents.reload()  # (a sync round or another window would announce it)
    qtbot.waitUntil(banner.isVisible, timeout=10_000)
    assert "Payroll file emailed to a supplier" in banner.text.text() and timer.text in banner.text.text()
    for key in ("rota", "log", "photo", "settings"):
        main_window.show_view(key)
        assert banner.isVisible(), key
        assert banner.geometry().top() <= main_window.stack.geometry().top()  # across the top, above the view
    qtbot.mouseClick(banner.go, Qt.MouseButton.LeftButton)
    assert main_window.current_key == "incidents"
    main_window.shell.ops.write(parent=main_window, op=lambda c: incidents.record_update(
        c, incident.id, timer.no, "Checked with the DPO: no change")).run()
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=10_000)  # dealt with: the change reloads the duty


def test_status_bar_labels_own_no_timers(main_window) -> None:
    from PySide6.QtCore import QTimer

    for segment in main_window.status_segments:
        assert segment.findChildren(QTimer) == [], segment.objectName()
    duties = main_window.duties
    assert duties.welfare_timer.isActive() and duties.sync._started and duties.incidents.timer.isActive()
