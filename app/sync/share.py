"""The share's layout and file formats.

::

    <share>/dutydesk-share.json           root marker: group id, format version, minimum app version
    <share>/devices/<device-id>/           written only by that laptop
        seg-<first>-<last>-<nonce>.dds     immutable change segment (device sequence range)
        progress.json                      what that laptop has applied (for compaction, "devices seen")
    <share>/snapshots/                     snap-*.dds (full state) + manifest-*.json (what it covers)
    <share>/locks/                         <job>-<expires>-<device>-<nonce>.lease (expiring leases)

A segment or snapshot file is::

    DUTYDESK-SYNC 1\\n
    {header JSON}\\n
    <zlib-compressed JSON body>
    \\nSHA256 <hex of everything before this line>\\n

The header carries format and schema version, device, sequence and clock range, record
count and the body's size and checksum; a file whose checksum, size or name disagree is
damaged and is quarantined, never applied in part.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app import __version__
from app.db.ids import new_id
from app.sync.fileops import FileOps

FORMAT = "dutydesk-share"
FORMAT_VERSION = 1
MARKER = "dutydesk-share.json"
DEVICES = "devices"
SNAPSHOTS = "snapshots"
LOCKS = "locks"
PROGRESS = "progress.json"
MAGIC = b"DUTYDESK-SYNC 1\n"
TRAILER = b"\nSHA256 "
SEGMENT_RE = re.compile(r"^seg-(\d{10})-(\d{10})-([0-9a-f]{8,32})\.dds$")
SNAPSHOT_RE = re.compile(r"^snap-(\d{20})-([0-9a-f]{8,32})\.dds$")
MANIFEST_RE = re.compile(r"^manifest-(\d{20})-([0-9a-f]{8,32})\.json$")
TMP_SUFFIX = ".part"


class SegmentError(Exception):
    """A file on the share is damaged (truncated, empty, altered, misnamed)."""


@dataclass(frozen=True)
class SegmentName:
    name: str
    first: int
    last: int


def nonce() -> str:
    return new_id().replace("-", "")[-16:]


def segment_name(first: int, last: int) -> str:
    return f"seg-{first:010d}-{last:010d}-{nonce()}.dds"


def parse_segment_name(name: str) -> SegmentName | None:
    match = SEGMENT_RE.match(name)
    if not match:
        return None
    return SegmentName(name, int(match.group(1)), int(match.group(2)))


def device_dir(root: Path, device_id: str) -> Path:
    return root / DEVICES / device_id


def app_version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", text)[:3])


# --- root marker ------------------------------------------------------------------
# The marker is created in place (see create_marker), so for a moment after its creation it
# is empty or partly written: read it again after these pauses before calling it damaged.
MARKER_SETTLE_S = (0.02, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6)


def read_marker(ops: FileOps, root: Path) -> dict[str, Any] | None:
    path = root / MARKER
    for pause in (*MARKER_SETTLE_S, None):
        if not ops.exists(path):
            return None
        raw = ops.read_bytes(path)
        try:
            data = json.loads(raw.decode("utf-8"))
            break
        except ValueError:
            if pause is None:
                if not raw:
                    raise SegmentError("it is empty (zero bytes; a laptop stopped while creating the share)") from None
                raise
            time.sleep(pause)  # another laptop is writing it right now
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SegmentError(f"{path} is not a Duty Desk share marker.")
    return data


def create_marker(ops: FileOps, root: Path, group_id: str) -> dict[str, Any]:
    marker = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "group_id": group_id,
        "min_app_version": "0.1.0",
        "created_by_app": __version__,
    }
    for sub in (DEVICES, SNAPSHOTS, LOCKS):
        ops.mkdir(root / sub)
    # Created in place with an exclusive create, not renamed from a temporary file: a rename
    # replaces a marker another laptop renamed a moment earlier (two teams on one share).
    content = json.dumps(marker, indent=2).encode("utf-8")
    try:
        ops.write_new(root / MARKER, content)
    except FileExistsError:  # another laptop created the share at the same moment: join it
        pass
    else:
        ops.fsync_dir(root)
    try:
        existing = read_marker(ops, root)
    except SegmentError:
        if not _left_empty(ops, root):
            raise
        existing = _remake_marker(ops, root, content)
    return existing if existing is not None else marker


REPAIR_CLAIM = "marker-remade-"  # + the empty marker's time, in locks/: one laptop remakes it


def _left_empty(ops: FileOps, root: Path) -> bool:
    """Still empty after the settle reads: its creator stopped between creating and writing
    it (killed, or the VPN dropped; its clean-up could not reach the share either)."""
    path = root / MARKER
    return ops.exists(path) and ops.size(path) == 0


def _remake_marker(ops: FileOps, root: Path, content: bytes) -> dict[str, Any] | None:
    """Replace a marker left empty, once: of the laptops that find it, the one whose claim
    (named after the empty file's time, so an old claim never blocks a later repair) is
    created first remakes it with an exclusive create; the others read what it wrote."""
    path = root / MARKER
    claim = root / LOCKS / f"{REPAIR_CLAIM}{int(ops.mtime(path) * 1000)}"
    try:
        ops.write_new(claim, b"")
    except FileExistsError:
        pass
    else:
        if ops.size(path) == 0:
            ops.unlink(path)
            try:
                ops.write_new(path, content)
            except FileExistsError:
                pass
            ops.fsync_dir(root)
    return read_marker(ops, root)


def being_created(ops: FileOps, root: Path, entries: list[str]) -> bool:
    """An empty folder, or only the empty skeleton another laptop makes just before the
    marker (with the marker, if any, still empty: being written, or left so)."""
    if not set(entries) <= {DEVICES, SNAPSHOTS, LOCKS, MARKER}:
        return False
    if MARKER in entries and (not ops.exists(root / MARKER) or ops.size(root / MARKER) > 0):
        return False

    return not [n for sub in entries if sub != MARKER for n in ops.listdir(root / sub)
                if not n.startswith((".", REPAIR_CLAIM))]  # a claim is a sign of creation, not of use


# --- container format ---------------------------------------------------------------
def encode(header: dict[str, Any], body: Any) -> bytes:
    raw = zlib.compress(json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8"), 6)
    head = dict(header)
    head["body_size"] = len(raw)
    head["body_sha256"] = hashlib.sha256(raw).hexdigest()
    content = MAGIC + json.dumps(head, sort_keys=True, separators=(",", ":")).encode("utf-8") + b"\n" + raw
    return content + TRAILER + hashlib.sha256(content).hexdigest().encode("ascii") + b"\n"


def decode_header(data: bytes) -> tuple[dict[str, Any], bytes]:
    """Check the whole-file checksum and the header; return the header and raw body."""
    if not data:
        raise SegmentError("the file is empty (zero bytes)")
    if not data.startswith(MAGIC):
        raise SegmentError("the file does not start like a Duty Desk sync file")
    cut = data.rfind(TRAILER)
    if cut < 0 or not data.endswith(b"\n"):
        raise SegmentError("the file is truncated (no checksum at the end)")
    content, digest = data[:cut], data[cut + len(TRAILER) : -1].decode("ascii", "replace")
    if hashlib.sha256(content).hexdigest() != digest:
        raise SegmentError("the file's checksum does not match (altered or truncated)")
    line_end = content.find(b"\n", len(MAGIC))
    if line_end < 0:
        raise SegmentError("the file has no header")
    try:
        header = json.loads(content[len(MAGIC) : line_end])
    except ValueError as exc:
        raise SegmentError(f"the header is not readable ({exc})") from None
    raw = content[line_end + 1 :]
    if header.get("body_size") != len(raw) or hashlib.sha256(raw).hexdigest() != header.get("body_sha256"):
        raise SegmentError("the body's size or checksum does not match its header")
    return header, raw


def decode(data: bytes) -> tuple[dict[str, Any], Any]:
    header, raw = decode_header(data)
    try:
        body = json.loads(zlib.decompress(raw).decode("utf-8"))
    except (ValueError, zlib.error) as exc:
        raise SegmentError(f"the body is not readable ({exc})") from None
    return header, body


def check_segment(header: dict[str, Any], body: Any, seg: SegmentName, device_id: str) -> None:
    if header.get("kind") != "segment":
        raise SegmentError("it is not a change segment")
    if header.get("device") != device_id:
        raise SegmentError("it names another device than the folder it is in")
    if (header.get("first"), header.get("last")) != (seg.first, seg.last):
        raise SegmentError("its sequence range does not match its name")
    if not isinstance(body, list) or len(body) != header.get("count"):
        raise SegmentError("its record count does not match its header")
    expected = list(range(seg.first, seg.last + 1))
    if [entry.get("dseq") if isinstance(entry, dict) else None for entry in body] != expected:
        raise SegmentError("its records are not numbered as its name says")


# --- writing ------------------------------------------------------------------------
def _via_temp(ops: FileOps, folder: Path, data: bytes, finish: Any) -> None:
    """Write ``data`` to a fresh temporary name in ``folder`` (fsynced), then ``finish(tmp)``;
    on any failure the temporary file is removed."""
    tmp = folder / f".{nonce()}{TMP_SUFFIX}"
    try:
        ops.write_new(tmp, data)
        finish(tmp)
    except BaseException:
        try:
            ops.unlink(tmp)
        except OSError:
            pass
        raise


def publish_file(ops: FileOps, folder: Path, name: str, data: bytes) -> int:
    """Temp name, write+flush+fsync, rename to a never-existing name, read back, verify."""
    target = folder / name
    _via_temp(ops, folder, data, lambda tmp: ops.rename_new(tmp, target))
    ops.fsync_dir(folder)
    back = ops.read_bytes(target)
    if len(back) != len(data) or hashlib.sha256(back).digest() != hashlib.sha256(data).digest():
        raise OSError(5, "the file read back from the share differs from what was written", str(target))
    return len(data)


def write_progress(ops: FileOps, folder: Path, progress: dict[str, Any]) -> None:
    data = json.dumps(progress, sort_keys=True, indent=1).encode("utf-8")
    _via_temp(ops, folder, data, lambda tmp: ops.replace(tmp, folder / PROGRESS))


def read_progress(ops: FileOps, folder: Path) -> dict[str, Any] | None:
    path = folder / PROGRESS
    try:
        data = json.loads(ops.read_bytes(path).decode("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


# --- leases -------------------------------------------------------------------------
class LeaseBusy(Exception):
    pass


@dataclass
class Lease:
    ops: FileOps
    path: Path

    def release(self) -> None:
        _HELD_HERE.discard(self.path.name)
        self.ops.unlink(self.path)


# Leases this process holds. Only one process opens a data folder (its device id) at a
# time, so a lease with our device id that this process does not hold was left by a
# killed run of this same laptop: it is removed at once instead of blocking 10 minutes.
_HELD_HERE: set[str] = set()


def _drop_own_stale_leases(ops: FileOps, folder: Path, job: str, device_id: str) -> None:
    for name in ops.listdir(folder):
        if name.startswith(f"{job}-") and name.endswith(".lease") and f"-{device_id}-" in name and name not in _HELD_HERE:
            try:
                ops.unlink(folder / name)
            except OSError:
                pass


def acquire_lease(ops: FileOps, root: Path, job: str, device_id: str, seconds: int = 600) -> Lease:
    """An expiring exclusive lease for a rare job (compaction); stale leases simply expire,
    and this laptop's own leftovers are cleared at once."""
    folder = root / LOCKS
    ops.mkdir(folder)
    now_ms = int(time.time() * 1000)
    _drop_own_stale_leases(ops, folder, job, device_id)

    def holders() -> list[tuple[int, str]]:
        found = []
        for name in ops.listdir(folder):
            parts = name.split("-")
            if name.startswith(f"{job}-") and name.endswith(".lease") and len(parts) >= 4:
                try:
                    expires = int(parts[1])
                except ValueError:
                    continue
                if expires > now_ms:
                    found.append((expires, name))
        return sorted(found, key=lambda item: item[1])

    if holders():
        raise LeaseBusy(job)
    name = f"{job}-{now_ms + seconds * 1000:015d}-{device_id}-{nonce()}.lease"
    ops.write_new(folder / name, device_id.encode("ascii"))
    rivals = [n for _, n in holders() if n != name]
    if rivals and min(rivals) < name:
        ops.unlink(folder / name)
        raise LeaseBusy(job)
    _HELD_HERE.add(name)
    return Lease(ops, folder / name)
