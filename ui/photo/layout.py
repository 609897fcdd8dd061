"""Layout of the Photo view: toolbar, the three columns and their boxes.

Kept apart from ``ui.views.photo`` so the view file holds behaviour only.
"""


from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListView,
    QFrame, QProgressBar, QPushButton, QScrollArea, QSizePolicy, QSlider, QSpinBox, QSplitter, QTableView, QTabWidget, QToolBar,
    QToolButton, QVBoxLayout, QWidget,
)

from ui.photo.canvas import PhotoCanvas
from ui.photo.models import THUMB
from ui.photo.panels import AdjustPanel, AltTextPanel, InspectPanel, OverlayPanel
from ui.views.base import heading


RESULT_BOX = QSize(170, 150)
EMPTY_TEXT = "Drop photos here, or press Ctrl+O to open them"


class PhotoLayout:
    """Mixin for ``PhotoView``: builds the widgets, wires them to the view's slots."""

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._toolbar())
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self._left_column())
        split.addWidget(self._centre())
        split.addWidget(_scrolling(self._right_column()))  # a short screen scrolls the panel, never cuts it
        split.setStretchFactor(1, 1)
        split.setSizes([215, 700, 345])
        split.setChildrenCollapsible(False)
        outer.addWidget(split, 1)

    def _toolbar(self) -> QToolBar:
        bar = QToolBar("Photo tools")
        bar.setAccessibleName("Photo tools")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.addAction(self.open_action)
        bar.addSeparator()
        for action in (self.rotate_left_action, self.rotate_right_action, self.flip_action, self.flip_v_action):
            bar.addAction(action)
        bar.addSeparator()
        bar.addWidget(QLabel(" Straighten "))
        self.straighten = QSlider(Qt.Orientation.Horizontal)
        self.straighten.setRange(-450, 450)
        self.straighten.setSingleStep(1)
        self.straighten.setPageStep(10)
        self.straighten.setFixedWidth(150)
        self.straighten.setAccessibleName("Straighten angle")
        self.straighten_label = QLabel(" 0.0° ")
        self.straighten_label.setMinimumWidth(48)
        self._straighten_gesture = 0
        self.straighten.valueChanged.connect(self._straighten_changed)
        self.straighten.sliderReleased.connect(self._next_straighten_gesture)
        bar.addWidget(self.straighten)
        bar.addWidget(self.straighten_label)
        bar.addSeparator()
        bar.addAction(self.before_action)
        bar.addSeparator()
        bar.addAction(self.undo_action)
        bar.addAction(self.redo_action)
        return bar

    def _left_column(self) -> QWidget:
        box, layout = _titled_box("Open photos", (10, 10, 6, 10))
        self.photo_list = QListView()
        self.photo_list.setModel(self.docs)
        self.photo_list.setIconSize(THUMB)
        self.photo_list.setSpacing(2)
        self.photo_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.photo_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.photo_list.setAccessibleName("Open photos")
        self.photo_list.selectionModel().currentChanged.connect(lambda cur, _prev: self._select_doc(cur.row()))
        layout.addWidget(self.photo_list, 1)
        open_button = QPushButton("Open photos…")
        open_button.setAccessibleName("Open photos")
        open_button.clicked.connect(self.choose_files)
        layout.addWidget(open_button)
        layout.addSpacing(8)
        self.result_title = heading("Result", "subheading")
        self.result_title.setWordWrap(True)
        layout.addWidget(self.result_title)
        self.result = QLabel("The selected channel's picture appears here.")
        self.result.setWordWrap(True)
        self.result.setProperty("role", "muted")
        self.result.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result.setFixedHeight(RESULT_BOX.height())
        self.result.setMinimumWidth(RESULT_BOX.width())
        self.result.setAccessibleName("Result preview for the selected channel")
        layout.addWidget(self.result)
        return box

    def _centre(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.gps_banner = QLabel()
        self.gps_banner.setWordWrap(True)
        self.gps_banner.setStyleSheet("background:#fff4d6;color:#6b4a00;padding:7px 12px;border-bottom:1px solid #e8cf8a;")
        self.gps_banner.setAccessibleName("Location warning")
        self.gps_banner.hide()
        self.error_banner = QLabel()
        self.error_banner.setWordWrap(True)
        self.error_banner.setStyleSheet("background:#fde2e0;color:#8a1c12;padding:7px 12px;")
        self.error_banner.setAccessibleName("Problem")
        self.error_banner.hide()
        self.canvas = PhotoCanvas()
        self.canvas.frame_changed.connect(self._frame_changed)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.canvas)
        split.addWidget(self._library_box())
        split.setStretchFactor(0, 1)
        split.setSizes([560, 170])
        split.setChildrenCollapsible(False)
        layout.addWidget(self.gps_banner)
        layout.addWidget(self.error_banner)
        layout.addWidget(split, 1)
        return box

    def _library_box(self) -> QWidget:
        box, layout = _titled_box("Recently exported by the team", (10, 6, 10, 6))
        self.library_view = QTableView()
        self.library_view.setModel(self.library_model)
        self.library_view.setAccessibleName("Recently exported photos")
        self.library_view.verticalHeader().hide()
        self.library_view.verticalHeader().setDefaultSectionSize(44)
        self.library_view.setIconSize(QSize(48, 36))
        self.library_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.library_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.library_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.library_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.library_view.setAlternatingRowColors(True)
        self.library_view.setWordWrap(False)
        header = self.library_view.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 200)
        header.resizeSection(2, 125)
        layout.addWidget(self.library_view, 1)
        return box

    def _right_column(self) -> QWidget:
        box, layout = _titled_box("Channels", (6, 10, 10, 10))
        box.setMinimumWidth(300)
        hint = QLabel("Tick where it goes; select one to set its crop.")
        hint.setProperty("role", "muted")
        layout.addWidget(hint)
        self.channel_list = QListView()
        self.channel_list.setModel(self.channels)
        self.channel_list.setAccessibleName("Channels to export to")
        self.channel_list.setStyleSheet("QListView::item { padding: 3px 2px; }")
        rows = self.channels.rowCount()
        self.channel_list.setFixedHeight(rows * self.channel_list.sizeHintForRow(0) + 2 * self.channel_list.frameWidth() + 2)
        self.channel_list.selectionModel().currentChanged.connect(lambda _c, _p: self._channel_changed())
        layout.addWidget(self.channel_list)
        self.tabs = QTabWidget()
        self.adjust_panel = AdjustPanel(self.edit)
        self.overlay_panel = OverlayPanel(self.edit)
        self.alt_panel = AltTextPanel()
        self.alt_panel.changed.connect(self._alt_changed)
        self.inspect_panel = InspectPanel()
        overlay_scroll = QScrollArea()
        overlay_scroll.setWidget(self.overlay_panel)
        overlay_scroll.setWidgetResizable(True)
        overlay_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.tabs.addTab(self.adjust_panel, "Adjust")
        self.tabs.addTab(overlay_scroll, "Logo and caption")
        self.tabs.addTab(self.inspect_panel, "Inspect")
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.alt_panel)
        layout.addWidget(self._export_box())
        self.channel_list.setCurrentIndex(self.channels.index(0))
        return box

    def _export_box(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 6, 0, 0)
        row = QHBoxLayout()
        self.folder = QLineEdit(str(Path.home() / "Pictures" / "Duty Desk exports"))
        self.folder.setAccessibleName("Export folder")
        browse = QToolButton()
        browse.setText("…")
        browse.setAccessibleName("Choose export folder")
        browse.clicked.connect(self._choose_folder)
        row.addWidget(QLabel("Folder:"))
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        options = QHBoxLayout()
        self.keep_credit = QCheckBox("Keep credit line")
        self.keep_credit.setToolTip("Keep only the photographer and copyright fields; everything else is removed.")
        self.long_edge = QSpinBox()
        self.long_edge.setRange(0, 8000)
        self.long_edge.setSingleStep(100)
        self.long_edge.setSpecialValueText("Custom crop: full size")
        self.long_edge.setPrefix("Custom crop: ")
        self.long_edge.setSuffix(" px")
        self.long_edge.setAccessibleName("Custom crop long edge in pixels")
        self.long_edge.setToolTip("Long edge of the custom crop in pixels (full size = no resize)")
        self.long_edge.editingFinished.connect(self._long_edge_changed)
        options.addWidget(self.keep_credit)
        options.addStretch(1)
        options.addWidget(self.long_edge)
        layout.addLayout(options)
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(True)
        self.progress_bar.hide()
        layout.addWidget(self.progress_bar)
        self.export_button = QPushButton("Export")
        self.export_button.setProperty("role", "primary")
        self.export_button.setAccessibleName("Export to the ticked channels")
        self.export_button.clicked.connect(self.export_current)
        self.export_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout.addWidget(self.export_button)
        self.channels.dataChanged.connect(lambda *_: self._update_enabled())
        return box

    # --- opening -----------------------------------------------------------------------


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
