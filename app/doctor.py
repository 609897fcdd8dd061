"""What works on this machine, and what does not, in plain words.

Reads the database read-only and takes no lock, so it also works while the app is
open. Probes that need Qt are handed in by the GUI layer (``extra_probes``).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from app import __version__
from app.db.migrate import head_revisions, read_revisions, schema_version_text
from app.errors import DutyDeskError
from app.captions.model_source import built_in_status
from app.media.ffmpeg_tools import ffmpeg_info
from app.paths import database_path, resolve_data_dir

Probe = Callable[[], tuple[str, dict[str, Any]]]


def collect(data_dir: str | Path | None, extra_probes: Iterable[Probe] = ()) -> dict[str, Any]:
    folder_problem = None
    try:
        folder = resolve_data_dir(data_dir)
    except DutyDeskError as exc:  # e.g. a link to a drive that is gone
        folder, folder_problem = Path(str(data_dir or "")).expanduser(), str(exc)
    if folder_problem is None and folder.exists() and not folder.is_dir():
        folder_problem = f"The data folder {folder} is a file, not a folder."
    report: dict[str, Any] = {"version": __version__, "data_dir": str(folder), "data_dir_problem": folder_problem}
    report.update(_database_section(folder))
    if folder_problem:
        report["data_dir_writable"] = False
    report["ffmpeg"] = ffmpeg_info().as_dict()
    report["speech_model"] = built_in_status()
    for probe in extra_probes:
        key, value = probe()
        report[key] = value
    report["share"] = _share_section(report.get("share_dir"))
    report["problems"] = problems(report)
    return report


def _database_section(folder: Path) -> dict[str, Any]:
    db = database_path(folder)
    section: dict[str, Any] = {
        "database": str(db),
        "schema_version": None,
        "schema_current": schema_version_text(head_revisions()),
        "data_dir_writable": _writable(folder),
        "officer": None,
        "device_id": None,
        "share_dir": None,
        "database_problem": None,
    }
    try:
        revisions = read_revisions(db)
    except DutyDeskError as exc:
        section["database_problem"] = str(exc)
        return section
    if not revisions:
        section["database_problem"] = "not set up yet: run 'dutydesk setup --officer NAME'"
        return section
    section["schema_version"] = schema_version_text(revisions)
    section.update(_identity(db))
    return section


def _identity(db: Path) -> dict[str, Any]:
    conn = sqlite3.connect(f"file:{db.as_posix()}?mode=ro", uri=True)
    try:
        device = conn.execute("SELECT device_id FROM device_state").fetchone()
        settings = dict(conn.execute("SELECT key, value FROM device_setting").fetchall())
    finally:
        conn.close()
    import json

    return {
        "device_id": device[0] if device else None,
        "officer": json.loads(settings["officer"]) if "officer" in settings else None,
        "share_dir": json.loads(settings["share_dir"]) if "share_dir" in settings else None,
    }


def _writable(folder: Path) -> bool:
    probe = folder if folder.exists() else folder.parent
    return probe.is_dir() and os.access(probe, os.W_OK)


def _share_section(share_dir: str | None) -> dict[str, Any]:
    if not share_dir:
        return {"path": None, "reachable": False, "writable": False, "detail": "no share folder set"}
    path = Path(share_dir)
    reachable = path.is_dir()
    return {
        "path": share_dir,
        "reachable": reachable,
        "writable": reachable and os.access(path, os.W_OK),
        "detail": "ok" if reachable else "the share folder cannot be reached (offline or VPN down?)",
    }


def problems(report: dict[str, Any]) -> list[str]:
    found: list[str] = []
    if report.get("data_dir_problem"):
        found.append(report["data_dir_problem"])
    if report.get("database_problem") and not report.get("data_dir_problem"):
        found.append(f"Database: {report['database_problem']}")
    if not report.get("data_dir_writable") and not report.get("data_dir_problem"):
        found.append(f"The data folder {report['data_dir']} is not writable.")
    ffmpeg = report["ffmpeg"]
    if not ffmpeg["path"]:
        found.append("ffmpeg is missing: video subtitling cannot burn or attach captions.")
    else:
        if not ffmpeg["subtitles_filter"]:
            found.append("This ffmpeg has no 'subtitles' filter (libass): burn-in is unavailable.")
        if not ffmpeg["libx264"]:
            found.append("This ffmpeg has no libx264 encoder: burned videos cannot be made as H.264.")
    speech = report.get("speech_model")
    if speech and not speech["ok"]:
        found.append(str(speech["problem"]))
    multimedia = report.get("qt_multimedia")
    if multimedia and not multimedia.get("available"):
        found.append(
            "Qt multimedia is unavailable: the subtitle editor shows still frames instead of "
            f"playing video ({multimedia.get('detail')})."
        )
    return found


def render_text(report: dict[str, Any]) -> str:
    ffmpeg = report["ffmpeg"]
    share = report["share"]
    lines = [
        f"Duty Desk {report['version']}",
        f"Data folder:   {report['data_dir']} ({'writable' if report['data_dir_writable'] else 'NOT writable'})",
        f"Database:      {report['database']} (schema {report['schema_version'] or 'none'})",
        f"Officer:       {report['officer'] or '(not set up)'}",
        f"Device id:     {report['device_id'] or '(not set up)'}",
        f"ffmpeg:        {ffmpeg['path'] or 'MISSING'} {ffmpeg['version'] or ''}".rstrip(),
        f"  subtitles filter: {'yes' if ffmpeg['subtitles_filter'] else 'no'}; "
        f"libx264: {'yes' if ffmpeg['libx264'] else 'no'}",
    ]
    if "speech_model" in report:
        speech = report["speech_model"]
        lines.append(f"Speech model:  {speech['name']} {'OK' if speech['ok'] else 'PROBLEM'} ({speech['path'] or 'missing'})")
    if "qt_multimedia" in report:
        qm = report["qt_multimedia"]
        lines.append(f"Qt multimedia: {'available' if qm['available'] else 'unavailable'} ({qm['detail']})")
    lines.append(f"Share folder:  {share['path'] or '(none)'}: {share['detail']}")
    if report["problems"]:
        lines.append("")
        lines.append("Problems:")
        lines.extend(f"  - {p}" for p in report["problems"])
    else:
        lines.append("")
        lines.append("Everything needed is in place.")
    return "\n".join(lines)
