"""Windows-like filesystems for tests: a real SMB share and an exFAT image, both via FUSE.

- SMB: Debian's Samba serving a temp folder on 127.0.0.1 only (a throwaway smb.conf in a
  temp dir, guest access, no other interface), mounted with smbnetfs (FUSE: this kernel
  has no cifs module). smbnetfs reaches the server through libsmbclient on port 445.
- exFAT: a 64 MB image made with mkfs.exfat (exfatprogs), attached to a loop device and
  mounted with exfat-fuse.

``python tools/winfs.py smb -- pytest ...`` runs a command with ``DUTYDESK_TEST_SHARE_ROOT``
pointing into the mounted share. The pytest fixtures in tests/winfs use the same code.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PACKAGES = ["samba", "smbnetfs", "exfatprogs", "exfat-fuse"]
SMB_TOOLS = ["smbd", "smbnetfs", "fusermount"]
EXFAT_TOOLS = ["mkfs.exfat", "mount.exfat-fuse", "losetup", "fusermount"]
ENV_SHARE_ROOT = "DUTYDESK_TEST_SHARE_ROOT"
SBIN = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]


class WinFsUnavailable(RuntimeError):
    """The tools or kernel features are missing; the message says which."""


def which(tool: str) -> str | None:
    return shutil.which(tool) or next((f"{d}/{tool}" for d in SBIN if os.access(f"{d}/{tool}", os.X_OK)), None)


def missing_tools(tools: list[str]) -> list[str]:
    return [t for t in tools if which(t) is None]


def _wait_for(check, what: str, timeout: float = 30) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise WinFsUnavailable(f"{what} did not become ready within {timeout:.0f} s")


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


SMB_CONF = """[global]
  netbios name = DDTEST
  workgroup = WORKGROUP
  interfaces = 127.0.0.1
  bind interfaces only = yes
  smb ports = 445
  disable netbios = yes
  server role = standalone server
  map to guest = Bad User
  guest account = root
  pid directory = {state}
  lock directory = {state}
  state directory = {state}
  cache directory = {state}
  private dir = {state}
  ncalrpc dir = {state}/ncalrpc
  log file = {state}/log.%m
  load printers = no
  printing = bsd
  printcap name = /dev/null
  disable spoolss = yes
[share]
  path = {share}
  read only = no
  guest ok = yes
  force user = root
"""

SMBNETFS_CONF = """smb_query_browsers "false"
auth "guest" ""
host 127.0.0.1 visible=true
log_file "{state}/smbnetfs.log"
"""

CLIENT_CONF = """[global]
  workgroup = WORKGROUP
  client min protocol = SMB2
  disable netbios = yes
"""


@contextmanager
def samba_share(workdir: Path) -> Iterator[Path]:
    """Yield the share's folder as seen through the smbnetfs mount."""
    absent = missing_tools(SMB_TOOLS)
    if absent:
        raise WinFsUnavailable(f"missing {', '.join(absent)} (apt-get install {' '.join(PACKAGES[:2])} fuse)")
    if not os.path.exists("/dev/fuse"):
        raise WinFsUnavailable("/dev/fuse is missing: FUSE is not available here")
    try:  # a Samba stopped a moment ago (an earlier run's) may still be letting go of the port
        _wait_for(lambda: not _port_open(445), "port 445 on 127.0.0.1 to be free", timeout=60)
    except WinFsUnavailable:
        raise WinFsUnavailable("port 445 on 127.0.0.1 is already in use (another Samba running?)") from None
    state, served, home, mnt = (workdir / n for n in ("state", "served", "home", "mnt"))
    for folder in (state, served, home / ".smb", mnt):
        folder.mkdir(parents=True, exist_ok=True)
    served.chmod(0o777)
    conf = workdir / "smb.conf"
    conf.write_text(SMB_CONF.format(state=state, share=served))
    (home / ".smb" / "smb.conf").write_text(CLIENT_CONF)
    netfs_conf = home / ".smb" / "smbnetfs.conf"
    netfs_conf.write_text(SMBNETFS_CONF.format(state=state))
    netfs_conf.chmod(0o600)  # smbnetfs ignores auth lines in a config others can read
    # its own session: smbd signals its whole process group when it stops
    smbd = subprocess.Popen([which("smbd"), "--foreground", "--no-process-group", "-s", str(conf)], start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    mounted = False
    try:
        _wait_for(lambda: _port_open(445) or smbd.poll() is not None, "smbd")
        if smbd.poll() is not None:
            raise WinFsUnavailable(f"smbd exited at start (see {state}/log.smbd)")
        env = {**os.environ, "HOME": str(home)}
        subprocess.run([which("smbnetfs"), str(mnt)], env=env, check=True, capture_output=True, timeout=30)
        mounted = True
        share = mnt / "127.0.0.1" / "share"
        _wait_for(lambda: share.is_dir() and os.listdir(share) is not None, "the smbnetfs mount")
        yield share
    finally:
        if mounted:
            _unmount(mnt)
        _stop_group(smbd)
        try:  # the next share (another run) finds the port free
            _wait_for(lambda: not _port_open(445), "smbd to let go of port 445", timeout=30)
        except WinFsUnavailable:
            pass


def _stop_group(proc: subprocess.Popen[bytes]) -> None:
    """Stop smbd and the workers it forked (all in the session it leads)."""
    try:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, 9)
        except ProcessLookupError:
            pass
        proc.wait()


@contextmanager
def exfat_image(workdir: Path, size_mb: int = 64) -> Iterator[Path]:
    """Yield the root of a freshly formatted exFAT filesystem mounted through FUSE."""
    absent = missing_tools(EXFAT_TOOLS)
    if absent:
        raise WinFsUnavailable(f"missing {', '.join(absent)} (apt-get install {' '.join(PACKAGES[2:])} fuse)")
    image, mnt = workdir / "exfat.img", workdir / "exfat"
    mnt.mkdir(parents=True, exist_ok=True)
    with open(image, "wb") as handle:
        handle.truncate(size_mb * 1024 * 1024)
    subprocess.run([which("mkfs.exfat"), "-L", "DDTEST", str(image)], check=True, capture_output=True, timeout=60)
    loop = subprocess.run([which("losetup"), "-f", "--show", str(image)], capture_output=True, text=True, check=False)
    if loop.returncode != 0:
        raise WinFsUnavailable(f"no loop device for the exFAT image: {loop.stderr.strip()}")
    device = loop.stdout.strip()
    mounted = False
    try:
        subprocess.run([which("mount.exfat-fuse"), device, str(mnt)], check=True, capture_output=True, timeout=30)
        mounted = True
        yield mnt
    finally:
        if mounted:
            _unmount(mnt)
        subprocess.run([which("losetup"), "-d", device], capture_output=True, check=False)


def _unmount(mnt: Path) -> None:
    for _attempt in range(50):
        result = subprocess.run([which("fusermount"), "-u", str(mnt)], capture_output=True, check=False)
        if result.returncode == 0:
            return
        time.sleep(0.2)  # a child still had a file open; it is gone in a moment
    subprocess.run([which("fusermount"), "-uz", str(mnt)], capture_output=True, check=False)


@contextmanager
def mounted(kind: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix=f"dutydesk-{kind}-") as tmp:
        maker = samba_share if kind == "smb" else exfat_image
        with maker(Path(tmp)) as root:
            yield root


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[0] not in ("smb", "exfat") or argv[1] != "--":
        print("usage: python tools/winfs.py {smb|exfat} -- COMMAND...", file=sys.stderr)
        return 2
    with mounted(argv[0]) as root:
        workspace = root / "tests"
        workspace.mkdir(exist_ok=True)
        env = {**os.environ, ENV_SHARE_ROOT: str(workspace)}
        return subprocess.run(argv[2:], env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
