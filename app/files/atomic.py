"""Write every file the app makes the same safe way.

The data goes to a temporary name beside the target (same folder, so the final rename
stays on one filesystem), is flushed and fsynced, then ``os.replace`` puts it in place.
On any failure the temporary file is removed and the error becomes one plain line that
names the file and says what to do. The usual Windows case: the target is open in Excel,
Acrobat or a video player (a sharing violation; "Device or resource busy" on an SMB share).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from app.errors import DutyDeskError, ValidationError
from app.files import oserrors


class FileWriteError(DutyDeskError):
    """A file could not be written; nothing half-written was left behind."""


class FileInUseError(FileWriteError):
    """The target is open in another program (sharing violation / EBUSY)."""


def temp_path_for(target: Path, *, keep_suffix: bool = False) -> Path:
    """Hidden temporary name beside ``target``; ``keep_suffix`` for tools that pick a format by extension."""
    if keep_suffix:
        return target.with_name(f".{target.stem}.part{target.suffix}")
    return target.with_name(f".{target.name}.part")


def explain_write_error(exc: OSError, target: Path) -> FileWriteError:
    """One plain line naming ``target`` and what to do, by cause."""
    name = str(target)
    cause = oserrors.cause_of(exc)
    if cause == oserrors.BUSY:
        return FileInUseError(
            f"Could not write {name}: it is open in another program. "
            "Close it in the other program and try again."
        )
    if cause == oserrors.FULL:
        return FileWriteError(f"Could not write {name}: the disk is full. Free some space and try again.")
    if cause == oserrors.DENIED:
        if target.exists():
            return FileInUseError(
                f"Could not write {name}: it is open in another program or read-only. "
                "Close it in the other program (or choose another name) and try again."
            )
        return FileWriteError(f"Could not write {name}: permission denied. Choose another folder and try again.")
    if cause == oserrors.UNREACHABLE:
        return FileWriteError(f"Could not write {name}: the folder is not reachable (network drive lost?). Try again when it is back.")
    return FileWriteError(f"Could not write {name}: {exc.strerror or exc}. Nothing was changed; try again.")


def check_folder(target: Path) -> None:
    folder = target.parent
    if not folder.is_dir():
        raise ValidationError(f"The folder {folder} does not exist.")
    if target.is_dir():
        raise ValidationError(f"{target} is a folder: choose a file name.")


def remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError:
        pass  # nothing more can be done; the name starts with a dot and ends in .part


def commit(temp: Path, target: Path) -> Path:
    """Move a finished temporary file into place; on failure remove it and explain."""
    try:
        os.replace(temp, target)
    except OSError as exc:
        remove_quietly(temp)
        raise explain_write_error(exc, target) from None
    except BaseException:
        remove_quietly(temp)
        raise
    return target


@contextmanager
def writing(target: str | os.PathLike[str], *, keep_suffix: bool = False) -> Iterator[Path]:
    """Yield a temporary path to write (by any library); it replaces ``target`` on success.

    ``with writing(out) as tmp: doc.save(tmp)``. The temporary file is removed on any error.
    """
    target = Path(target)
    check_folder(target)
    temp = temp_path_for(target, keep_suffix=keep_suffix)
    try:
        yield temp
        if not temp.exists():
            raise FileWriteError(f"Could not write {target}: nothing was produced. Try again.")
        _fsync_file(temp)
    except OSError as exc:
        remove_quietly(temp)
        raise explain_write_error(exc, target) from None
    except BaseException:
        remove_quietly(temp)
        raise
    commit(temp, target)


def write_bytes(target: str | os.PathLike[str], data: bytes) -> Path:
    target = Path(target)
    with writing(target) as temp:
        with open(temp, "wb") as handle:
            handle.write(data)
    return target


def write_text(target: str | os.PathLike[str], text: str, *, encoding: str = "utf-8", newline: str = "\n") -> Path:
    target = Path(target)
    with writing(target) as temp:
        with open(temp, "w", encoding=encoding, newline=newline) as handle:
            handle.write(text)
    return target


def write_with(target: str | os.PathLike[str], write: Callable[[Path], object]) -> Path:
    """``write(temp_path)`` produces the file (a PDF library, an image encoder...)."""
    target = Path(target)
    with writing(target) as temp:
        write(temp)
    return target


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    except OSError:
        pass  # some network filesystems refuse fsync; the replace is still atomic
    finally:
        os.close(fd)


def write_all(files: list[tuple[Path, bytes]]) -> list[Path]:
    """Several files that belong together: all written to temporary names first, then moved.

    If any write fails, no target is touched. A failing move removes every temporary file left.
    """
    temps: list[tuple[Path, Path]] = []
    try:
        for target, data in files:
            target = Path(target)
            check_folder(target)
            temp = temp_path_for(target)
            temps.append((temp, target))
            try:
                with open(temp, "wb") as handle:
                    handle.write(data)
                _fsync_file(temp)
            except OSError as exc:
                raise explain_write_error(exc, target) from None
        for temp, target in temps:
            commit(temp, target)
    finally:
        for temp, _target in temps:
            if temp.exists():
                remove_quietly(temp)
    return [target for _temp, target in temps]
