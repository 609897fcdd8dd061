"""Burning captions into a new video, or attaching them as a soft track, with ffmpeg.

ffmpeg runs with its working folder set to a private temporary folder that holds
``subs.ass`` (or ``subs.srt``/``subs.vtt``) and a copy of the bundled fonts, so the
``subtitles`` filter only ever sees plain relative names: video and output paths with
spaces, quotes, colons or non-ASCII letters are passed as separate arguments and never
need filter escaping. The original video is only read.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.errors import ValidationError
from app.files import names
from app.media.ffmpeg_run import OUTPUT, CancelToken, FfmpegJob, Progress, run_capture
from app.media.metadata import allowlist_args
from app.media.probe import MediaInfo, Stream, require_video
from app.resources import resource_path
from app.subtitles import formats
from app.subtitles.cues import Cue, require_cues
from app.subtitles.styles import BurnStyle

SUBS_NAME = "subs.ass"
FONTS_NAME = "fonts"
BURN_SUFFIXES = (".mp4", ".m4v", ".mov")
ATTACH_SUFFIXES = (".mp4", ".m4v", ".mov", ".webm")
MP4_VIDEO_COPY = {"h264", "hevc", "mpeg4", "av1"}
MP4_AUDIO_COPY = {"aac", "mp3", "alac", "ac3", "eac3"}
WEBM_VIDEO_COPY = {"vp8", "vp9", "av1"}
WEBM_AUDIO_COPY = {"opus", "vorbis"}


@dataclass(frozen=True)
class EncodeSettings:
    """H.264/AAC settings most platforms accept as they are."""

    x264_preset: str = "veryfast"
    crf: int = 20
    audio_bitrate: str = "160k"

    def video_args(self) -> list[str]:
        return ["-c:v", "libx264", "-preset", self.x264_preset, "-crf", str(self.crf), "-pix_fmt", "yuv420p"]

    def audio_args(self) -> list[str]:
        return ["-c:a", "aac", "-b:a", self.audio_bitrate]


def _check_output(video: Path, output: Path, suffixes: Sequence[str], what: str) -> Path:
    output = Path(output).expanduser().absolute()
    if output.suffix.lower() not in suffixes:
        raise ValidationError(f"{what} must be written to a {' or '.join(suffixes)} file, not {output.name!r}.")
    if (output.exists() and output.resolve() == Path(video).resolve()) or names.same_name_ignoring_case(
        output.parent.resolve() / output.name, Path(video).absolute().parent.resolve() / Path(video).name
    ):
        raise ValidationError(
            f"The output {output.name!r} is the original video's name (Windows and shared drives ignore "
            "upper/lower case): choose a new name. Duty Desk never overwrites the original video."
        )
    if not output.parent.is_dir():
        raise ValidationError(f"The folder {output.parent} does not exist.")
    return output


def prepare_workdir(folder: Path, cues: Sequence[Cue], style: BurnStyle, info: MediaInfo) -> None:
    """Write the styled ASS file and the fonts the filter needs into ``folder``."""
    ssa_style = style.to_ssa(info.width, info.height)
    text = formats.dumps(cues, "ass", style=ssa_style, play_res=(info.width, info.height))
    (folder / SUBS_NAME).write_text(text, encoding="utf-8")
    fonts = folder / FONTS_NAME
    fonts.mkdir(exist_ok=True)
    for font in resource_path("fonts").glob("*.ttf"):
        target = fonts / font.name
        if not target.exists():
            shutil.copyfile(font, target)


def burn_filter(info: MediaInfo) -> str:
    chain = f"subtitles={SUBS_NAME}:fontsdir={FONTS_NAME}"
    if info.width % 2 or info.height % 2:  # H.264 4:2:0 needs even sizes
        chain += ",scale=trunc(iw/2)*2:trunc(ih/2)*2"
    return chain


def burn_args(video: Path, info: MediaInfo, settings: EncodeSettings) -> list[str]:
    args = ["-i", str(Path(video).absolute()), "-map", "0:v:0"]
    if info.has_audio:
        args += ["-map", "0:a:0"]
    args += ["-vf", burn_filter(info), *settings.video_args()]
    if info.has_audio:
        args += settings.audio_args()
    args += allowlist_args(_mapped_sources(info))  # no location, device or comment reaches the output
    args += ["-movflags", "+faststart", "-sn", OUTPUT]
    return args


def _mapped_sources(info: MediaInfo) -> list[Stream | None]:
    """The source streams behind our outputs: first video, then first audio if any."""
    mapped: list[Stream | None] = [info.streams_of("video")[0]]
    if info.has_audio:
        mapped.append(info.streams_of("audio")[0])
    return mapped


@dataclass
class BurnJob:
    """A prepared burn: ``job.command_text()`` is what runs (in ``workdir``)."""

    job: FfmpegJob
    workdir: Path
    info: MediaInfo
    notes: list[str]


def plan_burn(
    video: str | Path,
    cues: Sequence[Cue],
    style: BurnStyle,
    output: str | Path,
    workdir: Path,
    settings: EncodeSettings = EncodeSettings(),
    info: MediaInfo | None = None,
) -> BurnJob:
    video = Path(video)
    require_cues(cues)
    info = info or require_video(video)
    output = _check_output(video, Path(output), BURN_SUFFIXES, "A burned-in video")
    prepare_workdir(workdir, cues, style, info)
    notes = [] if info.has_audio else ["The video has no sound track; the captioned copy is silent too."]
    job = FfmpegJob(burn_args(video, info, settings), output, info.duration_s, cwd=workdir)
    return BurnJob(job, workdir, info, notes)


def burn(
    video: str | Path,
    cues: Sequence[Cue],
    style: BurnStyle,
    output: str | Path,
    *,
    settings: EncodeSettings = EncodeSettings(),
    on_progress: Callable[[Progress], None] | None = None,
    cancel: CancelToken | None = None,
    on_plan: Callable[[BurnJob], None] | None = None,
) -> Path:
    with tempfile.TemporaryDirectory(prefix="dutydesk-burn-") as tmp:
        plan = plan_burn(video, cues, style, output, Path(tmp), settings)
        if on_plan is not None:
            on_plan(plan)
        return plan.job.run(on_progress, cancel)


def command_for_copy(video: str | Path, cues: Sequence[Cue], style: BurnStyle, output: str | Path,
                     settings: EncodeSettings = EncodeSettings(), shell: str | None = None) -> str:
    """The burn command for pasting into a terminal; its folder (with subs.ass and the
    fonts) is kept in the temp folder so the command works as copied."""
    folder = Path(tempfile.mkdtemp(prefix="dutydesk-burn-command-"))
    plan = plan_burn(video, cues, style, output, folder, settings)
    return plan.job.command_text(shell)


# -- soft track ----------------------------------------------------------------------


def attach_args(video: Path, info: MediaInfo, subs_name: str, webm: bool, settings: EncodeSettings) -> list[str]:
    args = ["-i", str(Path(video).absolute()), "-i", subs_name, "-map", "0:v:0"]
    if info.has_audio:
        args += ["-map", "0:a:0"]
    args += ["-map", "1:0"]
    vcodec = info.streams_of("video")[0].codec
    acodec = info.streams_of("audio")[0].codec if info.has_audio else ""
    if webm:
        args += ["-c:v", "copy"] if vcodec in WEBM_VIDEO_COPY else [
            "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "0", "-crf", "32", "-row-mt", "1"]
        if info.has_audio:
            args += ["-c:a", "copy"] if acodec in WEBM_AUDIO_COPY else ["-c:a", "libopus", "-b:a", "128k"]
        args += ["-c:s", "webvtt"]
    else:
        args += ["-c:v", "copy"] if vcodec in MP4_VIDEO_COPY else settings.video_args()
        if info.has_audio:
            args += ["-c:a", "copy"] if acodec in MP4_AUDIO_COPY else settings.audio_args()
        args += ["-c:s", "mov_text", "-movflags", "+faststart"]
    args += allowlist_args([*_mapped_sources(info), None])
    args += ["-metadata:s:s:0", "language=eng", "-metadata:s:s:0", "title=English", "-disposition:s:0", "default", OUTPUT]
    return args


def plan_attach(video: str | Path, cues: Sequence[Cue], output: str | Path, workdir: Path,
                settings: EncodeSettings = EncodeSettings(), info: MediaInfo | None = None) -> FfmpegJob:
    video = Path(video)
    require_cues(cues)
    info = info or require_video(video)
    output = _check_output(video, Path(output), ATTACH_SUFFIXES, "A video with a subtitle track")
    webm = output.suffix.lower() == ".webm"
    subs_name = "subs.vtt" if webm else "subs.srt"
    (workdir / subs_name).write_text(formats.dumps(cues, "vtt" if webm else "srt"), encoding="utf-8")
    return FfmpegJob(attach_args(video, info, subs_name, webm, settings), output, info.duration_s, cwd=workdir)


def attach(
    video: str | Path,
    cues: Sequence[Cue],
    output: str | Path,
    *,
    on_progress: Callable[[Progress], None] | None = None,
    cancel: CancelToken | None = None,
    on_plan: Callable[[FfmpegJob], None] | None = None,
) -> Path:
    with tempfile.TemporaryDirectory(prefix="dutydesk-attach-") as tmp:
        job = plan_attach(video, cues, output, Path(tmp))
        if on_plan is not None:
            on_plan(job)
        return job.run(on_progress, cancel)


# -- still frames (preview without Qt multimedia, style preview) ----------------------


def frame_png(video: str | Path, at_ms: int, *, cues: Sequence[Cue] = (), style: BurnStyle | None = None,
              info: MediaInfo | None = None, max_width: int | None = None) -> bytes:
    """One frame at ``at_ms`` as PNG bytes; with ``cues`` and ``style`` the captions are
    drawn exactly as the burn would draw them."""
    video = Path(video)
    seek = max(0, at_ms) / 1000
    with tempfile.TemporaryDirectory(prefix="dutydesk-frame-") as tmp:
        filters = []
        args = ["-ss", f"{seek:.3f}", "-i", str(video.absolute())]
        if cues and style is not None:
            info = info or require_video(video)
            prepare_workdir(Path(tmp), cues, style, info)
            # after an input seek, frame timestamps restart at 0: shift captions to match
            filters.append(f"setpts=PTS+{seek:.3f}/TB,subtitles={SUBS_NAME}:fontsdir={FONTS_NAME}")
        if max_width:
            filters.append(f"scale='min({max_width},iw)':-2")
        if filters:
            args += ["-vf", ",".join(filters)]
        args += ["-frames:v", "1", "-an", "-sn", "-f", "image2pipe", "-c:v", "png", "pipe:1"]
        result = run_capture(args, cwd=Path(tmp), timeout=60)
    if result.returncode != 0 or not result.stdout:
        tail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no frame"]
        raise ValidationError(f"Could not take a frame at {seek:.2f} s: {tail[0]}")
    return result.stdout
