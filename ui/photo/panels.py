"""Side panels of the Photo view: adjustments, overlay, alt text, inspect.

Panels never change a photo themselves: they hand an ``Op`` to ``apply`` (the view
pushes it on the photo's undo stack) and show a state with ``show_state``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView,
    QLabel, QLineEdit, QPlainTextEdit, QPushButton, QSlider, QSpinBox, QTableView, QVBoxLayout, QWidget,
)

from app.photo.export import ALT_TEXT_ADVICE, ALT_TEXT_LIMIT
from app.photo.loading import FILE_PATTERNS
from app.photo.metadata import Inspection
from app.photo.recipe import ADJUSTMENTS, CAPTION_POSITIONS, FONTS, LOGO_POSITIONS, Caption, EditState, Logo, Op

Apply = Callable[[Op, str, "str | None"], None]
KIND_NAMES = {
    "gps": "GPS location", "exif": "camera data (EXIF)", "maker_notes": "maker notes", "xmp": "XMP",
    "iptc": "IPTC", "icc": "colour profile", "comment": "comment", "text_chunks": "PNG text",
}
CAPTION_COLOURS = (("White", "#ffffff"), ("Yellow", "#ffd200"), ("Black", "#111111"))


def labelled_slider(name: str, low: int, high: int, value: int) -> tuple[QSlider, QLabel, QWidget]:
    slider = QSlider(Qt.Orientation.Horizontal)
    slider.setRange(low, high)
    slider.setValue(value)
    slider.setAccessibleName(name)
    slider.setPageStep(10)
    shown = QLabel(f"{value:+d}" if low < 0 else str(value))
    shown.setMinimumWidth(40)
    shown.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    slider.valueChanged.connect(lambda v: shown.setText(f"{v:+d}" if low < 0 else str(v)))
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(slider, 1)
    layout.addWidget(shown)
    return slider, shown, row


class AdjustPanel(QWidget):
    def __init__(self, apply: Apply) -> None:
        super().__init__()
        self._apply = apply
        self._gesture = 0
        self.sliders: dict[str, QSlider] = {}
        self._shown: dict[str, QLabel] = {}
        form = QFormLayout(self)
        for name in ADJUSTMENTS:
            slider, self._shown[name], row = labelled_slider(name.capitalize(), -100, 100, 0)
            slider.valueChanged.connect(lambda v, n=name: self._changed(n, v))
            slider.sliderReleased.connect(self._next_gesture)
            self.sliders[name] = slider
            form.addRow(f"{name.capitalize()}:", row)
        reset = QPushButton("Reset adjustments")
        reset.setAccessibleName("Reset adjustments")
        reset.clicked.connect(self._reset)
        form.addRow("", reset)

    def _next_gesture(self) -> None:
        self._gesture += 1

    def _changed(self, name: str, value: int) -> None:
        self._apply(Op("adjust", (name, value)), f"{name.capitalize()} {value:+d}", f"adjust-{name}-{self._gesture}")

    def _reset(self) -> None:
        for name, slider in self.sliders.items():
            if slider.value():
                self._next_gesture()
                slider.setValue(0)

    def show_state(self, state: EditState) -> None:
        for name, slider in self.sliders.items():
            with QSignalBlocker(slider):
                slider.setValue(state.adjustment(name))
            self._shown[name].setText(f"{state.adjustment(name):+d}")


class OverlayPanel(QWidget):
    def __init__(self, apply: Apply) -> None:
        super().__init__()
        self._apply = apply
        self._gesture = 0
        self._logo_path: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._logo_box())
        layout.addWidget(self._caption_box())
        layout.addStretch(1)

    # --- logo --------------------------------------------------------------------------
    def _logo_box(self) -> QGroupBox:
        box = QGroupBox("Logo")
        form = QFormLayout(box)
        self.logo_name = QLabel("No logo")
        self.logo_name.setProperty("role", "muted")
        choose = QPushButton("Choose…")
        choose.setAccessibleName("Choose logo file")
        choose.clicked.connect(self._choose_logo)
        self.remove_logo = QPushButton("Remove")
        self.remove_logo.setAccessibleName("Remove logo")
        self.remove_logo.clicked.connect(lambda: self._apply(Op("logo", None), "Remove logo", None))
        row = QHBoxLayout()
        row.addWidget(self.logo_name, 1)
        row.addWidget(choose)
        row.addWidget(self.remove_logo)
        form.addRow(row)
        self.logo_position = QComboBox()
        self.logo_position.addItems([p.replace("-", " ").capitalize() for p in LOGO_POSITIONS])
        self.logo_position.setAccessibleName("Logo position")
        self.logo_position.currentIndexChanged.connect(lambda _i: self._logo_changed(None))
        form.addRow("Position:", self.logo_position)
        self.logo_size, self.logo_size_label, size_row = labelled_slider("Logo size (% of width)", 2, 60, 18)
        self.logo_opacity, self.logo_opacity_label, opacity_row = labelled_slider("Logo opacity (%)", 5, 100, 90)
        self.logo_size_label.setText("18%")
        self.logo_opacity_label.setText("90%")
        self.logo_size.valueChanged.connect(lambda v: self.logo_size_label.setText(f"{v}%"))
        self.logo_opacity.valueChanged.connect(lambda v: self.logo_opacity_label.setText(f"{v}%"))
        for slider in (self.logo_size, self.logo_opacity):
            slider.valueChanged.connect(lambda _v, s=slider: self._logo_changed(f"logo-{id(s)}-{self._gesture}"))
            slider.sliderReleased.connect(self._next_gesture)
        form.addRow("Size:", size_row)
        form.addRow("Opacity:", opacity_row)
        return box

    def _next_gesture(self) -> None:
        self._gesture += 1

    def _choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose the logo", "", f"Images ({FILE_PATTERNS})")
        if path:
            self.set_logo_path(path)

    def set_logo_path(self, path: str) -> None:
        self._logo_path = str(Path(path).resolve())
        self._logo_changed(None)

    def _logo_changed(self, merge_key: str | None) -> None:
        if not self._logo_path:
            return
        logo = Logo(self._logo_path, LOGO_POSITIONS[self.logo_position.currentIndex()],
                    self.logo_size.value(), self.logo_opacity.value())
        self._apply(Op("logo", logo), "Logo", merge_key)

    # --- caption -----------------------------------------------------------------------
    def _caption_box(self) -> QGroupBox:
        box = QGroupBox("Caption")
        form = QFormLayout(box)
        self.caption_text = QLineEdit()
        self.caption_text.setPlaceholderText("e.g. Bridge Street reopens - 23 Nov")
        self.caption_text.setAccessibleName("Caption text")
        self.caption_text.editingFinished.connect(self._caption_changed)
        form.addRow("Text:", self.caption_text)
        self.caption_font = QComboBox()
        self.caption_font.addItems(FONTS)
        self.caption_font.setAccessibleName("Caption font")
        self.caption_size = QSpinBox()
        self.caption_size.setRange(2, 20)
        self.caption_size.setValue(5)
        self.caption_size.setSuffix(" % of height")
        self.caption_size.setAccessibleName("Caption size")
        self.caption_colour = QComboBox()
        for label, value in CAPTION_COLOURS:
            self.caption_colour.addItem(label, value)
        self.caption_colour.setAccessibleName("Caption colour")
        self.caption_band = QCheckBox("Dark band behind the text")
        self.caption_band.setChecked(True)
        self.caption_position = QComboBox()
        self.caption_position.addItems([p.capitalize() for p in CAPTION_POSITIONS])
        self.caption_position.setAccessibleName("Caption position")
        form.addRow("Font:", self.caption_font)
        form.addRow("Size:", self.caption_size)
        form.addRow("Colour:", self.caption_colour)
        form.addRow("Place:", self.caption_position)
        form.addRow("", self.caption_band)
        for combo in (self.caption_font, self.caption_colour, self.caption_position):
            combo.currentIndexChanged.connect(lambda _i: self._caption_changed())
        self.caption_size.valueChanged.connect(lambda _v: self._caption_changed())
        self.caption_band.toggled.connect(lambda _v: self._caption_changed())
        return box

    def _caption_changed(self) -> None:
        text = self.caption_text.text().strip()
        caption = None
        if text:
            caption = Caption(text, self.caption_font.currentText(), self.caption_size.value(),
                              self.caption_colour.currentData(), self.caption_band.isChecked(),
                              CAPTION_POSITIONS[self.caption_position.currentIndex()])
        self._apply(Op("caption", caption), "Caption", None)

    def show_state(self, state: EditState) -> None:
        logo = state.logo
        self._logo_path = logo.path if logo else None
        self.logo_name.setText(Path(logo.path).name if logo else "No logo")
        self.remove_logo.setEnabled(logo is not None)
        widgets = (self.logo_position, self.logo_size, self.logo_opacity, self.caption_text, self.caption_font,
                   self.caption_size, self.caption_colour, self.caption_band, self.caption_position)
        blockers = [QSignalBlocker(w) for w in widgets]
        if logo:
            self.logo_position.setCurrentIndex(LOGO_POSITIONS.index(logo.position))
            self.logo_size.setValue(logo.size)
            self.logo_opacity.setValue(logo.opacity)
            self.logo_size_label.setText(f"{logo.size}%")
            self.logo_opacity_label.setText(f"{logo.opacity}%")
        caption = state.caption
        if caption is not None:
            if self.caption_text.text().strip() != caption.text:
                self.caption_text.setText(caption.text)
            self.caption_font.setCurrentText(caption.font)
            self.caption_size.setValue(caption.size)
            self.caption_colour.setCurrentIndex(max(0, self.caption_colour.findData(caption.colour)))
            self.caption_band.setChecked(caption.band)
            self.caption_position.setCurrentIndex(CAPTION_POSITIONS.index(caption.position))
        elif not self.caption_text.hasFocus():
            self.caption_text.clear()
        del blockers


class AltTextPanel(QWidget):
    changed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("<b>Alt text</b> · what the photo shows, for people who cannot see it")
        title.setWordWrap(True)
        self.editor = QPlainTextEdit()
        self.editor.setFixedHeight(64)
        self.editor.setPlaceholderText("e.g. The mayor cuts a red ribbon on the reopened Bridge Street, watched by residents.")
        self.editor.setAccessibleName("Alt text")
        self.editor.setTabChangesFocus(True)
        self.counter = QLabel()
        self.counter.setProperty("role", "muted")
        self.counter.setAccessibleName("Alt text length")
        layout.addWidget(title)
        layout.addWidget(self.editor)
        layout.addWidget(self.counter)
        self.editor.textChanged.connect(self._changed)
        self._show_count(0)

    def _changed(self) -> None:
        text = self.editor.toPlainText()
        self._show_count(len(text.strip()))
        self.changed.emit(text)

    def _show_count(self, count: int) -> None:
        if count > ALT_TEXT_LIMIT:
            note, colour = f"too long: platforms accept {ALT_TEXT_LIMIT}", "#c0392b"
        elif count > ALT_TEXT_ADVICE:
            note, colour = f"fine; under {ALT_TEXT_ADVICE} reads best", "#b9770e"
        else:
            note, colour = "good length" if count else "no alt text yet", ""
        self.counter.setText(f"{count} / {ALT_TEXT_LIMIT} characters · {note}")
        self.counter.setStyleSheet(f"color: {colour};" if colour else "")

    def set_text(self, text: str) -> None:
        with QSignalBlocker(self.editor):
            self.editor.setPlainText(text)
        self._show_count(len(text.strip()))


class InspectPanel(QWidget):
    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel("Open a photo to see what it carries.")
        self.summary.setWordWrap(True)
        self.model = QStandardItemModel(0, 3)
        self.model.setHorizontalHeaderLabels(["Kind", "Field", "Value"])
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Metadata in the original")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        note = QLabel("None of this is copied into exports. Tick “Keep credit line” to keep only the artist and copyright.")
        note.setWordWrap(True)
        note.setProperty("role", "muted")
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)

    def show_inspection(self, info: Inspection | None) -> None:
        self.model.removeRows(0, self.model.rowCount())
        if info is None:
            self.summary.setText("Open a photo to see what it carries.")
            return
        present = ", ".join(KIND_NAMES.get(k, k) for k in info.metadata) or "nothing besides the pixels"
        self.summary.setText(f"<b>{info.format}</b>, {info.size[0]} × {info.size[1]} pixels. Carries: {present}.")
        for group, name, value in info.details:
            row = [QStandardItem(group), QStandardItem(name), QStandardItem(value)]
            if group == "GPS":
                for item in row:
                    item.setBackground(QColor("#fde2e0"))
                    item.setForeground(QColor("#8a1c12"))
            self.model.appendRow(row)
        self.table.setColumnWidth(0, 58)
        self.table.setColumnWidth(1, 112)
