"""What the keyboard reaches in a window right now: shortcuts and Alt mnemonics.

Used by the tests that walk every view (no two things on one key) and handy when
choosing a key for a new action. A shortcut counts where Qt would fire it: window-wide
for application/window shortcuts, inside its widget for widget-scoped ones; a mnemonic
counts when its widget is visible (Qt binds Alt+letter window-wide).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMainWindow, QMenu, QTabBar, QWidget

_MNEMONIC = re.compile(r"(?<!&)&([^&\s])")
GLOBAL = (Qt.ShortcutContext.ApplicationShortcut, Qt.ShortcutContext.WindowShortcut)


@dataclass(frozen=True)
class Binding:
    key: str  # portable text, e.g. "Ctrl+Shift+P" or "Alt+D"
    name: str  # what it does, for messages
    scope: QWidget | None  # None: the whole window
    owner: QObject


def mnemonic(text: str) -> str | None:
    found = _MNEMONIC.search(text)
    return found.group(1).upper() if found else None


def plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _visible(widget: QWidget | None, window: QWidget) -> bool:
    return widget is not None and (widget is window or widget.isVisibleTo(window)) and widget.isEnabled()


def shortcuts(window: QWidget) -> list[Binding]:
    out: list[Binding] = []
    for action in window.findChildren(QAction):
        parent = action.parent()
        if isinstance(parent, QMenu) or not action.isEnabled() and not action.shortcuts():
            continue
        if isinstance(parent, QWidget) and not _visible(parent, window):
            continue  # Qt fires no shortcut of a hidden widget, whatever its context
        context = action.shortcutContext()
        scope = None if context in GLOBAL else parent if isinstance(parent, QWidget) else None
        for seq in action.shortcuts():
            out.append(Binding(seq.toString(QKeySequence.SequenceFormat.PortableText), plain(action.text()), scope, action))
    for shortcut in window.findChildren(QShortcut):
        parent = shortcut.parent()
        scope = None if shortcut.context() in GLOBAL else parent if isinstance(parent, QWidget) else None
        if shortcut.isEnabled() and (not isinstance(parent, QWidget) or _visible(parent, window)):
            for seq in shortcut.keys():
                out.append(Binding(seq.toString(QKeySequence.SequenceFormat.PortableText), "shortcut", scope, shortcut))
    return out


def _contains(outer: QWidget | None, inner: QWidget | None) -> bool:
    return outer is None or inner is None or outer is inner or outer.isAncestorOf(inner)


def shortcut_clashes(window: QWidget) -> list[str]:
    """Pairs of actions that Qt would both consider for one key press."""
    found = shortcuts(window)
    clashes = []
    for i, a in enumerate(found):
        for b in found[i + 1:]:
            if a.key == b.key and a.owner is not b.owner and (_contains(a.scope, b.scope) or _contains(b.scope, a.scope)):
                clashes.append(f"{a.key}: {a.name!r} and {b.name!r}")
    return clashes


def mnemonics(window: QWidget) -> list[Binding]:
    out: list[Binding] = []
    if isinstance(window, QMainWindow) and window.menuWidget() is not None:
        for action in window.menuBar().actions():
            if action.isVisible() and (letter := mnemonic(action.text())):
                out.append(Binding(f"Alt+{letter}", f"{plain(action.text())} menu", None, action))
    for widget in window.findChildren(QWidget):
        if not _visible(widget, window):
            continue
        texts: list[str] = []
        if isinstance(widget, QAbstractButton):
            texts = [widget.text()]
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            texts = [widget.text()]
        elif isinstance(widget, QGroupBox):
            texts = [widget.title()]
        elif isinstance(widget, QTabBar):
            texts = [widget.tabText(i) for i in range(widget.count()) if widget.isTabEnabled(i)]
        for text in texts:
            if letter := mnemonic(text):
                out.append(Binding(f"Alt+{letter}", plain(text), None, widget))
    return out


def mnemonic_clashes(window: QWidget) -> list[str]:
    seen: dict[str, Binding] = {}
    clashes = []
    for b in mnemonics(window):
        if b.key in seen:
            clashes.append(f"{b.key}: {seen[b.key].name!r} and {b.name!r}")
        else:
            seen[b.key] = b
    return clashes
