"""At 1024x640 (a small laptop) and 1600x1000, light and dark, every view fits: no button
narrower than its text, no widget cut off by the one holding it, no column header or
time/number cell cut short. Screenshots of each view go to the test's tmp folder."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QTableView,
    QToolBar,
    QWidget,
)

from app.rota import service as rota
from app.team.service import ensure_officer
from ui.views.registry import VIEW_KEYS

SIZE = (1024, 640)
TEAM = ["Alex Morgan", "Bea Khan", "Cal Reid", "Dee Osei", "Eli Novak", "Fay Lindqvist-Okafor", "Gus Patel",
        "Hana Ito", "Ivo Brennan", "Jo Adeyemi", "Kit Marsh", "Lou Fernández"]


def _settle(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    def idle() -> bool:
        return not window.shell.busy

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
        if isinstance(w, QLineEdit) and not w.text() and w.placeholderText():
            needed = w.fontMetrics().horizontalAdvance(w.placeholderText()) + 16 + (24 if w.isClearButtonEnabled() else 0)
            if needed > w.width():
                problems.append(f"the hint in {name!r} needs {needed} px, the field is {w.width()}")
        if isinstance(w, QLabel) and w.text() and w.pixmap().isNull():
            problems += _label_problems(w, name)
        parent = w.parentWidget()
        if parent is not None and not parent.rect().adjusted(-1, -1, 1, 1).contains(w.geometry()):
            if isinstance(parent, QAbstractScrollArea):
                continue  # scroll bars and viewport are laid out by the area itself
            problems.append(f"{name!r} ({type(w).__name__}) is cut off by its {type(parent).__name__}: "
                            f"{_r(w.geometry())} outside {_r(parent.rect())}")
    return problems


def settled_problems(window: QWidget, qtbot) -> list[str]:  # type: ignore[no-untyped-def]
    """The fit problems once the layout has caught up: a status bar segment whose text an
    answer changed just now is laid out on the next turn of the event loop, so the
    measure is retried until it holds or a few seconds pass (a real problem stays)."""
    from pytestqt.exceptions import TimeoutError as NotSettled

    found: list[str] = []

    def fits() -> bool:
        found[:] = fit_problems(window) + table_problems(window)
        return not found

    try:
        qtbot.waitUntil(fits, timeout=3_000)
    except NotSettled:
        pass
    return found


def _label_problems(label: QLabel, name: str) -> list[str]:
    """A label shows all of its text: wrapped text has the height it needs, one line its width."""
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if needed > label.height() + 1:
            return [f"label {name!r} is {label.width()}x{label.height()}, its wrapped text needs height {needed}"]
        return []
    if label.sizeHint().width() > label.width() + 1:
        return [f"label {name!r} is {label.width()} wide, its text needs {label.sizeHint().width()}"]
    return []


def table_problems(window: QWidget) -> list[str]:
    """Column headers show their whole label, and a column sized to its contents (times,
    numbers) shows every visible cell whole; only stretched or dragged columns may elide,
    and a stretched column (the text people read) is the widest one."""
    problems = []
    for table in window.findChildren(QTableView):
        if not table.isVisible() or table.model() is None:
            continue
        model, header = table.model(), table.horizontalHeader()
        name = table.accessibleName() or type(table).__name__
        header_margin = 2 * table.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        cell_margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
        header_metrics, cell_metrics = QFontMetrics(header.font()), QFontMetrics(table.font())
        first = table.rowAt(0)
        last = table.rowAt(table.viewport().height() - 1)
        rows = range(max(first, 0), (last if last >= 0 else model.rowCount() - 1) + 1) if first >= 0 else range(0)
        for col in range(model.columnCount()):
            if header.isHidden() or header.isSectionHidden(col):
                continue
            label = str(model.headerData(col, Qt.Orientation.Horizontal) or "")
            width = header.sectionSize(col)
            if label and header_metrics.horizontalAdvance(label) + header_margin > width:
                problems.append(f"{name}: header {label!r} is cut to {width} px")
            if header.sectionResizeMode(col) == QHeaderView.ResizeMode.Stretch and model.rowCount():
                widest = max((header.sectionSize(c) for c in range(model.columnCount())
                              if c != col and not header.isSectionHidden(c)), default=0)
                if width < widest:
                    problems.append(f"{name}: the stretched column {label!r} ({width} px) is narrower than another ({widest} px)")
            if header.sectionResizeMode(col) not in (QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Fixed):
                continue
            for row in rows:
                text = str(model.data(model.index(row, col)) or "")
                if cell_metrics.horizontalAdvance(text) + cell_margin > width:
                    problems.append(f"{name}: {label!r} of row {row + 1} ({text!r}) is cut to {width} px")
    return problems


def _seed_subtitles(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A video with captions in the Subtitles view, so its cue table has rows to measure."""
    from app.subtitles.cues import Cue
    from tests.subtitles.conftest import make_clip

    view = window.show_view("subtitles")
    view.open_video(make_clip(window.shell.ctx.data_dir / "Flood update.mp4", seconds=4))
    qtbot.waitUntil(lambda: view.project is not None, timeout=20_000)
    view.model.apply("seed", lambda _c: [Cue(800, 3_600, "Good evening. This is an update\non flooding."),
                                         Cue(3_700, 3_900, "Please stay away from the riverside path and the footbridge.")])
    view.select_row(1, seek=False)


def _seed_shift_and_incident(ctx) -> None:  # type: ignore[no-untyped-def]
    """A shift with entries of every length and an incident forty minutes old whose first
    step is long and whose update is overdue: the step card and the overdue banner are what
    an officer reads under pressure, on a laptop."""
    from app.db.base import utcnow
    from app.incidents import facts
    from app.incidents.service import complete_step, start_incident
    from app.shiftlog import service as shiftlog

    start = utcnow() - dt.timedelta(hours=3)
    shiftlog.start_shift(ctx, at=start)
    for n, (category, channel) in enumerate([("post", "x"), ("enquiry", "phone"), ("reply", "facebook"), ("note", None)]):
        shiftlog.add_entry(ctx, "Westfield Gazette asked for a statement on the rest centre; promised by 19:30 " * (n % 2 + 1),
                           category=category, channel=channel, event_at=start + dt.timedelta(minutes=20 * n + 5))
    began = utcnow() - dt.timedelta(minutes=40)
    incident = start_incident(ctx, "severe-weather-transport", "Flooding in Westfield: River Wend over its banks", at=began)
    facts.record_intake(ctx, incident.id, at=began + dt.timedelta(minutes=2), what="River Wend over its banks")
    timer = next(s for s in incident.steps if s.kind == "timer")
    complete_step(ctx, incident.id, timer.no, at=began + dt.timedelta(minutes=4))  # its update is overdue now


def _r(r: QRect) -> str:
    return f"{r.x()},{r.y()} {r.width()}x{r.height()}"


@pytest.mark.parametrize("size", [SIZE, (1600, 1000)], ids=["1024x640", "1600x1000"])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_view_fits(qtbot, main_window, tmp_path, theme, size):  # type: ignore[no-untyped-def]
    from ui import theme as themes

    ctx = main_window.shell.ctx
    for name in TEAM:
        ensure_officer(ctx, name)
    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday())
    rota.apply_pattern(ctx, "four-week-out-of-hours", start=monday, weeks=4, officers=TEAM[:4])
    rota.apply_pattern(ctx, "four-week-out-of-hours", start=monday + dt.timedelta(weeks=4), weeks=4, officers=TEAM[4:8])
    _seed_shift_and_incident(ctx)
    themes.apply(QApplication.instance(), theme)
    main_window.resize(*size)
    _seed_subtitles(main_window, qtbot)
    problems = []
    for key in VIEW_KEYS:
        main_window.show_view(key)
        _settle(main_window, qtbot)
        qtbot.waitUntil(lambda: (main_window.width(), main_window.height()) == size)
        shot = tmp_path / f"{key}-{theme}-{size[0]}x{size[1]}.png"
        assert main_window.grab().save(str(shot))
        problems += [f"{key}: {p}" for p in settled_problems(main_window, qtbot)]
    assert problems == [], "\n".join(problems) + f"\n(screenshots in {tmp_path})"


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_rota_reads_at_laptop_size(qtbot, main_window, theme):  # type: ignore[no-untyped-def]
    """At 1024x640 who is on now and next takes at most two lines (it took four), and the checks
    name their rule in words."""
    from ui import theme as themes

    ctx = main_window.shell.ctx
    for name in TEAM[:4]:
        ensure_officer(ctx, name)
    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday())
    rota.apply_pattern(ctx, "four-week-out-of-hours", start=monday, weeks=4, officers=TEAM[:3])  # a line left open
    themes.apply(QApplication.instance(), theme)
    main_window.resize(*SIZE)
    view = main_window.show_view("rota")
    qtbot.waitUntil(lambda: view.findings_model.rowCount() > 0 and "Next" in view.now_label.text(), timeout=20_000)
    _settle(main_window, qtbot)
    label = view.now_label
    assert label.heightForWidth(label.width()) < 3 * label.fontMetrics().lineSpacing(), label.text()
    rules = {view.findings_model.data(view.findings_model.index(r, 2)) for r in range(view.findings_model.rowCount())}
    assert rules and all("-" not in rule and rule[0].isupper() for rule in rules), rules


@pytest.mark.parametrize("size", [SIZE, (1600, 1000)], ids=["1024x640", "1600x1000"])
def test_every_step_card_shows_whole_beside_the_steps(qtbot, main_window, size):  # type: ignore[no-untyped-def]
    """Each step of a running incident (a check, a call, a decision with its fields) on the
    card: its text whole, no sideways scrolling, the list of steps beside it, not under it."""
    ctx = main_window.shell.ctx
    _seed_shift_and_incident(ctx)
    main_window.resize(*size)
    view = main_window.show_view("incidents")
    qtbot.waitUntil(lambda: view.running.incident is not None, timeout=20_000)
    running = view.running
    for step in running.incident.steps:
        running.select_step(step.no)
        _settle(main_window, qtbot)
        qtbot.waitUntil(lambda: running.card.width() <= running.card_area.viewport().width()
                        and running.card_area.geometry().right() < running.right_part.geometry().left())
        for text in (running.step_text, running.timer_banner, running.title_label):
            assert text.height() >= text.heightForWidth(text.width()), f"step {step.no}: {text.text()!r} is cut"
        assert "UPDATE DUE NOW" in running.timer_banner.text()
        assert not running.card_area.horizontalScrollBar().isVisible(), f"step {step.no} scrolls sideways"
        assert running.right_part.width() >= 160


def _painted(widget: QWidget) -> bool:
    """Something other than the background is drawn on ``widget`` (the empty list's hint)."""
    image = widget.grab().toImage()
    background = image.pixelColor(2, 2)
    return any(image.pixelColor(x, y) != background
               for y in range(0, min(image.height(), 80), 2) for x in range(0, image.width(), 2))


@pytest.mark.parametrize("size", [SIZE, (1600, 1000)], ids=["1024x640", "1600x1000"])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_photo_side_panels_fit_and_empty_lists_say_what_goes_there(qtbot, main_window, tmp_path, theme, size):  # type: ignore[no-untyped-def]
    """The Photo view with a photo open, before and after an export: headings on one line,
    every column of Recent exports in sight, and an empty list says what will appear in it."""
    from tests.photo.samples import make_jpeg
    from ui import theme as themes
    from ui.photo.layout import NO_EXPORTS_TEXT, NO_PHOTOS_TEXT

    themes.apply(QApplication.instance(), theme)
    main_window.resize(*size)
    view = main_window.show_view("photo")
    _settle(main_window, qtbot)
    qtbot.waitUntil(lambda: (main_window.width(), main_window.height()) == size)
    assert view.photo_list.model().rowCount() == 0 and _painted(view.photo_list.viewport())
    assert view.photo_list.accessibleDescription() == NO_PHOTOS_TEXT

    view.open_paths([make_jpeg(tmp_path / "Sandbags at Westfield.jpg", size=(900, 600), orientation=1)])
    qtbot.waitUntil(lambda: view.current is not None, timeout=20_000)
    _settle(main_window, qtbot)
    library = view.library_view
    assert library.model().rowCount() == 0 and library.accessibleDescription() == NO_EXPORTS_TEXT
    assert _painted(library.viewport()), "the empty Recent exports list shows no hint"

    def one_line_headings() -> list[str]:
        late = []
        for label in view.findChildren(QLabel):
            if label.isVisible() and label.property("role") == "subheading":
                lines = label.heightForWidth(label.width()) / label.fontMetrics().lineSpacing()
                if lines >= 1.5 or label.sizeHint().width() > label.width():
                    late.append(f"heading {label.text()!r} wraps in {label.width()} px")
        return late

    def columns_in_sight() -> list[str]:
        header, width = library.horizontalHeader(), library.viewport().width()
        out = []
        for col in range(library.model().columnCount()):
            label = str(library.model().headerData(col, Qt.Orientation.Horizontal))
            left, wide = header.sectionViewportPosition(col), header.sectionSize(col)
            if left < 0 or left + wide > width + 1 or wide < QFontMetrics(header.font()).horizontalAdvance(label):
                out.append(f"column {label!r} at {left}+{wide} of {width} px")
        return out

    assert one_line_headings() == [] and columns_in_sight() == []
    assert settled_problems(main_window, qtbot) == []

    view.channels.checked = {"x"}
    view._update_enabled()
    view.folder.setText(str(tmp_path / "ready"))
    qtbot.keyClicks(view.alt_panel.editor, "Sandbags stacked outside the Westfield rest centre")
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: library.model().rowCount() == 1, timeout=30_000)
    _settle(main_window, qtbot)
    assert one_line_headings() == [] and columns_in_sight() == []
    assert settled_problems(main_window, qtbot) == []
    assert main_window.grab().save(str(tmp_path / f"photo-{theme}-{size[0]}x{size[1]}.png"))
