"""At 1024x640 (a small laptop) every view fits: no button narrower than its text, no widget
cut off by the one holding it. Screenshots of each view go to the test's tmp folder."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QApplication, QToolBar, QWidget

from app.rota import service as rota
from app.team.service import ensure_officer
from ui.views.registry import VIEW_KEYS

SIZE = (1024, 640)
TEAM = ["Alex Morgan", "Bea Khan", "Cal Reid", "Dee Osei"]


def _settle(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    def idle() -> bool:
        return not window.shell.tasks.busy and not window.shell.ops.busy

    qtbot.waitUntil(idle, timeout=10_000)
    qtbot.wait(20)
    qtbot.waitUntil(idle, timeout=10_000)


def _scrolled(widget: QWidget) -> bool:
    """Inside a scroll area's viewport: it may rightly run past what is shown."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent.parentWidget(), QAbstractScrollArea) and parent is parent.parentWidget().viewport():
            return True
        if isinstance(parent, QToolBar):  # a tool bar moves what does not fit into its » menu
            return True
        parent = parent.parentWidget()
    return False


def fit_problems(window: QWidget) -> list[str]:
    problems = []
    for w in window.findChildren(QWidget):
        if not w.isVisible() or w.isWindow() or _scrolled(w):
            continue
        name = w.accessibleName() or (w.text() if isinstance(w, QAbstractButton) else "") or type(w).__name__
        if isinstance(w, QAbstractButton) and w.text():
            hint = w.sizeHint()
            if w.width() < hint.width() or w.height() < hint.height() - 1:
                problems.append(f"button {name!r} is {w.width()}x{w.height()}, its text needs {hint.width()}x{hint.height()}")
        parent = w.parentWidget()
        if parent is not None and not parent.rect().adjusted(-1, -1, 1, 1).contains(w.geometry()):
            if isinstance(parent, QAbstractScrollArea):
                continue  # scroll bars and viewport are laid out by the area itself
            problems.append(f"{name!r} ({type(w).__name__}) is cut off by its {type(parent).__name__}: "
                            f"{_r(w.geometry())} outside {_r(parent.rect())}")
    return problems


def _r(r: QRect) -> str:
    return f"{r.x()},{r.y()} {r.width()}x{r.height()}"


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_view_fits_at_1024x640(qtbot, main_window, tmp_path, theme):  # type: ignore[no-untyped-def]
    from ui import theme as themes

    ctx = main_window.shell.ctx
    for name in TEAM:
        ensure_officer(ctx, name)
    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday())
    rota.apply_pattern(ctx, "four-week-out-of-hours", start=monday, weeks=4, officers=TEAM)
    themes.apply(QApplication.instance(), theme)
    main_window.resize(*SIZE)
    problems = []
    for key in VIEW_KEYS:
        main_window.show_view(key)
        _settle(main_window, qtbot)
        qtbot.waitUntil(lambda: (main_window.width(), main_window.height()) == SIZE)
        shot = tmp_path / f"{key}-{theme}-1024x640.png"
        assert main_window.grab().save(str(shot))
        problems += [f"{key}: {p}" for p in fit_problems(main_window)]
    assert problems == [], "\n".join(problems) + f"\n(screenshots in {tmp_path})"
