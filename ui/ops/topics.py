"""Which coarse bus topic a changed table belongs to, for views that still listen by topic."""

from __future__ import annotations

from app.db.changes import Changes

TOPIC_OF_TABLE = {
    "contact": ("contacts",),
    "incident": ("incidents",), "incident_step": ("incidents",), "incident_template": ("incidents",),
    "log_entry": ("log",), "shift": ("log",), "handover_item": ("log",),
    "photo_export": ("photo",),
    "rota_shift": ("rota",), "rota_swap": ("rota",), "rota_leave": ("rota",), "rota_pattern": ("rota",),
    "officer": ("rota", "team"), "officer_merge": ("rota", "team"), "team_setting": ("team", "settings"),
    "device_setting": ("settings",),
    "subtitle_project": ("subtitles",),
}


def topics_for(changes: Changes) -> list[str]:
    """The topics ``changes`` touches, in a stable order (sync bookkeeping reports as "sync")."""
    found: list[str] = []
    for table in sorted(changes.tables):
        names = TOPIC_OF_TABLE.get(table, ("sync",) if table.startswith("sync_") else ())
        found.extend(t for t in names if t not in found)
    return found
