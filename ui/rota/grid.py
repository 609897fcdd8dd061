"""The rota grid: officers down, days across, one painted cell per shift.

A custom painted widget (not one widget per cell) so a month with 30 officers draws
in a few milliseconds. Shift colours by type, weekends tinted, bank holidays and today
marked, cells with a problem outlined in red. Keyboard: arrows move, Home/End jump to
the ends of the row, Enter edits, Delete removes (the view wires the actions).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from app.rota import rules as rules_mod
from app.rota.records import CheckReport, ShiftInfo
from app.rota.service import RotaSnapshot

KIND_COLOURS = {
    "early": ("#f7d98b", "#5a4300"),
    "late": ("#9cc3ee", "#0f3360"),
    "night": ("#c0aee8", "#2f1a63"),
    "day": ("#a8dcb0", "#114a1c"),
    "on-call": ("#efb3c0", "#5c1020"),
}
OPEN_ROW = "Open / needs cover"
LEAVE_SHORT = {"annual": "AL", "sick": "S", "training": "T"}
NEEDS_COVER = ("#e8796b", "#ffffff")


_COLOUR_CACHE: dict[str, tuple[QColor, QColor]] = {}


def kind_colours(kind: str) -> tuple[QColor, QColor]:
    found = _COLOUR_CACHE.get(kind)
    if found is None:
        back, fore = KIND_COLOURS.get(kind, ("#d0d0d0", "#202020"))
        found = _COLOUR_CACHE[kind] = (QColor(back), QColor(fore))
    return found


@dataclass
class Cell:
    shift: ShiftInfo
    on_leave: bool
    problem: str  # "" or the first error message
    times: str = ""  # "07:00\n12:30", worked out once in set_data


class RotaGrid(QWidget):
    current_changed = Signal(object)  # ShiftInfo | None
    activated = Signal(object)  # ShiftInfo | None (double click / Enter)

    NAME_WIDTH = 150
    MIN_COLUMN = 26
    HEADER_HEIGHT = 38

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Rota grid: officers down, days across")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self._days: list[dt.date] = []
        self._rows: list[str] = []
        self._cells: dict[tuple[int, int], list[Cell]] = {}
        self._holidays: dict[dt.date, str] = {}
        self._leave: dict[tuple[int, int], str] = {}
        self._current = (0, 0)
        self._detailed = False
        self._row_height_cache = 0
        self._measure_rows()
        self.today = dt.date.today()
        self.zone: dt.tzinfo = dt.timezone.utc

    # --- data ---------------------------------------------------------------------------
    def set_data(
        self, snap: RotaSnapshot, start: dt.date, end: dt.date, *, report: CheckReport | None = None,
        officer_order: list[str] | None = None,
    ) -> None:
        ctx = snap.context
        self.zone = ctx.zone
        self._days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
        self._detailed = len(self._days) <= 7
        self._measure_rows()
        self._holidays = {d: n for d, n in ctx.bank_holidays.items() if start <= d <= end}
        report = report or snap.check()
        problems: dict[str, str] = {}
        # The cover candidates are the most useful thing to show on a shift that needs cover.
        for finding in sorted(report.findings, key=lambda f: f.rule != "needs-cover"):
            if finding.severity == "error":
                for shift_id in finding.shift_ids:
                    problems.setdefault(shift_id, finding.message)
        in_range = [s for s in snap.shifts if start <= ctx.day(s) <= end]
        names = officer_order or sorted({o.name for o in snap.officers} | {s.officer for s in in_range if s.officer})
        has_open = any(not rules_mod.is_effective(s, ctx) for s in in_range)
        self._rows = list(names) + ([OPEN_ROW] if has_open else [])
        index = {name: i for i, name in enumerate(self._rows)}
        self._cells = {}
        for s in in_range:
            col = (ctx.day(s) - start).days
            effective = rules_mod.is_effective(s, ctx)
            times = f"{s.local_start(self.zone):%H:%M}\n{s.local_end(self.zone):%H:%M}"
            if s.officer in index:
                cell = Cell(s, not effective and s.officer_id is not None, problems.get(s.id, ""), times)
                self._cells.setdefault((index[s.officer], col), []).append(cell)
            if not effective:
                self._cells.setdefault((index[OPEN_ROW], col), []).append(Cell(s, False, problems.get(s.id, ""), times))
        self._leave = {}
        for leave in snap.leave:
            if leave.officer in index:
                for col, day in enumerate(self._days):
                    if leave.covers(day):
                        self._leave[(index[leave.officer], col)] = leave.kind
        row, col = self._current
        self._current = (min(row, max(0, len(self._rows) - 1)), min(col, max(0, len(self._days) - 1)))
        self.updateGeometry()
        self.update()
        self.current_changed.emit(self.current_shift())

    def row_count(self) -> int:
        return len(self._rows)

    def rows(self) -> list[str]:
        return list(self._rows)

    def shifts_at(self, row: int, col: int) -> list[ShiftInfo]:
        return [c.shift for c in self._cells.get((row, col), [])]

    def current_shift(self) -> ShiftInfo | None:
        found = self.shifts_at(*self._current)
        return found[0] if found else None

    def current_day(self) -> dt.date | None:
        return self._days[self._current[1]] if self._days else None

    def current_officer(self) -> str | None:
        if not self._rows:
            return None
        name = self._rows[self._current[0]]
        return None if name == OPEN_ROW else name

    def select_shift(self, shift_id: str) -> bool:
        for (row, col), cells in self._cells.items():
            if any(c.shift.id == shift_id for c in cells):
                self._set_current(row, col)
                return True
        return False

    # --- geometry -----------------------------------------------------------------------
    def _row_height(self) -> int:
        return self._row_height_cache

    def _measure_rows(self) -> None:
        fm = QFontMetrics(self.font())
        self._row_height_cache = fm.height() * (3 if self._detailed else 2) + 6

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt name
        if event.type() == QEvent.Type.FontChange:
            self._measure_rows()
        super().changeEvent(event)

    def _col_width(self) -> float:
        if not self._days:
            return 1.0
        return max(self.MIN_COLUMN, (self.width() - self.NAME_WIDTH) / len(self._days))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt name
        return QSize(900, self.HEADER_HEIGHT + self._row_height() * max(1, len(self._rows)) + 2)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt name
        # Every day's column fits (the scroll area scrolls sideways rather than cut the month off).
        return QSize(self.NAME_WIDTH + self.MIN_COLUMN * max(7, len(self._days)), self.HEADER_HEIGHT + self._row_height() * max(1, len(self._rows)) + 2)

    def _cell_rect(self, row: int, col: int) -> QRect:
        w = self._col_width()
        x = int(self.NAME_WIDTH + col * w)
        return QRect(x, self.HEADER_HEIGHT + row * self._row_height(), int(self.NAME_WIDTH + (col + 1) * w) - x,
                     self._row_height())

    def _hit(self, pos: QPoint) -> tuple[int, int] | None:
        if pos.x() < self.NAME_WIDTH or pos.y() < self.HEADER_HEIGHT or not self._days:
            return None
        col = int((pos.x() - self.NAME_WIDTH) / self._col_width())
        row = (pos.y() - self.HEADER_HEIGHT) // self._row_height()
        if 0 <= row < len(self._rows) and 0 <= col < len(self._days):
            return row, col
        return None

    # --- painting -----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pal = self.palette()
        base, text = pal.color(QPalette.ColorRole.Base), pal.color(QPalette.ColorRole.Text)
        dark = base.lightness() < 128
        painter.fillRect(self.rect(), base)
        grid_pen = QPen(pal.color(QPalette.ColorRole.Mid))
        weekend_tint = QColor(255, 255, 255, 14) if dark else QColor(0, 0, 0, 10)
        holiday_tint = QColor(214, 93, 80, 40)
        today_pen = QPen(QColor("#2f6fb3"), 2)
        font = self.font()
        small = QFont(font)
        small.setPointSizeF(max(7.0, font.pointSizeF() - 1.5))
        bold = QFont(font)
        bold.setBold(True)
        today_font = QFont(small)  # bold at the small size: "Wed" fits the narrow month column
        today_font.setBold(True)
        rh = self._row_height()
        height = self.HEADER_HEIGHT + rh * len(self._rows)
        clip = event.rect()
        # Column backgrounds and header.
        for col, day in enumerate(self._days):
            rect = self._cell_rect(0, col)
            column = QRect(rect.x(), 0, rect.width(), height)
            if not column.intersects(clip):
                continue
            if day in self._holidays:
                painter.fillRect(column, holiday_tint)
            elif day.weekday() >= 5:
                painter.fillRect(column, weekend_tint)
            painter.setPen(text)
            painter.setFont(today_font if day == self.today else small)
            head = QRect(rect.x(), 2, rect.width(), self.HEADER_HEIGHT - 4)
            label = f"{day:%a}\n{day.day}" if not self._detailed else f"{day:%a %d %b}"
            if day in self._holidays and self._detailed:
                label += f"\n{self._holidays[day]}"
            painter.drawText(head, Qt.AlignmentFlag.AlignCenter, label)
        # Row names and grid lines.
        painter.setFont(font)
        for row, name in enumerate(self._rows):
            y = self.HEADER_HEIGHT + row * rh
            painter.setPen(grid_pen)
            painter.drawLine(0, y, self.width(), y)
            painter.setPen(text)
            painter.setFont(bold if name == OPEN_ROW else font)
            shown = painter.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, self.NAME_WIDTH - 10)
            painter.drawText(QRect(6, y, self.NAME_WIDTH - 10, rh), Qt.AlignmentFlag.AlignVCenter, shown)
        painter.setPen(grid_pen)
        painter.drawLine(0, height, self.width(), height)
        painter.drawLine(self.NAME_WIDTH, 0, self.NAME_WIDTH, height)
        # Leave, then shifts.
        painter.setFont(small)
        hatch = QBrush(QColor(128, 128, 128, 110), Qt.BrushStyle.BDiagPattern)
        for (row, col), kind in self._leave.items():
            rect = self._cell_rect(row, col).adjusted(2, 2, -2, -2)
            if rect.intersects(clip):
                painter.fillRect(rect, QColor(128, 128, 128, 40))
                painter.fillRect(rect, hatch)
                if not self._cells.get((row, col)):
                    painter.setPen(pal.color(QPalette.ColorRole.Text))
                    label = kind if self._detailed else LEAVE_SHORT.get(kind, kind[:1].upper())
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
        for (row, col), cells in self._cells.items():
            rect = self._cell_rect(row, col)
            if not rect.intersects(clip):
                continue
            inner = rect.adjusted(2, 2, -2, -2)
            part = inner.height() // len(cells)
            for i, cell in enumerate(cells):
                box = QRect(inner.x(), inner.y() + i * part, inner.width(), part - (1 if i < len(cells) - 1 else 0))
                self._paint_cell(painter, box, cell, self._rows[row] == OPEN_ROW)
        # Today and the current cell.
        if self.today in self._days:
            col = self._days.index(self.today)
            rect = self._cell_rect(0, col)
            painter.setPen(today_pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRect(rect.x(), 1, rect.width() - 1, height - 1))
        if self._rows and self._days:
            focus = self._cell_rect(*self._current)
            painter.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 3 if self.hasFocus() else 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(focus.adjusted(1, 1, -2, -2))
        painter.end()

    def _paint_cell(self, painter: QPainter, box: QRect, cell: Cell, open_row: bool) -> None:
        s = cell.shift
        if open_row or cell.on_leave:
            back, fore = QColor(NEEDS_COVER[0]), QColor(NEEDS_COVER[1])
            if cell.on_leave:
                back.setAlpha(90)
                fore = self.palette().color(QPalette.ColorRole.Text)
        else:
            back, fore = kind_colours(s.kind)
        painter.fillRect(box, back)
        if cell.problem:
            painter.setPen(QPen(QColor("#c0392b"), 2))
            painter.drawRect(box.adjusted(1, 1, -1, -1))
        painter.setPen(fore)
        if self._detailed:
            who = f"\n{s.officer} on leave" if open_row and s.officer else ("\nopen" if open_row else "")
            label = f"{cell.times.replace(chr(10), '–')}\n{s.kind}{' (leave)' if cell.on_leave else ''}{who}"
        elif box.width() >= 64:
            label = cell.times
        else:
            label = s.kind[:1].upper()
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)

    # --- interaction -----------------------------------------------------------------
    def _set_current(self, row: int, col: int) -> None:
        if not self._rows or not self._days:
            return
        row = max(0, min(row, len(self._rows) - 1))
        col = max(0, min(col, len(self._days) - 1))
        if (row, col) != self._current:
            old = self._cell_rect(*self._current)
            self._current = (row, col)
            self.update(old.adjusted(-2, -2, 2, 2))
            self.update(self._cell_rect(row, col).adjusted(-2, -2, 2, 2))
            self.current_changed.emit(self.current_shift())
            shift = self.current_shift()
            day = self._days[col]
            what = f"{shift.officer or 'open'} {shift.label(self.zone)}" if shift else "no shift"
            self.setAccessibleDescription(f"{self._rows[row]}, {day:%A %d %B}: {what}")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt name
        row, col = self._current
        key = event.key()
        moves = {
            Qt.Key.Key_Left: (row, col - 1), Qt.Key.Key_Right: (row, col + 1),
            Qt.Key.Key_Up: (row - 1, col), Qt.Key.Key_Down: (row + 1, col),
            Qt.Key.Key_Home: (row, 0), Qt.Key.Key_End: (row, len(self._days) - 1),
        }
        if key in moves:
            self._set_current(*moves[key])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activated.emit(self.current_shift())
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt name
        hit = self._hit(event.position().toPoint())
        if hit:
            self._set_current(*hit)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt name
        hit = self._hit(event.position().toPoint())
        if hit:
            self._set_current(*hit)
            self.activated.emit(self.current_shift())

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            hit = self._hit(event.pos())  # type: ignore[attr-defined]
            if hit:
                lines = []
                for cell in self._cells.get(hit, []):
                    s = cell.shift
                    lines.append(
                        f"{s.officer or 'Open shift'}: {s.label(self.zone)}, {s.paid_hours:g} h paid"
                        + (" (on leave: needs cover)" if cell.on_leave else "")
                    )
                    if cell.problem:
                        lines.append(f"⚠ {cell.problem}")
                if hit in self._leave:
                    lines.append(f"{self._rows[hit[0]]} is on {self._leave[hit]} leave")
                day = self._days[hit[1]]
                if day in self._holidays:
                    lines.append(f"Bank holiday: {self._holidays[day]}")
                if lines:
                    QToolTip.showText(event.globalPos(), "\n".join(lines), self)  # type: ignore[attr-defined]
                    return True
            QToolTip.hideText()
            return True
        return super().event(event)

    def focusInEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        self.update()
        super().focusOutEvent(event)
