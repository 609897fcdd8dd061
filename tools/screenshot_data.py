"""Realistic demo data for the view screenshots: a team of twelve with eight weeks of rota and
some leave, a running shift with a dozen log entries, an incident forty minutes old with its
intake and facts filled (so its update is overdue), a contact list, a video with captions, a
photo, and a shared folder with one conflict from a second laptop waiting to be resolved.

Used by ``tools/view_screenshots.py``; every write goes through the core services."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from typing import Any

TEAM = [("Alex Morgan", "Duty manager", 37.5), ("Bea Khan", "Press officer", 37.5),
        ("Cal Reid", "Press officer", 30), ("Dee Osei", "Digital officer", 22.5),
        ("Eli Novak", "Press officer", 37.5), ("Fay Lindqvist-Okafor", "Senior press officer", 37.5),
        ("Gus Patel", "Digital officer", 30), ("Hana Ito", "Press officer", 37.5),
        ("Ivo Brennan", "Duty manager", 37.5), ("Jo Adeyemi", "Press officer", 22.5),
        ("Kit Marsh", "Digital officer", 37.5), ("Lou Fernández", "Press officer", 30)]
CUES = [(800, 3600, "Good evening. This is an update\non flooding in Westfield."),
        (3900, 6900, "The River Wend has risen quickly\nafter heavy rain this afternoon."),
        (7100, 8200, "Please stay away from the riverside path and the footbridge."),
        (8500, 11600, "A rest centre is open at\nWestfield Leisure Centre."),
        (11900, 14900, "Check the color-coded map on\nour website before you travel."),
        (15200, 18400, "If life is at risk, call 999.")]
LOG = [("post", "x", "Posted flood warning for Westfield with the map link"),
       ("reply", "facebook", "Replied to 14 comments asking about the footbridge closure"),
       ("enquiry", "phone", "Westfield Gazette asked for a statement on the rest centre; promised by 19:30"),
       ("escalation", "phone", "Called the duty manager about a resident's video of water in the underpass"),
       ("post", "instagram", "Story: sandbag collection points (3 slides)"),
       ("note", None, "Highways confirm the A41 slip road is closed until further notice"),
       ("welfare", None, "Check-in: fine, taking a 10-minute break"),
       ("reply", "x", "Corrected a reply that gave the old rest-centre address"),
       ("post", "website", "News page updated: road closures and rest centre"),
       ("enquiry", "email", "BBC Look East asked for an interview with the cabinet member")]


def make_video(path: Path) -> Path:
    from app.media.ffmpeg_tools import require_ffmpeg

    subprocess.run([require_ffmpeg(), "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
                    "-f", "lavfi", "-i", "testsrc=size=1280x720:rate=25:duration=20",
                    "-f", "lavfi", "-i", "sine=frequency=440:duration=20", "-c:a", "aac",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(path)],
                   check=True, capture_output=True)
    return path


def make_photo(path: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1800, 1200), (90, 130, 170))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 760, 1800, 1200), fill=(70, 110, 60))
    draw.rectangle((300, 420, 900, 800), fill=(180, 160, 140))
    draw.polygon([(260, 420), (600, 200), (940, 420)], fill=(120, 60, 50))
    draw.ellipse((1350, 120, 1550, 320), fill=(250, 220, 120))
    image.save(path, quality=88)
    return path


def seed_team(ctx: Any) -> None:
    from app.rota import service as rota
    from app.team import service as team

    for name, role, hours in TEAM:
        team.ensure_officer(ctx, name)
        team.update_details(ctx, name, role=role, contracted_hours=hours)
    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday())
    names = [name for name, _role, _hours in TEAM]
    rota.apply_pattern(ctx, "four-week-out-of-hours", start=monday, weeks=4, officers=names[:4])
    rota.apply_pattern(ctx, "four-week-out-of-hours", start=monday + dt.timedelta(weeks=4), weeks=4,
                       officers=names[4:8])
    rota.add_leave(ctx, names[1], monday + dt.timedelta(days=9), monday + dt.timedelta(days=13), "annual")
    rota.add_leave(ctx, names[9], monday + dt.timedelta(days=2), monday + dt.timedelta(days=3), "sick")


def seed_shift(ctx: Any) -> None:
    from app.db.base import utcnow
    from app.shiftlog import service as shiftlog

    start = utcnow() - dt.timedelta(hours=3)
    shiftlog.start_shift(ctx, at=start)
    for n, (category, channel, text) in enumerate(LOG):
        shiftlog.add_entry(ctx, text, category=category, channel=channel,
                           event_at=start + dt.timedelta(minutes=10 + 12 * n),
                           is_open=category == "enquiry")


def seed_incident(ctx: Any) -> None:
    from app.contacts.service import add_contact
    from app.db.base import utcnow
    from app.incidents import facts
    from app.incidents.service import complete_step, start_incident

    add_contact(ctx, "Dana Lead", role="Duty lead", phones=["07700 900111"])
    add_contact(ctx, "Hana Head", role="Head of communications", phones=["07700 900222"], email="hana@example.org")
    add_contact(ctx, "Environment Agency press desk", role="Partner", phones=["0800 807060"])
    began = utcnow() - dt.timedelta(minutes=40)
    incident = start_incident(ctx, "severe-weather-transport", "Flooding in Westfield: River Wend over its banks",
                              at=began)
    facts.record_intake(ctx, incident.id, at=began + dt.timedelta(minutes=2), what="River Wend over its banks",
                        where="Westfield, riverside path and footbridge", when_text="Since about 16:00",
                        comms_lead="Sam Night", sources="Environment Agency, fire control")
    facts.add_fact(ctx, incident.id, "The footbridge is closed", "Fire control", state="confirmed",
                   at=began + dt.timedelta(minutes=5))
    facts.add_fact(ctx, incident.id, "A rest centre is open at Westfield Leisure Centre", "Emergency planning",
                   at=began + dt.timedelta(minutes=8))
    complete_step(ctx, incident.id, 1, note="Met Office amber warning; EA flood warning for the Wend",
                  at=began + dt.timedelta(minutes=3))
    timer = next(s for s in incident.steps if s.kind == "timer")
    complete_step(ctx, incident.id, timer.no, at=began + dt.timedelta(minutes=4))  # its update is now overdue


def seed_media(ctx: Any, folder: Path) -> tuple[Path, Path]:
    from app.media.probe import probe
    from app.subtitles import projects
    from app.subtitles.cues import Cue

    video = make_video(folder / "Flood update 23 Nov.mp4")
    project = projects.create_project(ctx, video, media=probe(video))
    projects.save_project(ctx, project.id, cues=[Cue(a, b, t) for a, b, t in CUES], playhead_ms=12_600)
    return video, make_photo(folder / "Sandbags at Westfield.jpg")


def seed_conflict(ctx: Any, folder: Path) -> None:
    """A second laptop and ours change the same contact's number between two rounds."""
    from app.context import open_context
    from app.contacts import service as contacts
    from app.settings import device
    from app.setup import setup
    from app.sync.service import sync_now

    share = folder / "share"
    share.mkdir()
    device.set_many(ctx, {device.SHARE_DIR: str(share)})
    sync_now(ctx, share)
    other = open_context(folder / "laptop-2")
    try:
        setup(other, officer="Bea Khan", share=str(share))
        sync_now(other, share)
        lead = next(c for c in contacts.list_contacts(ctx) if c.name == "Dana Lead")
        contacts.update_contact(ctx, lead.id, name=lead.name, role=lead.role, phones=["07700 900333"])
        contacts.update_contact(other, lead.id, name=lead.name, role=lead.role, phones=["07700 900444"])
        sync_now(other, share)
        sync_now(ctx, share)
    finally:
        other.close()


def seed(ctx: Any, folder: Path) -> tuple[Path, Path]:
    seed_team(ctx)
    seed_shift(ctx)
    seed_incident(ctx)
    seed_conflict(ctx, folder)
    return seed_media(ctx, folder)
