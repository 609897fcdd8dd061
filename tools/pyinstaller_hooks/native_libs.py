"""Shared by the hooks: every native library a wheel ships outside its package.

Wheels repaired by delvewheel (Windows) or auditwheel (Linux) put the DLLs/.so files in
``<package>.libs`` beside the package (or ``<package>/.libs``) and load them by path.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

SUFFIXES = (".dll", ".pyd", ".so", ".dylib")


def _is_native(path: Path) -> bool:
    return path.is_file() and (path.suffix.lower() in SUFFIXES or ".so." in path.name)


def sibling_libs(package: str) -> list[tuple[str, str]]:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.origin:
        return []
    root = Path(spec.origin).parent
    found: list[tuple[str, str]] = []
    for folder, dest in ((root.parent / f"{package}.libs", f"{package}.libs"), (root / ".libs", f"{package}/.libs")):
        if folder.is_dir():
            found += [(str(p), dest) for p in sorted(folder.iterdir()) if _is_native(p)]
    load_order = root.parent / f"{package}.libs" / f".load-order-{package}"
    return found + ([(str(load_order), f"{package}.libs")] if load_order.is_file() else [])
