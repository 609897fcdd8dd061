"""Find the parts that features contribute to shared screens.

Today's panels (``ui/panels``), Settings sections (``ui/settings_sections``) and status
bar segments (``ui/status``) are modules found at start and ordered by ``ORDER``, so a
feature adds its part without editing a shared file.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def discover(package_name: str) -> list[ModuleType]:
    package = importlib.import_module(package_name)
    modules = [
        importlib.import_module(f"{package_name}.{info.name}")
        for info in pkgutil.iter_modules(package.__path__)
        if not info.name.startswith("_")
    ]
    return sorted(modules, key=lambda m: (getattr(m, "ORDER", 50), m.__name__))
