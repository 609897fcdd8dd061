"""The command line writes UTF-8 whatever the console or redirect says.

On Windows a redirected ``dutydesk ... > file`` gets the ANSI code page (cp1252), which
cannot encode ⇄, → or an emoji in a log entry: Python would crash mid-output. The app is
``GUI`` on Windows (console=False): its standard streams are None, so they go to devnull.
"""

from __future__ import annotations

import io
import os
import sys


def use_utf8_output() -> None:
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:  # a windowed build has no console: printing must not crash
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives as long as the process
            continue
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding == "utf8" and getattr(stream, "errors", "strict") != "strict":
            continue
        if isinstance(stream, io.TextIOWrapper):
            try:
                stream.reconfigure(encoding="utf-8", errors="replace")
            except (ValueError, io.UnsupportedOperation):
                pass  # already written to in another encoding: leave it be
