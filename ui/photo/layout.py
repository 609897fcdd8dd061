"""Layout of the Photo view: toolbar, the three columns and their boxes.

Functions that build the widgets and hand them back (``PhotoWidgets``); the view wires
them to behaviour and to its controllers, so the view file holds behaviour only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListView,
    QFrame, QProgressBar, QPushButton, QScrollArea, QSizePolicy, QSlider, QStyle, QSpinBox, QSplitter, QTableView, QTabWidget, QToolBar,
    QToolButton, QVBoxLayout, QWidget,
)

from ui.empty_hint import EmptyHint
from ui.photo.canvas import PhotoCanvas
from ui.photo.models import THUMB
from ui.photo.panels import AdjustPanel, AltTextPanel, InspectPanel, OverlayPanel
from ui.views.base import heading


RESULT_BOX = QSize(170, 150)
EMPTY_TEXT = "Drop photos here, or press Ctrl+O to open them"
NO_PHOTOS_TEXT = "No photos open: press Ctrl+O or drop them here"
NO_EXPORTS_TEXT = "No exports yet: exported photos appear here"
# the share of the table's width each column of "Recently exported" gets (Export, Alt text, When, by)
LIBRARY_SHARES = (0.42, 0.30, 0.28)


@dataclass
class ToolbarActions:
    """The window-level actions shown on the Photo toolbar, in their groups."""

    open: QAction
    edits: list[QAction]  # rotate, flip
    before: QAction
    undo: QAction
    redo: QAction


@dataclass
class PhotoWidgets:
    """Every widget of the Photo view that something reads or drives."""

    straighten: QSlider
    straighten_label: QLabel
    photo_list: QListView
    open_button: QPushButton
    result_title: QLabel
    result_channel: QLabel
    result: QLabel
    gps_banner: QLabel
    error_banner: QLabel
    canvas: PhotoCanvas
    library_view: QTableView
    channel_list: QListView
    tabs: QTabWidget
    adjust_panel: AdjustPanel
    overlay_panel: OverlayPanel
    alt_panel: AltTextPanel
    inspect_panel: InspectPanel
    folder: QLineEdit
    browse: QToolButton
    keep_credit: QCheckBox
    long_edge: QSpinBox
    progress_bar: QProgressBar
    export_button: QPushButton


def build_photo_widgets(root: QWidget, actions: ToolbarActions, docs: QAbstractItemModel, channels: QAbstractItemModel,
                        library_model: QAbstractItemModel, edit: Callable[..., None]) -> PhotoWidgets:
    """Lay out the Photo view on ``root``: toolbar, then photos | canvas and library | channels,
    panels and export. ``edit`` is what the adjust and overlay panels call with each change.
    Nothing else is connected to behaviour here."""
    w: dict[str, Any] = {}
    outer = QVBoxLayout(root)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.setSpacing(0)
    outer.addWidget(_toolbar(w, actions))
    split = QSplitter(Qt.Orientation.Horizontal)
    split.addWidget(_left_column(w, docs))
    split.addWidget(_centre(w, library_model))
    split.addWidget(_scrolling(_right_column(w, channels, edit)))  # a short screen scrolls the panel, never cuts it
    split.setStretchFactor(1, 1)
    split.setSizes([215, 700, 345])
    split.setChildrenCollapsible(False)
    outer.addWidget(split, 1)
    return PhotoWidgets(**w)


def _toolbar(w: dict[str, Any], actions: ToolbarActions) -> QToolBar:
    bar = QToolBar("Photo tools")
    bar.setAccessibleName("Photo tools")
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    bar.addAction(actions.open)
    bar.addSeparator()
    for action in actions.edits:
        bar.addAction(action)
    bar.addSeparator()
    bar.addWidget(QLabel(" Straighten "))
    straighten = w["straighten"] = QSlider(Qt.Orientation.Horizontal)
    straighten.setRange(-450, 450)
    straighten.setSingleStep(1)
    straighten.setPageStep(10)
    straighten.setFixedWidth(150)
    straighten.setAccessibleName("Straighten angle")
    label = w["straighten_label"] = QLabel(" 0.0° ")
    label.setMinimumWidth(48)
    bar.addWidget(straighten)
    bar.addWidget(label)
    bar.addSeparator()
    bar.addAction(actions.before)
    bar.addSeparator()
    bar.addAction(actions.undo)
    bar.addAction(actions.redo)
    return bar


def _left_column(w: dict[str, Any], docs: QAbstractItemModel) -> QWidget:
    box, layout = _titled_box("Open photos", (10, 10, 6, 10))
    photo_list = w["photo_list"] = QListView()
    photo_list.setModel(docs)
    photo_list.setIconSize(THUMB)
    photo_list.setSpacing(2)
    photo_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    photo_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    photo_list.setAccessibleName("Open photos")
    EmptyHint(photo_list, NO_PHOTOS_TEXT)
    layout.addWidget(photo_list, 1)
    open_button = w["open_button"] = QPushButton("Open photos…")
    open_button.setAccessibleName("Open photos")
    layout.addWidget(open_button)
    layout.addSpacing(8)
    result_title = w["result_title"] = heading("Result", "subheading")
    result_title.setWordWrap(True)
    layout.addWidget(result_title)
    # the channel on a line of its own under the heading: "Result · Instagram square" wrapped in this column
    result_channel = w["result_channel"] = QLabel()
    result_channel.setProperty("role", "muted")
    result_channel.setWordWrap(True)
    result_channel.setAccessibleName("Channel of the result")
    layout.addWidget(result_channel)
    result = w["result"] = QLabel("The selected channel's picture appears here.")
    result.setWordWrap(True)
    result.setProperty("role", "muted")
    result.setAlignment(Qt.AlignmentFlag.AlignCenter)
    result.setFixedHeight(RESULT_BOX.height())
    result.setMinimumWidth(RESULT_BOX.width())
    result.setAccessibleName("Result preview for the selected channel")
    layout.addWidget(result)
    return box


def _centre(w: dict[str, Any], library_model: QAbstractItemModel) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    gps_banner = w["gps_banner"] = QLabel()
    gps_banner.setWordWrap(True)
    gps_banner.setStyleSheet("background:#fff4d6;color:#6b4a00;padding:7px 12px;border-bottom:1px solid #e8cf8a;")
    gps_banner.setAccessibleName("Location warning")
    gps_banner.hide()
    error_banner = w["error_banner"] = QLabel()
    error_banner.setWordWrap(True)
    error_banner.setStyleSheet("background:#fde2e0;color:#8a1c12;padding:7px 12px;")
    error_banner.setAccessibleName("Problem")
    error_banner.hide()
    canvas = w["canvas"] = PhotoCanvas()
    split = QSplitter(Qt.Orientation.Vertical)
    split.addWidget(canvas)
    split.addWidget(_library_box(w, library_model))
    split.setStretchFactor(0, 1)
    split.setSizes([560, 170])
    split.setChildrenCollapsible(False)
    layout.addWidget(gps_banner)
    layout.addWidget(error_banner)
    layout.addWidget(split, 1)
    return box


def _library_box(w: dict[str, Any], library_model: QAbstractItemModel) -> QWidget:
    box, layout = _titled_box("Recent exports", (10, 6, 10, 6))
    box.setToolTip("Photos exported recently by everyone on the team")
    view = w["library_view"] = QTableView()
    view.setModel(library_model)
    view.setAccessibleName("Recently exported photos")
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(44)
    view.setIconSize(QSize(48, 36))
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    EmptyHint(view, NO_EXPORTS_TEXT)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(False)
    ColumnShares(view, LIBRARY_SHARES)
    layout.addWidget(view, 1)
    return box


class ColumnShares(QObject):
    """Gives each column its share of the table's width as the table is resized, so a narrow
    centre (a 1024x640 laptop) shows every column, elided, instead of pushing some out of sight."""

    def __init__(self, table: QTableView, shares: tuple[float, ...]) -> None:
        super().__init__(table)
        self.table, self.shares = table, shares
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Resize:
            header = self.table.horizontalHeader()
            needs = [self._header_width(column) for column in range(len(self.shares))]
            width = self.table.viewport().width()
            spare = max(0, width - sum(needs))
            sizes = [need + int(spare * share) for need, share in zip(needs, self.shares)]
            sizes[-1] = max(needs[-1], width - sum(sizes[:-1]))  # the last one takes what rounding left
            for column, section in enumerate(sizes):
                header.resizeSection(column, section)
        return False

    def _header_width(self, column: int) -> int:
        """What the column's header label needs: each column is at least that wide."""
        header = self.table.horizontalHeader()
        label = str(self.table.model().headerData(column, Qt.Orientation.Horizontal) or "")
        margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        return header.fontMetrics().horizontalAdvance(label) + 2 * margin + 4


def _right_column(w: dict[str, Any], channels: QAbstractItemModel, edit: Callable[..., None]) -> QWidget:
    box, layout = _titled_box("Channels", (6, 10, 10, 10))
    box.setMinimumWidth(300)
    hint = QLabel("Tick where it goes; select one to set its crop.")
    hint.setProperty("role", "muted")
    layout.addWidget(hint)
    channel_list = w["channel_list"] = QListView()
    channel_list.setModel(channels)
    channel_list.setAccessibleName("Channels to export to")
    channel_list.setStyleSheet("QListView::item { padding: 3px 2px; }")
    rows = channels.rowCount()
    channel_list.setFixedHeight(rows * channel_list.sizeHintForRow(0) + 2 * channel_list.frameWidth() + 2)
    layout.addWidget(channel_list)
    tabs = w["tabs"] = QTabWidget()
    adjust_panel = w["adjust_panel"] = AdjustPanel(edit)
    overlay_panel = w["overlay_panel"] = OverlayPanel(edit)
    w["alt_panel"] = AltTextPanel()
    w["inspect_panel"] = InspectPanel()
    overlay_scroll = QScrollArea()
    overlay_scroll.setWidget(overlay_panel)
    overlay_scroll.setWidgetResizable(True)
    overlay_scroll.setFrameShape(QFrame.Shape.NoFrame)
    tabs.addTab(adjust_panel, "Adjust")
    tabs.addTab(overlay_scroll, "Logo and caption")
    tabs.addTab(w["inspect_panel"], "Inspect")
    layout.addWidget(tabs, 1)
    layout.addWidget(w["alt_panel"])
    layout.addWidget(_export_box(w))
    return box


def _export_box(w: dict[str, Any]) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 6, 0, 0)
    row = QHBoxLayout()
    folder = w["folder"] = QLineEdit(str(Path.home() / "Pictures" / "Duty Desk exports"))
    folder.setAccessibleName("Export folder")
    browse = w["browse"] = QToolButton()
    browse.setText("…")
    browse.setAccessibleName("Choose export folder")
    row.addWidget(QLabel("Folder:"))
    row.addWidget(folder, 1)
    row.addWidget(browse)
    layout.addLayout(row)
    options = QHBoxLayout()
    keep_credit = w["keep_credit"] = QCheckBox("Keep credit line")
    keep_credit.setToolTip("Keep only the photographer and copyright fields; everything else is removed.")
    long_edge = w["long_edge"] = QSpinBox()
    long_edge.setRange(0, 8000)
    long_edge.setSingleStep(100)
    long_edge.setSpecialValueText("Custom crop: full size")
    long_edge.setPrefix("Custom crop: ")
    long_edge.setSuffix(" px")
    long_edge.setAccessibleName("Custom crop long edge in pixels")
    long_edge.setToolTip("Long edge of the custom crop in pixels (full size = no resize)")
    options.addWidget(keep_credit)
    options.addStretch(1)
    options.addWidget(long_edge)
    layout.addLayout(options)
    progress_bar = w["progress_bar"] = QProgressBar()
    progress_bar.setTextVisible(True)
    progress_bar.hide()
    layout.addWidget(progress_bar)
    export_button = w["export_button"] = QPushButton("Export")
    export_button.setProperty("role", "primary")
    export_button.setAccessibleName("Export to the ticked channels")
    export_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    layout.addWidget(export_button)
    return box


def _scrolling(panel: QWidget) -> QScrollArea:
    """``panel`` in a frameless vertical scroll area as wide as the panel needs."""
    area = QScrollArea()
    area.setWidget(panel)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setMinimumWidth(panel.minimumSizeHint().width() + area.verticalScrollBar().sizeHint().width())
    return area


def _titled_box(title: str, margins: tuple[int, int, int, int]) -> tuple[QWidget, QVBoxLayout]:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(*margins)
    title_label = heading(title, "subheading")
    title_label.setWordWrap(True)  # wraps in a narrow column instead of widening it past the window
    layout.addWidget(title_label)
    return box, layout
