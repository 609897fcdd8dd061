"""ffmpeg on Windows terms: no console flash, no case-only overwrite, no crash over an open file."""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

import pytest

from app.media import process
from tests.subtitles.conftest import SRT, make_clip
from tests.windows.doubles import HeldOpen, part_files

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_clip(tmp_path_factory.mktemp("media") / "clip.mp4", seconds=1)


@pytest.fixture
def srt(tmp_path: Path) -> Path:
    path = tmp_path / "captions.srt"
    path.write_text(SRT, encoding="utf-8")
    return path


def test_windows_children_get_no_console_window() -> None:
    assert process.creation_flags("win32") == 0x08000000
    assert process.creation_flags("linux") == 0
    with pytest.raises(TypeError):
        process.run("ffmpeg -version")  # type: ignore[arg-type]


def test_every_ffmpeg_call_goes_through_the_helper_with_the_flag(clip: Path, srt: Path, tmp_path: Path, monkeypatch) -> None:
    """Probe, still frame, waveform and burn all start ffmpeg through app.media.process."""
    from app.media.probe import require_video
    from app.subtitles import formats
    from app.subtitles.output import burn
    from app.subtitles.styles import load_style
    from app.subtitles.waveform import compute_waveform

    seen: list[int] = []
    real_popen = subprocess.Popen

    class Recording(real_popen):  # type: ignore[misc, valid-type]
        def __init__(self, args, *a, creationflags: int = 0, **kw):  # type: ignore[no-untyped-def]
            seen.append(creationflags)
            super().__init__(args, *a, **kw)  # POSIX refuses the Windows flag itself

    monkeypatch.setattr(process, "creation_flags", lambda platform=None: process.CREATE_NO_WINDOW)
    monkeypatch.setattr(process.subprocess, "Popen", Recording)
    info = require_video(clip)
    compute_waveform(clip)
    doc = formats.load(srt)
    burn(clip, doc.cues, load_style("boxed", info.aspect), tmp_path / "out.mp4")
    assert len(seen) >= 3 and set(seen) == {process.CREATE_NO_WINDOW}


def test_no_subprocess_call_outside_the_helper() -> None:
    offenders = []
    for path in [*REPO.joinpath("app").rglob("*.py"), *REPO.joinpath("ui").rglob("*.py")]:
        if path.name == "process.py" and path.parent.name == "media":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "subprocess" \
                    and node.attr in {"run", "Popen", "call", "check_call", "check_output", "getoutput", "getstatusoutput"}:
                if not isinstance(getattr(node, "ctx", None), ast.Load) or _is_annotation(tree, node):
                    continue
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno} subprocess.{node.attr}")
            if isinstance(node, ast.Attribute) and node.attr in {"system", "popen", "startfile"} \
                    and isinstance(node.value, ast.Name) and node.value.id == "os":
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno} os.{node.attr}")
    assert offenders == []


def _is_annotation(tree: ast.AST, target: ast.AST) -> bool:
    for node in ast.walk(tree):
        annotations = []
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            annotations = [a.annotation for a in [*node.args.args, *node.args.kwonlyargs] if a.annotation] + [node.returns]
        elif isinstance(node, ast.AnnAssign):
            annotations = [node.annotation]
        for annotation in annotations:
            if annotation is not None and any(n is target for n in ast.walk(annotation)):
                return True
    return False


@pytest.mark.parametrize("command", ["burn", "attach"])
def test_output_differing_only_by_case_is_refused(cli, clip: Path, srt: Path, tmp_path: Path, command: str) -> None:
    folder = tmp_path / "videos"
    folder.mkdir()
    original = folder / "clip.mp4"
    original.write_bytes(clip.read_bytes())
    before = original.read_bytes()
    result = cli("subtitles", command, str(original), str(srt), "-o", str(folder / "CLIP.mp4"))
    assert result.code == 2
    assert "original video" in result.err and "case" in result.err and "Traceback" not in result.err
    assert original.read_bytes() == before and sorted(p.name for p in folder.iterdir()) == ["clip.mp4"]


def test_burn_over_a_video_open_in_a_player(cli, clip: Path, srt: Path, tmp_path: Path, monkeypatch) -> None:
    held = HeldOpen(monkeypatch)
    out = held.hold(tmp_path / "captioned.mp4")
    out.write_bytes(b"playing in VLC")
    result = cli("subtitles", "burn", str(clip), str(srt), "-o", str(out))
    assert result.code == 2
    assert "close it in the other program and try again" in result.err.lower() and str(out) in result.err
    assert out.read_bytes() == b"playing in VLC" and part_files(tmp_path) == []
