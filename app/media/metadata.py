"""What a published video may carry: an allowlist, as for photos.

Phones write where a clip was shot in several places (QuickTime ``location`` keys,
ISO 6709 strings, the ``©xyz`` user-data atom, ``loci``), plus device make/model and
comments. ffmpeg copies all of it unless told otherwise, so every output we publish
starts from nothing: no global or per-stream metadata, no chapters, and only the
streams we map. What is put back is the allowlist: each track's language. Duration
is the media itself, and rotation travels as the stream's display matrix (side data,
not metadata) when the video is copied, or is applied to the pixels when it is
re-encoded, so both survive.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.media.probe import Stream

NO_LANGUAGE = {"", "und", "unk", "zxx"}


def allowlist_args(mapped: Sequence[Stream | None]) -> list[str]:
    """ffmpeg output options that drop all metadata except each stream's language.

    ``mapped`` lists the output streams in order; ``None`` for one whose metadata the
    caller sets itself (a subtitle track made by us)."""
    args = ["-map_metadata", "-1", "-map_chapters", "-1"]
    for index, stream in enumerate(mapped):
        args += [f"-map_metadata:s:{index}", "-1"]
        if stream is not None and stream.language.lower() not in NO_LANGUAGE:
            args += [f"-metadata:s:{index}", f"language={stream.language}"]
    return args
