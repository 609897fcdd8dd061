"""Shot changes (cuts) from ffmpeg's scene score, and cue edges snapped to them.

ffmpeg scores how different each frame is from the one before (0..1); frames above the
threshold are cuts, printed by ``showinfo`` with their time. The BBC guideline: a caption
should not hang over a cut by a few frames, so an end close to a cut moves to two frames
before it, and a start close to a cut moves onto it; a snap that would break the profile
(too short, overlapping) is not made.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from app.errors import ValidationError
from app.media.ffmpeg_run import FfmpegError, run_capture
from app.media.probe import MediaInfo, probe
from app.subtitles.checks import Profile
from app.subtitles.cues import Cue

THRESHOLD = 0.3
SNAP_FRAMES = 12  # an edge this close to a cut (in frames) is snapped
FRAMES_BEFORE_CUT = 2
_PTS = re.compile(r"\bpts_time:\s*([0-9.]+)")


def detect_shots(path: str | Path, *, threshold: float = THRESHOLD, info: MediaInfo | None = None) -> list[int]:
    """Times (ms) where a new shot begins, in order."""
    path = Path(path)
    info = info or probe(path)
    if not info.has_video:
        raise ValidationError(f"{path.name} has no picture, so it has no shot changes.")
    if not 0 < threshold < 1:
        raise ValidationError("The scene-change threshold is a number between 0 and 1, e.g. 0.3.")
    graph = f"select='gt(scene\\,{threshold:g})',showinfo"
    args = ["-i", str(path.absolute()), "-map", "0:v:0", "-an", "-sn", "-vf", graph, "-f", "null", "-"]
    result = run_capture(args, timeout=1800)
    log = result.stderr.decode("utf-8", "replace")
    if result.returncode != 0:
        tail = log.strip().splitlines()[-1:] or [""]
        raise FfmpegError(f"Could not look for shot changes in {path.name}: {tail[0]}")
    times = sorted({int(round(float(m.group(1)) * 1000)) for line in log.splitlines()
                    if "Parsed_showinfo" in line and (m := _PTS.search(line))})
    return [t for t in times if t > 0]


def frame_ms(fps: float | None) -> float:
    return 1000 / fps if fps and fps > 0 else 40.0


def snap_to_shots(cues: Sequence[Cue], shots_ms: Sequence[int], profile: Profile, fps: float | None = None,
                  *, fixed: int = 0) -> list[Cue]:
    """Cues with edges near a cut moved to it; others (and the first ``fixed``) unchanged."""
    if not shots_ms:
        return list(cues)
    frame = frame_ms(fps)
    window = SNAP_FRAMES * frame
    out = list(cues)
    for i, cue in enumerate(out):
        if i < fixed:
            continue
        start, end = cue.start_ms, cue.end_ms
        cut = _nearest(shots_ms, end)
        if cut is not None and abs(cut - end) <= window:
            end = int(round(cut - FRAMES_BEFORE_CUT * frame))
        cut = _nearest(shots_ms, start)
        if cut is not None and abs(cut - start) <= window:
            start = cut
        previous_end = out[i - 1].end_ms if i > 0 else 0
        next_start = cues[i + 1].start_ms if i + 1 < len(cues) else None
        if i > 0 and (start < previous_end or 0 < start - previous_end < profile.min_gap_ms):
            start = cue.start_ms
        if next_start is not None and (end > next_start or 0 < next_start - end < profile.min_gap_ms):
            end = cue.end_ms
        if end - start < profile.min_duration_ms or end <= start:
            continue
        if (end - start) < cue.duration_ms and cue.char_count * 1000 / (end - start) > profile.max_cps:
            end = cue.end_ms  # shortening would make it too fast to read
            if end - start < profile.min_duration_ms:
                continue
        out[i] = replace(cue, start_ms=start, end_ms=end)
    return out


def _nearest(points: Sequence[int], at: int) -> int | None:
    return min(points, key=lambda p: abs(p - at)) if points else None
