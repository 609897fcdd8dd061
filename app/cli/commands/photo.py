"""photo presets | inspect | export | library."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.support import add_json_flag, cli_context, print_items, print_json
from app.errors import ValidationError
from app.paths import resolve_data_dir
from app.photo import export as photo_export
from app.photo import library, render
from app.photo.metadata import inspect
from app.photo.presets import Preset, find_presets, load_presets
from app.photo.recipe import Caption, Logo, Op, Recipe

ORDER = 60


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    photo = subparsers.add_parser("photo", parents=[common], help="make photos ready for each channel")
    sub = photo.add_subparsers(dest="photo_command", metavar="ACTION", required=True)

    p = sub.add_parser("presets", parents=[common], help="list the platform presets")
    add_json_flag(p)
    p.set_defaults(handler=_presets)

    p = sub.add_parser("inspect", parents=[common], help="show the metadata a photo carries, GPS first")
    p.add_argument("image", metavar="IMAGE")
    add_json_flag(p)
    p.set_defaults(handler=_inspect)

    p = sub.add_parser("export", parents=[common], help="export a photo to one or more presets, metadata stripped")
    p.add_argument("image", metavar="IMAGE")
    p.add_argument("--preset", action="append", required=True, metavar="NAME", help="preset name (repeat for several)")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="folder for the exported files")
    p.add_argument("--crop", metavar="x,y,w,h", help="area of the upright photo to use, in pixels; each preset "
                   "takes the largest centred frame of its shape inside it")
    p.add_argument("--alt-text", default="", metavar="TEXT", help="alt text, saved beside each file and in the library")
    p.add_argument("--logo", metavar="FILE", help="logo image placed bottom right")
    p.add_argument("--caption", metavar="TEXT", help="caption on a band at the bottom")
    p.add_argument("--keep-credit", action="store_true", help="keep the artist and copyright line")
    add_json_flag(p)
    p.set_defaults(handler=_export)

    p = sub.add_parser("library", parents=[common], help="list recent exports from the shared photo library")
    p.add_argument("--limit", type=int, default=20)
    add_json_flag(p)
    p.set_defaults(handler=_library)


def _team_folder(args: argparse.Namespace) -> Path | None:
    folder = resolve_data_dir(getattr(args, "data_dir", None))
    return folder if folder.is_dir() else None


def _presets(args: argparse.Namespace) -> int:
    presets = load_presets(_team_folder(args))
    print_items(presets, as_json=args.json, line=_preset_line)
    return 0


def _preset_line(p: Preset) -> str:
    limit = f"  (max {p.max_bytes / 1_000_000:g} MB)" if p.max_bytes else ""
    return f"{p.name:<20} {p.width:>5} x {p.height:<5} {p.label}{limit}"


def _inspect(args: argparse.Namespace) -> int:
    info = inspect(args.image)
    if args.json:
        print_json(info.as_json())
        return 0
    print(f"{Path(info.path).name}: {info.format}, {info.size[0]} x {info.size[1]}, orientation {info.orientation}")
    if info.has_gps:
        where = f" at {info.gps[0]:.5f}, {info.gps[1]:.5f}" if info.gps else ""
        print(f"WARNING: carries a GPS location{where}. Exports remove it.")
    print("Metadata present: " + (", ".join(info.metadata) if info.metadata else "none"))
    for group, name, value in info.details:
        print(f"  {group:<9} {name:<22} {value}")
    return 0


def parse_crop(text: str, size: tuple[int, int]) -> tuple[float, float, float, float]:
    try:
        x, y, w, h = (int(v) for v in text.split(","))
    except ValueError:
        raise ValidationError(f"--crop must be four whole numbers x,y,w,h in pixels, not {text!r}.") from None
    if w <= 0 or h <= 0 or x < 0 or y < 0 or x + w > size[0] or y + h > size[1]:
        raise ValidationError(f"--crop {text} does not fit inside the photo ({size[0]} x {size[1]}).")
    return (x / size[0], y / size[1], w / size[0], h / size[1])


def fit_inside(area: tuple[float, float, float, float], size: tuple[int, int], preset: Preset):  # type: ignore[no-untyped-def]
    """The largest centred frame of the preset's shape inside ``area`` (fractions)."""
    ax, ay, aw, ah = area
    pixels = (max(1, round(aw * size[0])), max(1, round(ah * size[1])))
    fx, fy, fw, fh = render.default_crop(pixels, preset.aspect)
    return (ax + fx * aw, ay + fy * ah, fw * aw, fh * ah)


def build_recipe(args: argparse.Namespace, presets: list[Preset], size: tuple[int, int]) -> Recipe:
    recipe = Recipe()
    if args.crop:
        area = parse_crop(args.crop, size)
        for preset in presets:
            recipe = recipe.add(Op("crop", (preset.name, fit_inside(area, size, preset))))
    if args.logo:
        recipe = recipe.add(Op("logo", Logo(str(Path(args.logo).resolve()))))
    if args.caption:
        recipe = recipe.add(Op("caption", Caption(args.caption)))
    return recipe


def _export(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        presets = find_presets(args.preset, ctx.data_dir)
        source = Path(args.image)
        info = inspect(source)
        recipe = build_recipe(args, presets, info.size)
        results = photo_export.export_photo(
            source, recipe, presets, args.output, alt_text=args.alt_text, keep_credit=args.keep_credit
        )
        library.record_exports(ctx, source, results, photo_export.check_alt_text(args.alt_text))
    if args.json:
        print_json([
            {"preset": r.preset, "path": str(r.path), "width": r.width, "height": r.height, "bytes": r.bytes,
             "alt_text_path": str(r.alt_path) if r.alt_path else None}
            for r in results
        ])
        return 0
    for r in results:
        print(r.path)
    return 0


def _library(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        entries = library.recent_exports(ctx, limit=max(1, args.limit))
    print_items(entries, as_json=args.json, line=_export_line)
    return 0


def _export_line(e: library.LibraryEntry) -> str:
    when = e.exported_at.astimezone().strftime("%d %b %H:%M")
    alt = f"\n{'':19}alt: {e.alt_text}" if e.alt_text else ""
    return f"{when}  {e.officer:<16} {e.preset:<20} {Path(e.file_path).name}{alt}"
