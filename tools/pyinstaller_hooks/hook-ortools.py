"""OR-Tools: its native solver libraries (``ortools.libs`` / ``ortools/.libs`` beside the
package, DLLs on Windows) are loaded by path at import, so PyInstaller's import-table scan
alone misses some of them."""

import os
import sys

from PyInstaller.utils.hooks import collect_dynamic_libs, collect_submodules

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__ if "__file__" in globals() else "tools/pyinstaller_hooks/x")))
from native_libs import sibling_libs  # noqa: E402

hiddenimports = collect_submodules("ortools.sat") + collect_submodules("ortools.util") + ["ortools.init"]
binaries = collect_dynamic_libs("ortools", search_patterns=["*.dll", "*.so*", "*.dylib", "*.pyd"]) + sibling_libs("ortools")
