"""The photo canvas: the picture fitted to the widget, with a crop frame on top.

The frame is kept as fractions (x, y, w, h) of the picture, the same numbers the recipe
stores, so the canvas never needs to know the original's resolution. Drag inside the
frame to move it, drag a corner to resize it (locked to the preset's shape unless the
frame is free); arrow keys move it too (Shift for bigger steps). The new frame is
reported once, when the mouse is released, so one drag is one undo step.
"""

from __future__ import annotations

from PIL import Image
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QKeyEvent, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

Box = tuple[float, float, float, float]
HANDLE = 9
MIN_FRAME = 24
BACKGROUND = QColor("#26292e")


def pil_to_qimage(image: Image.Image) -> QImage:
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    data = rgb.tobytes()
    qimage = QImage(data, rgb.width, rgb.height, rgb.width * 3, QImage.Format.Format_RGB888)
    return qimage.copy()  # own the pixels; ``data`` goes away


class PhotoCanvas(QWidget):
    frame_changed = Signal(object)  # Box

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._frame: Box | None = None
        self._aspect: float | None = None  # width / height in pixels; None = free
        self._label = ""
        self._finished: QImage | None = None  # the channel's finished picture, shown in the frame
        self._drag: tuple[str, QPointF, QRectF] | None = None
        self._live: QRectF | None = None
        self.empty_text = "Drop photos here, or press Ctrl+O to open them"
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(240, 200)  # the window must fit a 1024x640 laptop
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Photo and crop frame")
        self.setAccessibleDescription("Drag the frame to choose what each channel shows; arrow keys move it.")

    # --- state -----------------------------------------------------------------------
    def set_image(self, image: QImage | None) -> None:
        self._image = image
        self.update()

    def set_frame(self, frame: Box | None, aspect: float | None, label: str = "") -> None:
        if self._drag is None:
            if frame != self._frame:
                self._finished = None
            self._frame, self._aspect, self._label = frame, aspect, label
            self._live = None
            self.update()

    def set_finished(self, image: QImage | None) -> None:
        """The finished picture (adjusted, with logo and caption) drawn inside the frame."""
        self._finished = image
        self.update()

    def frame(self) -> Box | None:
        return self._frame

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(900, 600)

    # --- geometry ----------------------------------------------------------------------
    def image_rect(self) -> QRectF:
        if self._image is None or self._image.isNull():
            return QRectF()
        area = QRectF(self.rect()).adjusted(16, 16, -16, -16)
        scale = min(area.width() / self._image.width(), area.height() / self._image.height())
        w, h = self._image.width() * scale, self._image.height() * scale
        return QRectF(area.center().x() - w / 2, area.center().y() - h / 2, w, h)

    def frame_rect(self) -> QRectF | None:
        if self._live is not None:
            return self._live
        if self._frame is None:
            return None
        r = self.image_rect()
        x, y, w, h = self._frame
        return QRectF(r.x() + x * r.width(), r.y() + y * r.height(), w * r.width(), h * r.height())

    def _to_box(self, rect: QRectF) -> Box:
        r = self.image_rect()
        x = (rect.x() - r.x()) / r.width()
        y = (rect.y() - r.y()) / r.height()
        w, h = rect.width() / r.width(), rect.height() / r.height()
        x, y = min(max(0.0, x), 1.0 - w), min(max(0.0, y), 1.0 - h)
        return (x, y, min(w, 1.0), min(h, 1.0))

    # --- painting ----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKGROUND)
        if self._image is None or self._image.isNull():
            painter.setPen(QColor("#c9ced6"))
            font = QFont(self.font())
            font.setPointSizeF(font.pointSizeF() * 1.4)
            painter.setFont(font)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text)
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        target = self.image_rect()
        painter.drawImage(target, self._image)
        frame = self.frame_rect()
        if frame is not None:
            self._paint_frame(painter, target, frame)

    def _paint_frame(self, painter: QPainter, target: QRectF, frame: QRectF) -> None:
        if self._finished is not None and self._live is None:
            painter.drawImage(frame, self._finished)
        outside = QPainterPath()
        outside.addRect(target)
        inner = QPainterPath()
        inner.addRect(frame)
        painter.fillPath(outside.subtracted(inner), QColor(0, 0, 0, 140))
        painter.setPen(QPen(QColor(255, 255, 255, 90), 1))
        for i in (1, 2):
            x = frame.x() + frame.width() * i / 3
            y = frame.y() + frame.height() * i / 3
            painter.drawLine(QPointF(x, frame.top()), QPointF(x, frame.bottom()))
            painter.drawLine(QPointF(frame.left(), y), QPointF(frame.right(), y))
        painter.setPen(QPen(QColor("#ffffff"), 2))
        painter.drawRect(frame)
        painter.setBrush(QColor("#ffffff"))
        for corner in self._corners(frame).values():
            painter.drawRect(QRectF(corner.x() - HANDLE / 2, corner.y() - HANDLE / 2, HANDLE, HANDLE))
        if self._label:
            painter.setPen(QColor("#ffffff"))
            metrics = painter.fontMetrics()
            text_rect = QRectF(frame.x(), frame.y() - metrics.height() - 6, metrics.horizontalAdvance(self._label) + 12,
                               metrics.height() + 4)
            if text_rect.top() < 0:
                text_rect.moveTop(frame.y() + 4)
                text_rect.moveLeft(frame.x() + 4)
            painter.fillRect(text_rect, QColor(47, 111, 179, 220))
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, self._label)

    @staticmethod
    def _corners(rect: QRectF) -> dict[str, QPointF]:
        return {"tl": rect.topLeft(), "tr": rect.topRight(), "bl": rect.bottomLeft(), "br": rect.bottomRight()}

    # --- mouse -------------------------------------------------------------------------
    def _hit(self, pos: QPointF) -> str | None:
        frame = self.frame_rect()
        if frame is None:
            return None
        for name, corner in self._corners(frame).items():
            if abs(pos.x() - corner.x()) <= HANDLE + 3 and abs(pos.y() - corner.y()) <= HANDLE + 3:
                return name
        return "move" if frame.contains(pos) else None

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        hit = self._hit(event.position())
        frame = self.frame_rect()
        if event.button() == Qt.MouseButton.LeftButton and hit and frame is not None:
            self._drag = (hit, event.position(), QRectF(frame))
            self._live = QRectF(frame)
            self.setFocus()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if self._drag is None:
            hit = self._hit(event.position())
            shapes = {"move": Qt.CursorShape.SizeAllCursor, "tl": Qt.CursorShape.SizeFDiagCursor,
                      "br": Qt.CursorShape.SizeFDiagCursor, "tr": Qt.CursorShape.SizeBDiagCursor,
                      "bl": Qt.CursorShape.SizeBDiagCursor}
            self.setCursor(shapes.get(hit or "", Qt.CursorShape.ArrowCursor))
            return
        mode, start, original = self._drag
        if mode == "move":
            self._live = self._moved(original, event.position() - start)
        else:
            self._live = self._resized(original, mode, event.position())
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if self._drag is None:
            return
        self._drag = None
        live, self._live = self._live, None
        if live is not None:
            self._commit(self._to_box(live))

    def _commit(self, box: Box) -> None:
        if box != self._frame:
            self._finished = None  # stale until the new frame is rendered
        self._frame = box
        self.update()
        self.frame_changed.emit(box)

    def _moved(self, rect: QRectF, delta: QPointF) -> QRectF:
        bounds = self.image_rect()
        moved = rect.translated(delta)
        x = min(max(bounds.left(), moved.x()), bounds.right() - moved.width())
        y = min(max(bounds.top(), moved.y()), bounds.bottom() - moved.height())
        return QRectF(x, y, moved.width(), moved.height())

    def _resized(self, rect: QRectF, corner: str, pos: QPointF) -> QRectF:
        bounds = self.image_rect()
        opposite = {"tl": rect.bottomRight(), "tr": rect.bottomLeft(), "bl": rect.topRight(), "br": rect.topLeft()}
        anchor = opposite[corner]
        right = corner in ("tr", "br")
        down = corner in ("bl", "br")
        room_w = (bounds.right() - anchor.x()) if right else (anchor.x() - bounds.left())
        room_h = (bounds.bottom() - anchor.y()) if down else (anchor.y() - bounds.top())
        w = min(max(MIN_FRAME, abs(pos.x() - anchor.x())), room_w)
        h = min(max(MIN_FRAME, abs(pos.y() - anchor.y())), room_h)
        if self._aspect:
            w = min(max(w, h * self._aspect), room_w, room_h * self._aspect)
            h = w / self._aspect
        x = anchor.x() if right else anchor.x() - w
        y = anchor.y() if down else anchor.y() - h
        return QRectF(x, y, w, h)

    # --- keyboard ----------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        steps = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
        frame = self.frame_rect()
        if event.key() in steps and frame is not None:
            dx, dy = steps[Qt.Key(event.key())]
            step = 0.1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 0.01
            r = self.image_rect()
            self._commit(self._to_box(self._moved(frame, QPointF(dx * step * r.width(), dy * step * r.height()))))
            return
        super().keyPressEvent(event)
