"""The copyable ffmpeg command runs as written in cmd, PowerShell 5.1 and POSIX shells.

No Windows here, so each shell is modelled by the rules that are certain: cmd's %-expansion
and its special characters outside quotes, PowerShell 5.1's single-quoted literals and the
way it re-quotes arguments for native programs, and the Microsoft C runtime's argv parser
(how ffmpeg.exe splits its command line).
"""

from __future__ import annotations

import re
import shlex

from hypothesis import given, settings
from hypothesis import strategies as st

from app.media.shell_text import cmd_arg, command_text, command_texts, powershell_arg

ARG = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x00"), max_size=30)
NASTY = ["%PATH%", "a & b", "100%", "50%%", 'say "hi"', "C:\\my dir\\", "x^y|z<w>v", "it's", "‘curly’", "",
         "%", "\\\\server\\share\\a b\\", "tab\there", "$env:PATH", "`n", "(a)", "!x!", "--%"]


def crt_argv(line: str) -> list[str]:
    """CommandLineToArgvW / UCRT rules (after the program name)."""
    args, current, in_quotes, has_arg, i = [], [], False, False, 0
    while i < len(line):
        char = line[i]
        if char == "\\":
            j = i
            while j < len(line) and line[j] == "\\":
                j += 1
            count = j - i
            if j < len(line) and line[j] == '"':
                current.append("\\" * (count // 2))
                if count % 2:
                    current.append('"')
                    i = j + 1
                else:
                    i = j
                has_arg = True
                continue
            current.append("\\" * count)
            i, has_arg = j, True
            continue
        if char == '"':
            if in_quotes and i + 1 < len(line) and line[i + 1] == '"':
                current.append('"')
                i += 2
                continue
            in_quotes, has_arg = not in_quotes, True
            i += 1
            continue
        if char in " \t" and not in_quotes:
            if has_arg:
                args.append("".join(current))
            current, has_arg = [], False
            i += 1
            continue
        current.append(char)
        has_arg = True
        i += 1
    if has_arg:
        args.append("".join(current))
    return args


def cmd_line_to_program(line: str) -> str:
    """Interactive cmd: expand %name% for any name that could exist, refuse operators outside quotes."""
    line = re.sub(r"%([^%^]+)%", lambda m: "EXPANDED", line)  # a name with a caret is never defined
    out, in_quotes = [], False
    i = 0
    while i < len(line):
        char = line[i]
        if not in_quotes and char == "^":
            i += 1
            if i < len(line):
                out.append(line[i])
            i += 1
            continue
        if char == '"':
            in_quotes = not in_quotes
        elif not in_quotes and char in "&|<>()":
            raise AssertionError(f"cmd would treat {char!r} as an operator in {line!r}")
        out.append(char)
        i += 1
    return "".join(out)


def ps51_native_line(values: list[str]) -> str:
    """How Windows PowerShell 5.1 builds a native command line from argument values."""
    parts = []
    for value in values:
        if value == "":
            continue  # 5.1 drops empty arguments
        parts.append(f'"{value}"' if re.search(r"[ \t]", value) else value)
    return " ".join(parts)


def ps_single_quoted_values(text: str) -> list[str]:
    quotes = "'\u2018\u2019\u201a\u201b"
    values, i = [], 0
    assert text.startswith("& ")
    i = 2
    while i < len(text):
        if text[i] == " ":
            i += 1
            continue
        assert text[i] in quotes, f"unquoted PowerShell token at {text[i:]!r}"
        i += 1
        value = []
        while True:
            char = text[i]
            if char in quotes:
                if i + 1 < len(text) and text[i + 1] in quotes:
                    value.append(char)
                    i += 2
                    continue
                i += 1
                break
            value.append(char)
            i += 1
        values.append("".join(value))
    return values


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(ARG, st.sampled_from(NASTY)), min_size=1, max_size=6))
def test_cmd_passes_every_argument_unchanged(args: list[str]) -> None:
    line = " ".join(cmd_arg(a) for a in args)
    assert crt_argv(cmd_line_to_program(line)) == args


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(ARG, st.sampled_from(NASTY)), min_size=1, max_size=6))
def test_powershell_51_passes_every_argument_unchanged(args: list[str]) -> None:
    text = command_text(["C:\\Program Files\\ffmpeg.exe", *args], shell="powershell")
    values = ps_single_quoted_values(text)
    assert values[0] == "C:\\Program Files\\ffmpeg.exe"
    assert crt_argv(ps51_native_line(values[1:])) == args


def test_each_shell_gets_its_own_folder_change_never_joined_with_ampersands(tmp_path) -> None:  # type: ignore[no-untyped-def]
    args = ["ffmpeg.exe", "-vf", "subtitles=subs.ass:fontsdir=fonts", "Tom & Jerry 100%.mp4"]
    texts = command_texts(args, cwd="C:\\Users\\Dee\\AppData\\Local\\Temp\\dutydesk-burn 1")
    cmd_lines = texts["cmd"].splitlines()
    assert cmd_lines[0] == 'cd /d ^"C:\\Users\\Dee\\AppData\\Local\\Temp\\dutydesk-burn 1^"'
    assert "&&" not in texts["cmd"] and "&&" not in texts["powershell"]
    assert crt_argv(cmd_line_to_program(cmd_lines[1]))[-1] == "Tom & Jerry 100%.mp4"
    ps_lines = texts["powershell"].splitlines()
    assert ps_lines[0] == "Set-Location -LiteralPath 'C:\\Users\\Dee\\AppData\\Local\\Temp\\dutydesk-burn 1'"
    assert ps_single_quoted_values(ps_lines[1])[-1] == "Tom & Jerry 100%.mp4"
    posix = texts["posix"]
    assert shlex.split(posix.split(" && ", 1)[1]) == args


def test_powershell_arg_is_a_literal() -> None:
    assert powershell_arg("$env:PATH") == "'$env:PATH'"
    assert powershell_arg("it's") == "'it''s'"
