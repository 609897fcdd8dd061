"""``dutydesk subtitles check|convert|burn|attach`` (and projects for the window)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.support import add_json_flag, cli_context, print_json
from app.media.ffmpeg_run import Progress
from app.subtitles import formats

ORDER = 60


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from app.subtitles.checks import profile_names
    from app.subtitles.styles import AUTO, style_names

    top = subparsers.add_parser("subtitles", parents=[common], help="check, convert, burn in or attach video captions")
    sub = top.add_subparsers(dest="subtitles_command", metavar="ACTION", required=True)

    p = sub.add_parser("check", parents=[common], help="check cues against a reading-speed profile (exit 1 if any breaks a rule)")
    p.add_argument("file", metavar="FILE", help="SRT, WebVTT, ASS... file")
    p.add_argument("--profile", choices=profile_names(), default="bbc", help="rules to check against (default bbc)")
    p.add_argument("--no-spelling", action="store_true", help="skip the British English spell check")
    _encoding_option(p)
    add_json_flag(p)
    p.set_defaults(handler=_check)

    p = sub.add_parser("convert", parents=[common], help="convert a subtitle file (format by extension)")
    p.add_argument("input", metavar="IN")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help=".srt, .vtt, .ass or .ssa")
    _encoding_option(p)
    p.set_defaults(handler=_convert)

    p = sub.add_parser("burn", parents=[common], help="burn captions into a new H.264/AAC MP4 (progress on stderr)")
    p.add_argument("video", metavar="VIDEO")
    p.add_argument("subs", metavar="SUBS")
    p.add_argument("-o", "--output", required=True, metavar="OUT.mp4")
    p.add_argument("--style", choices=[AUTO, *style_names()], default=AUTO,
                   help="caption style (default auto: square or vertical preset from the video shape)")
    p.add_argument("--x264-preset", default="veryfast",
                   choices=("ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow"),
                   help="encoder speed/size trade-off (default veryfast)")
    p.add_argument("--print-command", action="store_true", help="print the ffmpeg command on stderr before running it")
    _encoding_option(p)
    p.add_argument("--shell", choices=["cmd", "powershell", "posix"],
                   help="with --print-command: the shell to print it for (default: cmd and PowerShell on Windows, posix elsewhere)")
    p.set_defaults(handler=_burn)

    p = sub.add_parser("attach", parents=[common], help="add captions as a soft track (mov_text in MP4, WebVTT in WebM)")
    p.add_argument("video", metavar="VIDEO")
    p.add_argument("subs", metavar="SUBS")
    p.add_argument("-o", "--output", required=True, metavar="OUT.mp4|OUT.webm")
    _encoding_option(p)
    p.set_defaults(handler=_attach)

    p = sub.add_parser("project", parents=[common], help="start a subtitling project for the window")
    p.add_argument("video", metavar="VIDEO")
    p.add_argument("subs", metavar="SUBS", nargs="?", help="subtitle file to start from")
    p.add_argument("--profile", choices=profile_names(), default="bbc")
    _encoding_option(p)
    add_json_flag(p)
    p.set_defaults(handler=_project)

    p = sub.add_parser("projects", parents=[common], help="list subtitling projects, newest first")
    add_json_flag(p)
    p.set_defaults(handler=_projects)

    from app.captions.cli import register_actions as register_caption_actions

    register_caption_actions(sub, common)


def _encoding_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--encoding", default=None, metavar="NAME",
                   help="the subtitle file's encoding, e.g. cp1250 (default: detected; a guess is reported)")


def _load(path: str, args: argparse.Namespace, fps: float | None = None) -> formats.SubtitleDoc:
    """Load, and say on stderr what the user should know: a guessed encoding, zero-length cues."""
    doc = formats.load(path, fps=fps, encoding=getattr(args, "encoding", None))
    name = Path(path).name
    if doc.encoding_note:
        print(f"note: {name}: {doc.encoding_note}", file=sys.stderr)
    for warning in doc.warnings:
        print(f"warning: {name}: {warning}", file=sys.stderr)
    return doc


def _check(args: argparse.Namespace) -> int:
    from app.subtitles.checks import check, load_profile

    doc = _load(args.file, args)
    profile = load_profile(args.profile)
    findings = check(doc.cues, profile, spell=not args.no_spelling)
    if args.json:
        print_json([f.as_json() for f in findings])
    else:
        for f in findings:
            print(f"cue {f.cue:>4}  {f.rule:<13} {f.message}")
        cues_hit = len({f.cue for f in findings})
        print(f"{len(doc.cues)} cues checked against {profile.label}: "
              + (f"{len(findings)} problem(s) in {cues_hit} cue(s)." if findings else "no problems."))
    return 1 if findings else 0


def _convert(args: argparse.Namespace) -> int:
    doc = _load(args.input, args)
    out = formats.save(doc.cues, args.output)
    print(f"Wrote {len(doc.cues)} cues to {out} (read as {doc.format.upper()}, {doc.encoding}).")
    return 0


class _ProgressPrinter:
    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last_step = -1

    def __call__(self, progress: Progress) -> None:
        if self.tty:
            sys.stderr.write("\r" + progress.describe().ljust(40))
            sys.stderr.flush()
            return
        step = int(progress.fraction * 10)
        if step != self.last_step:
            self.last_step = step
            sys.stderr.write(progress.describe().strip() + "\n")
            sys.stderr.flush()

    def finish(self) -> None:
        if self.tty:
            sys.stderr.write("\n")


def _burn(args: argparse.Namespace) -> int:
    from app.media.probe import require_video
    from app.subtitles.output import EncodeSettings, burn
    from app.subtitles.styles import load_style

    info = require_video(args.video)
    doc = _load(args.subs, args, fps=info.fps or None)
    style = load_style(args.style, info.aspect)
    printer = _ProgressPrinter()

    def on_plan(plan) -> None:  # type: ignore[no-untyped-def]
        for note in plan.notes:
            print(f"note: {note}", file=sys.stderr)
        if args.print_command:
            print(printable_command(plan.job, args.shell), file=sys.stderr)

    try:
        out = burn(args.video, doc.cues, style, args.output, settings=EncodeSettings(x264_preset=args.x264_preset),
                   on_progress=printer, on_plan=on_plan)
    finally:
        printer.finish()
    print(f"Burned {len(doc.cues)} cues ({style.name} style) into {out}.")
    return 0


def _attach(args: argparse.Namespace) -> int:
    from app.subtitles.output import attach

    doc = _load(args.subs, args)
    printer = _ProgressPrinter()
    try:
        out = attach(args.video, doc.cues, args.output, on_progress=printer)
    finally:
        printer.finish()
    print(f"Attached {len(doc.cues)} cues as a subtitle track to {out}.")
    return 0


def _project(args: argparse.Namespace) -> int:
    from app.media.probe import require_video
    from app.subtitles.projects import create_project

    info = require_video(args.video)
    cues = _load(args.subs, args, fps=info.fps or None).cues if args.subs else []
    with cli_context(args) as ctx:
        project = create_project(ctx, args.video, cues, profile=args.profile, media=info)
    if args.json:
        print_json(project.as_json())
    else:
        print(f"Started project {project.title!r} with {len(project.cues)} cues ({project.id}).")
    return 0


def _projects(args: argparse.Namespace) -> int:
    from app.subtitles.projects import list_projects

    with cli_context(args) as ctx:
        projects = list_projects(ctx)
    if args.json:
        print_json([p.as_json() for p in projects])
    else:
        for p in projects:
            print(f"{p.updated_at:%Y-%m-%d %H:%M}  {p.title:<30} {len(p.cues):>4} cues  {p.video_path}")
        if not projects:
            print("No subtitling projects yet.")
    return 0


def printable_command(job, shell: str | None) -> str:  # type: ignore[no-untyped-def]
    """One shell's text, or on Windows both cmd's and PowerShell's, each under a comment line."""
    from app.media.shell_text import default_shell

    if shell is not None:
        return job.command_text(shell)
    if default_shell() == "cmd":
        texts = job.command_texts()
        return f"REM Command Prompt (cmd):\n{texts['cmd']}\n# Windows PowerShell:\n{texts['powershell']}"
    return job.command_text("posix")
