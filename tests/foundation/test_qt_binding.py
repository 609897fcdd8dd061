"""Guard against a Qt binding that corrupts Python's reference counts.

PySide6 6.12.0 drops a reference to ``True`` on every ``Signal.emit()``; after a few
thousand emits (minutes of real use) the interpreter aborts. pyproject.toml pins a
release without the bug; this test fails if a broken one is ever installed.
"""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from PySide6.QtCore import QObject, Signal
class Emitter(QObject):
    changed = Signal(bool)
    counted = Signal(int)
e = Emitter()
e.changed.connect(lambda value: None)
before = sys.getrefcount(True)
for _ in range(20000):
    e.changed.emit(True)
    e.counted.emit(1)
print(sys.getrefcount(True) - before)
"""


def test_signal_emits_do_not_corrupt_reference_counts():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, "the Qt binding aborted the interpreter: " + result.stderr[-300:]
    assert abs(int(result.stdout.strip())) < 100
