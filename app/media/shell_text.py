"""A command as text a person can paste into their own shell: cmd, PowerShell 5.1 or POSIX.

Each shell needs its own quoting, and none of them may see ``&&`` from another:

- cmd: each argument quoted for the C runtime's argv parser (what ffmpeg.exe reads), then
  every cmd metacharacter (``& | < > ( ) ^ " % !``) escaped with a caret. The folder change
  is its own line (``cd /d``), never joined with ``&&``.
- PowerShell 5.1: ``& 'program' 'arg' ...`` with single quotes (nothing expands inside);
  5.1 passes embedded double quotes to native programs unescaped, so they are
  pre-escaped as ``\\"`` and trailing backslashes doubled where it adds quotes.
- POSIX shells: ``shlex`` quoting.
"""

from __future__ import annotations

import re
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

SHELLS = ("cmd", "powershell", "posix")
SHELL_LABELS = {"cmd": "Command Prompt (cmd)", "powershell": "Windows PowerShell", "posix": "Terminal (bash, zsh)"}


def default_shell(platform: str | None = None) -> str:
    return "cmd" if (platform or sys.platform) == "win32" else "posix"


def _crt_quote(arg: str) -> str:
    """Quote for the Microsoft C runtime's argv parser (what ffmpeg.exe uses)."""
    out, backslashes = [], 0
    for char in arg:
        if char == "\\":
            backslashes += 1
            continue
        if char == '"':
            out.append("\\" * (backslashes * 2 + 1) + '"')
        else:
            out.append("\\" * backslashes + char)
        backslashes = 0
    out.append("\\" * (backslashes * 2))
    return '"' + "".join(out) + '"'


CMD_SPECIAL = '()%!^"<>&|'


def cmd_arg(arg: str) -> str:
    if "\n" in arg or "\r" in arg:
        raise ValueError("a command line cannot hold a line break")
    # quoted for ffmpeg's argv parser, then every cmd metacharacter caret-escaped: cmd never
    # enters "quoted" mode, so an inner \" cannot flip it, and every %name% pair then holds a
    # caret, which no variable name does
    return "".join("^" + c if c in CMD_SPECIAL else c for c in _crt_quote(arg))


def powershell_arg(arg: str) -> str:
    if "\n" in arg or "\r" in arg:
        raise ValueError("a command line cannot hold a line break")
    if arg == "":
        return "'\"\"'"
    value = re.sub(r'(\\*)"', lambda m: m.group(1) * 2 + '\\"', arg)
    if re.search(r"[ \t]", arg):
        value = re.sub(r"(\\+)$", lambda m: m.group(1) * 2, value)  # 5.1 adds the quotes around it
    return _ps_literal(value)


def command_text(args: Sequence[str], cwd: str | Path | None = None, shell: str | None = None) -> str:
    shell = shell or default_shell()
    args = [str(a) for a in args]
    if shell == "cmd":
        line = " ".join(cmd_arg(a) for a in args)
        return f"cd /d {cmd_arg(str(cwd))}\n{line}" if cwd else line
    if shell == "powershell":
        line = "& " + " ".join(powershell_arg(a) for a in args)
        return f"Set-Location -LiteralPath {_ps_literal(str(cwd))}\n{line}" if cwd else line
    if shell == "posix":
        line = shlex.join(args)
        return f"cd {shlex.quote(str(cwd))} && {line}" if cwd else line
    raise ValueError(f"unknown shell {shell!r}; one of {', '.join(SHELLS)}")


def command_texts(args: Sequence[str], cwd: str | Path | None = None) -> dict[str, str]:
    """The same command for each shell, keyed by ``SHELLS``."""
    return {shell: command_text(args, cwd, shell) for shell in SHELLS}


PS_SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b"  # PowerShell treats the curly ones as quotes too


def _ps_literal(text: str) -> str:
    return "'" + "".join(c * 2 if c in PS_SINGLE_QUOTES else c for c in text) + "'"
