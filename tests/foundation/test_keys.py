"""Every view, walked: no two actions share a shortcut or an Alt mnemonic in one window,
and each shortcut, pressed as a real key, fires the one action it names."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from app.incidents import service as incidents
from app.shiftlog import service as shiftlog
from ui.keymap import mnemonic_clashes, mnemonics, shortcut_clashes, shortcuts
from ui.views.registry import VIEW_KEYS


def _settle(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.shell.busy, timeout=10_000)
    qtbot.wait(20)
    qtbot.waitUntil(lambda: not window.shell.busy, timeout=10_000)


def _screens(window, qtbot):  # type: ignore[no-untyped-def]
    """Each view, plus the incident cards that carry their own mnemonics."""
    for key in VIEW_KEYS:
        window.show_view(key)
        _settle(window, qtbot)
        yield key
    ctx = window.shell.ctx
    shiftlog.start_shift(ctx)
    window.show_view("log")
    _settle(window, qtbot)
    yield "log: during a shift"
    incident = incidents.start_incident(ctx, "post-gone-wrong", "Wrong bin day posted")
    view = window.show_view("incidents")
    seen: set[str] = set()
    for _ in range(6):
        view.show_incident(incident.id)
        _settle(window, qtbot)
        step = view.running.shown_step
        if step is None:
            break
        if step.kind not in seen:
            seen.add(step.kind)
            yield f"incidents: {step.kind} card"
        extra = {"choice": step.options[0], "rationale": "because"} if step.kind == "decision" else {}
        incident = incidents.complete_step(ctx, incident.id, step.no, **extra)


def test_no_two_actions_share_a_key_in_any_view(qtbot, main_window):  # type: ignore[no-untyped-def]
    problems = []
    for screen in _screens(main_window, qtbot):
        problems += [f"{screen}: {c}" for c in shortcut_clashes(main_window)]
        problems += [f"{screen}: {c}" for c in mnemonic_clashes(main_window)]
    assert problems == [], "\n".join(problems)


class _ModalCloser:
    """Dismisses any dialog or popup a shortcut opens (a real key press may open one)."""

    def __init__(self) -> None:
        self.closed: list[str] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._close)
        self.timer.start()

    def _close(self) -> None:
        for widget in _open_dialogs():
            if widget.isVisible():
                self.closed.append(type(widget).__name__)
                reject = getattr(widget, "reject", None)
                reject() if callable(reject) else widget.close()


def _open_dialogs() -> list[QWidget]:
    from PySide6.QtWidgets import QDialog

    found = [QApplication.activePopupWidget(), QApplication.activeModalWidget()]
    found += [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
    return [w for w in found if w is not None and w.isVisible()]


def _activate(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Bring the window back to the front after a dialog closed (asked again until it is).

    First wait until the closer has dismissed what the last key opened: while a menu
    popup is still up, Qt offers the next key only to the popup, and a loaded machine
    may press it before the closer's next tick."""
    qtbot.waitUntil(lambda: not _open_dialogs(), timeout=10_000)

    def active() -> bool:
        if not window.isActiveWindow():
            window.raise_()
            window.activateWindow()
        return window.isActiveWindow()

    qtbot.waitUntil(active, timeout=5000)


def _focus_inside(scope: QWidget | None, window: QWidget) -> None:
    """Focus a non-text widget inside ``scope`` (text fields rightly keep editing keys)."""
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit

    root = scope or window
    text_like = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox)
    candidates = [root, *root.findChildren(QWidget)]
    for widget in candidates:
        if (widget.focusPolicy() != Qt.FocusPolicy.NoFocus and widget.isVisible() and widget.isEnabled()
                and not isinstance(widget, text_like)):
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return
    root.setFocus(Qt.FocusReason.OtherFocusReason)


SKIP = {"Quit"}  # closes the window under test; its key is still checked for clashes above


@pytest.mark.parametrize("key", [k for k in VIEW_KEYS])
def test_each_shortcut_pressed_fires_its_one_action(qtbot, main_window, key):  # type: ignore[no-untyped-def]
    from app.rota import service as rota
    from app.team.service import ensure_officer

    for name in ("Alex Morgan", "Bea Khan"):
        ensure_officer(main_window.shell.ctx, name)
    import datetime as dt

    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday())
    rota.apply_pattern(main_window.shell.ctx, "four-week-out-of-hours", start=monday, weeks=1,
                       officers=["Alex Morgan", "Bea Khan"])
    main_window.show_view(key)
    _settle(main_window, qtbot)
    bindings = [b for b in shortcuts(main_window) if b.name not in SKIP and b.owner.isEnabled()]
    assert bindings
    fired: list[object] = []
    for b in {id(b.owner): b for b in bindings}.values():
        signal = b.owner.triggered if isinstance(b.owner, QAction) else b.owner.activated
        signal.connect(lambda *_a, owner=b.owner: fired.append(owner))
    closer = _ModalCloser()
    failures = []
    try:
        for b in bindings:
            main_window.show_view(key)
            _settle(main_window, qtbot)
            if not b.owner.isEnabled():
                continue
            _activate(main_window, qtbot)
            _focus_inside(b.scope, main_window)
            qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=2000)
            fired.clear()
            combo = QKeySequence(b.key)[0]
            qtbot.keyClick(QApplication.focusWidget(), combo.key(), combo.keyboardModifiers())
            try:
                qtbot.waitUntil(lambda: bool(fired), timeout=2000)
            except Exception:  # noqa: BLE001 - reported below with the key
                pass
            if fired != [b.owner]:
                names = [getattr(o, "text", lambda: "shortcut")() for o in fired]
                failures.append(f"{key}: {b.key} should fire {b.name!r}, fired {names}")
            _settle(main_window, qtbot)
    finally:
        closer.timer.stop()
    assert failures == [], "\n".join(failures)


SCREENS = [*VIEW_KEYS, "log during a shift", "incident check", "incident decision", "incident statement"]


def _goto(window, qtbot, screen: str):  # type: ignore[no-untyped-def]
    ctx = window.shell.ctx
    if screen in VIEW_KEYS:
        window.show_view(screen)
    elif screen == "log during a shift":
        shiftlog.start_shift(ctx)
        window.show_view("log")
    else:
        kind = screen.split()[1]
        incident = incidents.start_incident(ctx, "post-gone-wrong", "Wrong bin day posted")
        while (step := incident.current_step) is not None and step.kind != kind:
            extra = {"choice": step.options[0], "rationale": "because"} if step.kind == "decision" else {}
            incident = incidents.complete_step(ctx, incident.id, step.no, **extra)
        view = window.show_view("incidents")
        view.show_incident(incident.id)
        qtbot.waitUntil(lambda: getattr(view.running.shown_step, "kind", None) == kind, timeout=10_000)
    _settle(window, qtbot)


def _landed(binding, window) -> bool:  # type: ignore[no-untyped-def]
    """Did Alt+letter reach the widget it is written on?"""
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabBar

    widget, focus = binding.owner, QApplication.focusWidget()
    if isinstance(widget, QAbstractButton):
        return bool(getattr(widget, "_pressed_by_test", False))
    if isinstance(widget, QLabel):
        buddy = widget.buddy()
        return focus is not None and (focus is buddy or buddy.isAncestorOf(focus) or buddy.focusProxy() is focus)
    if isinstance(widget, QGroupBox):
        return focus is not None and widget.isAncestorOf(focus)
    if isinstance(widget, QTabBar):
        return widget.tabText(widget.currentIndex()).replace("&", "").lower() == binding.name.lower()
    return bool(getattr(widget, "_pressed_by_test", False))  # a menu-bar action: its menu opened


@pytest.mark.parametrize("screen", SCREENS)
def test_each_mnemonic_pressed_lands_on_its_widget(qtbot, main_window, screen):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QAbstractButton

    _goto(main_window, qtbot, screen)
    found = mnemonics(main_window)
    assert found
    closer = _ModalCloser()
    failures = []
    try:
        for b in found:
            widget = b.owner
            _settle(main_window, qtbot)  # an answer still on its way may disable or rebuild the widget
            if not shiboken6.isValid(widget) or isinstance(widget, QWidget) and not widget.isVisible():
                continue  # an earlier press changed the screen (e.g. started a shift)
            if isinstance(widget, QWidget) and not widget.isEnabled():
                continue  # greyed out now (Qt rightly ignores its mnemonic); checked when enabled
            if isinstance(widget, QAbstractButton):
                widget._pressed_by_test = False
                # clicked, not pressed: it comes after the button's own slots (a dialog it opens has
                # been dismissed by then, so the next key cannot land in it)
                widget.clicked.connect(lambda _c=False, w=widget: setattr(w, "_pressed_by_test", True))
            elif isinstance(widget, QAction):
                widget._pressed_by_test = False
                widget.menu().aboutToShow.connect(lambda w=widget: setattr(w, "_pressed_by_test", True))
            _activate(main_window, qtbot)
            target = QApplication.focusWidget() or main_window
            qtbot.keyClick(target, QKeySequence(b.key)[0].key(), Qt.KeyboardModifier.AltModifier)
            try:
                qtbot.waitUntil(lambda: _landed(b, main_window), timeout=1500)
            except Exception:  # noqa: BLE001 - reported below
                failures.append(f"{screen}: {b.key} did not reach {b.name!r} (focus: {QApplication.focusWidget()!r})")
            _settle(main_window, qtbot)
    finally:
        closer.timer.stop()
    assert failures == [], "\n".join(failures)
