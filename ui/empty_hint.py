"""A short muted line painted in an empty list or table, so an empty view says what goes there.

Installed on the view's viewport; it paints only while the model has no rows, wrapped and
centred, so it fits however narrow the column is (no widget of its own to lay out).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView

MARGIN = 10


class EmptyHint(QObject):
    def __init__(self, view: QAbstractItemView, text: str) -> None:
        super().__init__(view)
        self.view = view
        self.text = text
        view.viewport().installEventFilter(self)
        view.setAccessibleDescription(text)

    def showing(self) -> bool:
        model = self.view.model()
        return model is not None and model.rowCount() == 0

    def text_rect(self) -> QRect:
        """Where the wrapped text goes, and how much room it takes."""
        area = self.view.viewport().rect().adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)
        return self.view.fontMetrics().boundingRect(area, flags, self.text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint and self.showing():
            painter = QPainter(self.view.viewport())
            painter.setPen(self.view.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
            area = self.view.viewport().rect().adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
            painter.drawText(area, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap),
                             self.text)
            painter.end()
        return False
