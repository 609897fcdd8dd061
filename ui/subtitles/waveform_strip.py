"""The audio waveform under the video: cue regions, playhead, click to seek, drag cue edges.

The peaks come from ``app.subtitles.waveform`` (computed off the GUI thread). The strip
shows a window of up to 30 seconds that follows the playhead. Dragging a cue's edge
previews the move and, on release, asks the view to push one undo command.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPen, QWheelEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.subtitles.cues import Cue
from app.subtitles.waveform import Waveform

EDGE_GRAB_PX = 6
MIN_SPAN_MS = 2000


class WaveformStrip(QWidget):
    seek_requested = Signal(int)
    edge_moved = Signal(int, str, int)  # row, "start"|"end", new ms

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(70)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Audio waveform")
        self.setAccessibleDescription("Click to move the playhead; drag a cue edge to change its time; Left/Right move by a second.")
        self.setMouseTracking(True)
        self.waveform: Waveform | None = None
        self.cues: list[Cue] = []
        self.current_row: int | None = None
        self.position_ms = 0
        self.duration_ms = 0
        self.span_ms = 30_000
        self.message = "No waveform yet."
        self._drag: tuple[int, str] | None = None
        self._drag_ms = 0

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(600, 90)

    def set_waveform(self, waveform: Waveform | None, message: str = "") -> None:
        self.waveform = waveform
        if waveform is not None:
            self.duration_ms = max(self.duration_ms, waveform.duration_ms)
        self.message = message
        self.update()

    def set_cues(self, cues: Sequence[Cue], current_row: int | None) -> None:
        self.cues = list(cues)
        self.current_row = current_row
        self.update()

    def set_position(self, ms: int) -> None:
        self.position_ms = ms
        self.update()

    # -- geometry -------------------------------------------------------------------

    def window(self) -> tuple[int, int]:
        span = min(self.span_ms, self.duration_ms) if self.duration_ms else self.span_ms
        start = max(0, self.position_ms - span // 3)
        if self.duration_ms:
            start = min(start, max(0, self.duration_ms - span))
        return start, start + max(span, 1)

    def x_for(self, ms: int) -> float:
        start, end = self.window()
        return (ms - start) * self.width() / (end - start)

    def ms_for(self, x: float) -> int:
        start, end = self.window()
        return int(start + x * (end - start) / max(1, self.width()))

    # -- painting -------------------------------------------------------------------

    def paintEvent(self, event: object) -> None:  # noqa: N802
        p = QPainter(self)
        w, h = self.width(), self.height()
        p.fillRect(self.rect(), QColor(28, 32, 38))
        start, end = self.window()
        for row, cue in enumerate(self.cues):
            if cue.end_ms < start or cue.start_ms > end:
                continue
            ms_start = self._drag_ms if self._drag == (row, "start") else cue.start_ms
            ms_end = self._drag_ms if self._drag == (row, "end") else cue.end_ms
            x0, x1 = self.x_for(ms_start), self.x_for(ms_end)
            current = row == self.current_row
            p.fillRect(QRectF(x0, 0, x1 - x0, h), QColor(70, 140, 230, 110 if current else 60))
            p.setPen(QPen(QColor(120, 190, 255), 2 if current else 1))
            p.drawLine(int(x0), 0, int(x0), h)
            p.drawLine(int(x1), 0, int(x1), h)
            p.setPen(QColor(220, 230, 240))
            p.drawText(QRectF(x0 + 3, 2, max(0.0, x1 - x0 - 6), 16), Qt.AlignmentFlag.AlignLeft, f"{row + 1}")
        if self.waveform is not None and len(self.waveform.peaks):
            rate = self.waveform.buckets_per_second
            i0, i1 = int(start * rate / 1000), int(end * rate / 1000) + 1
            peaks = self.waveform.peaks[i0:i1]
            if len(peaks):
                # one value per pixel column
                cols = np.linspace(0, len(peaks), num=max(2, w + 1)).astype(int)
                p.setPen(QColor(150, 220, 150))
                mid = h / 2
                for x in range(w):
                    a, b = cols[x], max(cols[x] + 1, cols[x + 1])
                    v = float(peaks[a:b].max()) if a < len(peaks) else 0.0
                    p.drawLine(x, int(mid - v * mid * 0.95), x, int(mid + v * mid * 0.95))
        elif self.message:
            p.setPen(QColor(190, 190, 190))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.message)
        p.setPen(QPen(QColor(255, 255, 255, 170), 1, Qt.PenStyle.DotLine))
        for cut in getattr(self, "shots_ms", ()):  # shot changes found by automatic captions
            if start <= cut <= end:
                p.drawLine(int(self.x_for(cut)), 0, int(self.x_for(cut)), h)
        x = self.x_for(self.position_ms)
        p.setPen(QPen(QColor(255, 80, 80), 2))
        p.drawLine(int(x), 0, int(x), h)
        if self.hasFocus():
            p.setPen(QPen(QColor(255, 255, 255, 120), 1, Qt.PenStyle.DashLine))
            p.drawRect(self.rect().adjusted(0, 0, -1, -1))
        p.end()

    # -- mouse and keys ---------------------------------------------------------------

    def edge_at(self, x: float) -> tuple[int, str] | None:
        best = None
        best_dist = EDGE_GRAB_PX + 1.0
        for row, cue in enumerate(self.cues):
            for which, ms in (("start", cue.start_ms), ("end", cue.end_ms)):
                dist = abs(self.x_for(ms) - x)
                if dist < best_dist:
                    best, best_dist = (row, which), dist
        return best

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        x = event.position().x()
        edge = self.edge_at(x)
        if edge is not None:
            self._drag = edge
            self._drag_ms = self.ms_for(x)
        else:
            self.seek_requested.emit(self.ms_for(x))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        x = event.position().x()
        if self._drag is not None:
            self._drag_ms = max(0, self.ms_for(x))
            self.update()
            return
        over_edge = self.edge_at(x) is not None
        self.setCursor(Qt.CursorShape.SizeHorCursor if over_edge else Qt.CursorShape.ArrowCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._drag is None:
            return
        row, which = self._drag
        self._drag = None
        self.edge_moved.emit(row, which, max(0, self.ms_for(event.position().x())))
        self.update()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        factor = 0.8 if event.angleDelta().y() > 0 else 1.25
        self.span_ms = int(min(600_000, max(MIN_SPAN_MS, self.span_ms * factor)))
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = 1000 if event.key() == Qt.Key.Key_Right else -1000
            self.seek_requested.emit(max(0, self.position_ms + step))
            return
        if event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Minus):
            self.span_ms = int(min(600_000, max(MIN_SPAN_MS, self.span_ms * (0.8 if event.key() == Qt.Key.Key_Plus else 1.25))))
            self.update()
            return
        super().keyPressEvent(event)
