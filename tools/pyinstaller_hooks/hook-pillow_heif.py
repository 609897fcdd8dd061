"""pillow-heif: libheif and its codecs (libde265, x265, aom) ship as DLLs in
``pillow_heif.libs`` (delvewheel) on Windows and are loaded by path."""

import os
import sys

from PyInstaller.utils.hooks import collect_dynamic_libs, copy_metadata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__ if "__file__" in globals() else "tools/pyinstaller_hooks/x")))
from native_libs import sibling_libs  # noqa: E402

binaries = collect_dynamic_libs("pillow_heif", search_patterns=["*.dll", "*.so*", "*.dylib", "*.pyd"]) + sibling_libs("pillow_heif")
datas = copy_metadata("pillow_heif")
hiddenimports = ["_pillow_heif"]
