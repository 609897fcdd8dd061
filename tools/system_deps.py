"""Install the Debian packages Qt and the tests need, when missing.

As root it runs apt-get; otherwise it prints the exact command and stops, so ``make``
never half-works silently. On other systems it does nothing (wheels carry the rest).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys


def missing(packages: list[str]) -> list[str]:
    absent = []
    for package in packages:
        result = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True, check=False
        )
        if "install ok installed" not in result.stdout:
            absent.append(package)
    return absent


def main(packages: list[str]) -> int:
    if not sys.platform.startswith("linux") or shutil.which("dpkg-query") is None:
        return 0
    absent = missing(packages)
    if not absent:
        return 0
    command = ["apt-get", "install", "-y", "--no-install-recommends", *absent]
    if os.geteuid() != 0:
        print("Duty Desk needs these system packages. Run:\n  sudo apt-get update && sudo " + " ".join(command))
        return 1
    print("Installing system packages: " + " ".join(absent), flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run([*command, "-q"], check=True, env=env, stdout=subprocess.DEVNULL)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
