"""``dutydesk subtitles transcribe|align|shots`` (registered under ``subtitles``).

Output files are written atomically after the whole job succeeded: a failed, cancelled or
refused run leaves no file and never touches an existing one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli.support import add_json_flag, print_items, print_json
from app.errors import DutyDeskError


def register_actions(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from app.subtitles.checks import profile_names

    p = sub.add_parser("transcribe", parents=[common],
                       help="automatic captions from a video's speech, offline (English)")
    p.add_argument("video", metavar="VIDEO")
    p.add_argument("-o", "--output", required=True, metavar="OUT.srt", help=".srt, .vtt, .ass or .ssa")
    p.add_argument("--model", metavar="NAME|DIR",
                   help="speech model: a CTranslate2 Whisper folder or a name (default: Settings folder, else tiny.en)")
    p.add_argument("--profile", choices=profile_names(), default="bbc", help="rules the cues must pass (default bbc)")
    p.add_argument("--glossary", metavar="FILE", help="extra team words: one a line, 'Term = mishearing; other'")
    p.add_argument("--no-snap", action="store_true", help="do not move cue edges to shot changes")
    add_json_flag(p)
    p.set_defaults(handler=_transcribe)

    p = sub.add_parser("align", parents=[common],
                       help="time a known script (text) or re-time a subtitle file to a video's speech")
    p.add_argument("video", metavar="VIDEO")
    p.add_argument("script", metavar="SCRIPT.txt", help="plain text, or .srt/.vtt/.ass to re-time its cues")
    p.add_argument("-o", "--output", required=True, metavar="OUT.srt")
    p.add_argument("--model", metavar="NAME|DIR", help=argparse.SUPPRESS)
    p.add_argument("--profile", choices=profile_names(), default="bbc")
    add_json_flag(p)
    p.set_defaults(handler=_align)

    p = sub.add_parser("glossary", parents=[common], help="the team's glossary for automatic captions (shared)")
    p.add_argument("glossary_action", choices=("list", "add", "remove"), metavar="list|add|remove")
    p.add_argument("term", nargs="?", metavar="TERM", help="the term to add, or the id or term to remove")
    p.add_argument("--kind", choices=("place", "person", "term"), default="term")
    p.add_argument("--heard-as", action="append", default=[], metavar="TEXT",
                   help="what the model writes instead (repeatable)")
    add_json_flag(p)
    p.set_defaults(handler=_glossary)

    p = sub.add_parser("shots", parents=[common], help="list shot changes (cuts) in a video")
    p.add_argument("video", metavar="VIDEO")
    p.add_argument("--threshold", type=float, default=0.3, help="scene score 0..1 above which a frame is a cut")
    add_json_flag(p)
    p.set_defaults(handler=_shots)


def _team_settings(args: argparse.Namespace) -> tuple[Any, str | None, Path | None]:
    """The team glossary and the Settings model folder, if this data folder is set up and free."""
    from app.captions.glossary import Glossary, team_glossary
    from app.captions.model_source import MODEL_DIR_SETTING
    from app.context import open_context
    from app.paths import database_path, resolve_data_dir
    from app.settings import device

    folder = resolve_data_dir(getattr(args, "data_dir", None))
    if not database_path(folder).is_file():
        return Glossary(), None, None
    try:
        ctx = open_context(folder)
    except DutyDeskError as exc:
        print(f"note: team glossary not used ({exc})", file=sys.stderr)
        return Glossary(), None, folder
    try:
        return team_glossary(ctx), device.get(ctx, MODEL_DIR_SETTING), folder
    finally:
        ctx.close()


class _Progress:
    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.step = -1

    def __call__(self, cues: list, position_s: float, duration_s: float) -> None:  # type: ignore[type-arg]
        step = int(10 * position_s / duration_s) if duration_s else 10
        if not self.quiet and step != self.step:
            self.step = step
            print(f"{min(100, step * 10):3d}%  {position_s:6.1f} s of {duration_s:.1f} s", file=sys.stderr)


class _DownloadProgress:
    """First use of a named model on a laptop with internet: megabytes on stderr (Ctrl+C cancels, nothing kept)."""

    def __init__(self) -> None:
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        step = done // (10 << 20)
        if step != self.shown:
            self.shown = step
            print(f"downloading the speech model: {done / (1 << 20):.0f} MB", file=sys.stderr)


def _transcribe(args: argparse.Namespace) -> int:
    from app.captions.glossary import load_glossary_file
    from app.captions.service import CaptionRequest, caption_video
    from app.subtitles import formats
    from app.subtitles.checks import load_profile

    formats.format_for(args.output)
    _require_folder(args.output)
    profile = load_profile(args.profile)
    glossary, settings_dir, data_dir = _team_settings(args)
    if args.glossary:
        glossary.terms.extend(load_glossary_file(args.glossary).terms)
    request = CaptionRequest(Path(args.video), profile, model=args.model, settings_dir=settings_dir,
                             data_dir=data_dir, glossary=glossary, snap_to_cuts=not args.no_snap)
    result = caption_video(request, on_cues=_Progress(args.json), on_download=_DownloadProgress())
    formats.save(result.cues, args.output)
    if args.json:
        print_json({**result.as_json(), "output": str(args.output)})
    else:
        unsure = len(result.low_confidence_words)
        print(f"Wrote {len(result.cues)} cues to {args.output} in {result.elapsed_s:.1f} s "
              f"({result.transcript.duration_s:.1f} s of video, model {result.transcript.model}); "
              f"{unsure} unsure word(s) to check.")
    return 0


def _align(args: argparse.Namespace) -> int:
    from app.captions.align import retime_cues, script_to_cues
    from app.captions.service import recognise_words
    from app.subtitles import formats
    from app.subtitles.checks import load_profile

    formats.format_for(args.output)
    _require_folder(args.output)
    profile = load_profile(args.profile)
    script = Path(args.script)
    as_subtitles = script.suffix.lower() in (".srt", ".vtt", ".ass", ".ssa", ".sub")
    if as_subtitles:
        existing = formats.load(script).cues
    else:
        text = _read_text(script)
    _, settings_dir, data_dir = _team_settings(args)
    words, duration_ms = recognise_words(Path(args.video), model=args.model, settings_dir=settings_dir, data_dir=data_dir)
    if as_subtitles:
        cues = retime_cues(existing, words, profile, duration_ms=duration_ms)
    else:
        cues = script_to_cues(text, words, profile, duration_ms=duration_ms)
    formats.save(cues, args.output)
    if args.json:
        print_json({"cues": [c.as_json() for c in cues], "words": [w.as_json() for w in words],
                    "duration_s": duration_ms / 1000, "output": str(args.output),
                    "mode": "retime" if as_subtitles else "script"})
    else:
        print(f"Wrote {len(cues)} cues timed to the speech to {args.output}.")
    return 0


def _glossary(args: argparse.Namespace) -> int:
    from app.captions.glossary import add_term, list_terms, remove_term
    from app.cli.support import cli_context
    from app.errors import NotFoundError, ValidationError

    with cli_context(args) as ctx:
        if args.glossary_action == "add":
            if not args.term:
                raise ValidationError("Give the term to add, e.g. dutydesk subtitles glossary add \"Market Street\".")
            term = add_term(ctx, args.term, args.kind, args.heard_as)
            if args.json:
                print_json(term.as_json())
            else:
                print(f"Added {term.term!r} to the team glossary.")
            return 0
        if args.glossary_action == "remove":
            wanted = (args.term or "").strip().lower()
            match = [t for t in list_terms(ctx) if wanted in (t.id.lower(), t.term.lower())]
            if not match:
                raise NotFoundError(f"{args.term!r} is not in the team glossary.")
            remove_term(ctx, match[0].id)
            print(f"Removed {match[0].term!r} from the team glossary.")
            return 0
        terms = list_terms(ctx)
    print_items(terms, as_json=args.json, empty="The team glossary is empty.",
                line=lambda t: f"{t.term}  [{t.kind}]" + (f"  (heard as: {'; '.join(t.mishearings)})" if t.mishearings else ""))
    return 0


def _shots(args: argparse.Namespace) -> int:
    from app.captions.shots import detect_shots

    shots = detect_shots(args.video, threshold=args.threshold)
    if args.json:
        print_json({"shots_ms": shots, "count": len(shots)})
    else:
        for ms in shots:
            print(f"{ms / 1000:9.3f} s")
        print(f"{len(shots)} shot change(s).")
    return 0


def _require_folder(output: str) -> None:
    from app.errors import ValidationError

    if not Path(output).absolute().parent.is_dir():
        raise ValidationError(f"The folder {Path(output).absolute().parent} does not exist; nothing was written.")


def _read_text(path: Path) -> str:
    from app.errors import ValidationError
    from app.subtitles.formats import decode

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"Cannot read the script {path}: {exc.strerror or exc}.") from None
    text, _ = decode(data, path.name)
    if not text.strip():
        raise ValidationError(f"The script {path.name} is empty: it needs the words that are spoken.")
    return text
