"""Import every model module so ``Base.metadata`` knows all tables.

Each feature package keeps its tables in ``app/<feature>/models.py``; they are found
here rather than listed, so adding a feature touches no shared file.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

import app
from app.db.base import Base


@cache
def load_all_models() -> type[Base]:
    importlib.import_module("app.db.local_models")
    for module in pkgutil.iter_modules(app.__path__):
        if not module.ispkg:
            continue
        name = f"app.{module.name}.models"
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)
    return Base
