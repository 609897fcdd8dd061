"""Side panels of the Subtitles view: checks, caption style, output (burn/attach/export)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.media.shell_text import SHELL_LABELS, SHELLS
from app.subtitles.checks import NUMBERS, Finding, Profile, profile_names
from app.subtitles.styles import POSITIONS, BurnStyle, style_names
from ui.table_rows import RowsListModel

NUMBER_LABELS = {
    "max_chars_per_line": "Characters per line",
    "max_lines": "Lines per cue",
    "max_cps": "Reading speed (chars/s)",
    "min_duration_ms": "Shortest cue (ms)",
    "max_duration_ms": "Longest cue (ms)",
    "min_gap_ms": "Gap between cues (ms)",
}


class FindingsModel(RowsListModel):
    @property
    def items(self) -> list[Finding]:
        return self.rows

    def set_findings(self, findings: list[Finding]) -> None:
        self.set_rows(findings)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        f = self.items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"Cue {f.cue}: {f.message}"
        if role == Qt.ItemDataRole.UserRole:
            return f
        return None


class ChecksPanel(QWidget):
    profile_chosen = Signal(str)
    numbers_changed = Signal(dict)
    finding_activated = Signal(object)  # Finding
    suggestion_chosen = Signal(object, str)  # Finding, replacement
    stretch_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.profile_box = QComboBox()
        self.profile_box.setAccessibleName("Check profile")
        for name in profile_names():
            self.profile_box.addItem(name.upper() if len(name) <= 3 else name.title(), name)
        self.profile_box.currentIndexChanged.connect(lambda _i: self.profile_chosen.emit(self.profile_box.currentData()))
        label = QLabel("&Profile:")
        label.setBuddy(self.profile_box)
        top.addWidget(label)
        top.addWidget(self.profile_box, 1)
        layout.addLayout(top)

        self.summary = QLabel("No cues yet.")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = FindingsModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setAccessibleName("Problems found")
        self.list.activated.connect(lambda idx: self.finding_activated.emit(self.model.items[idx.row()]))
        self.list.clicked.connect(lambda idx: self.finding_activated.emit(self.model.items[idx.row()]))
        layout.addWidget(self.list, 1)

        fix = QHBoxLayout()
        self.suggestions = QComboBox()
        self.suggestions.setAccessibleName("Spelling suggestions")
        self.apply_suggestion = QPushButton("Use &spelling")
        self.apply_suggestion.setAccessibleName("Replace the word with the chosen suggestion")
        self.apply_suggestion.clicked.connect(self._apply_suggestion)
        self.stretch = QPushButton("S&tretch to reading speed")
        self.stretch.setToolTip("Make the selected cue last long enough to read (Ctrl+R)")
        self.stretch.clicked.connect(self.stretch_requested)
        fix.addWidget(self.suggestions, 1)
        fix.addWidget(self.apply_suggestion)
        layout.addLayout(fix)
        layout.addWidget(self.stretch)
        self._current_spelling: Finding | None = None
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self._set_suggestions(None)

        self.limits = QGroupBox("Limits (editable for this project)")
        form = QFormLayout(self.limits)
        self.spins: dict[str, QSpinBox | QDoubleSpinBox] = {}
        for key in NUMBERS:
            spin: QSpinBox | QDoubleSpinBox
            if key == "max_cps":
                spin = QDoubleSpinBox()
                spin.setRange(5, 40)
                spin.setSingleStep(0.5)
            else:
                spin = QSpinBox()
                spin.setRange(0 if key == "min_gap_ms" else 1, 60_000 if key.endswith("_ms") else 200)
            spin.setAccessibleName(NUMBER_LABELS[key])
            spin.editingFinished.connect(self._numbers_edited)
            self.spins[key] = spin
            form.addRow(NUMBER_LABELS[key], spin)
        layout.addWidget(self.limits)

    def show_profile(self, profile: Profile) -> None:
        i = self.profile_box.findData(profile.name)
        self.profile_box.blockSignals(True)
        self.profile_box.setCurrentIndex(max(0, i))
        self.profile_box.blockSignals(False)
        for key, spin in self.spins.items():
            spin.blockSignals(True)
            spin.setValue(getattr(profile, key))
            spin.blockSignals(False)

    def _numbers_edited(self) -> None:
        self.numbers_changed.emit({k: s.value() for k, s in self.spins.items()})

    def set_findings(self, findings: list[Finding], cue_count: int) -> None:
        self.model.set_findings(findings)
        hit = len({f.cue for f in findings})
        if not cue_count:
            self.summary.setText("No cues yet.")
        elif findings:
            self.summary.setText(f"{len(findings)} problem(s) in {hit} of {cue_count} cues. F8 goes to the next.")
        else:
            self.summary.setText(f"All {cue_count} cues pass.")

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        finding = self.model.items[current.row()] if current.isValid() and current.row() < len(self.model.items) else None
        self._set_suggestions(finding if finding and finding.rule == "spelling" else None)

    def _set_suggestions(self, finding: Finding | None) -> None:
        self._current_spelling = finding
        self.suggestions.clear()
        if finding is not None:
            self.suggestions.addItems(list(finding.suggestions))
        has = bool(finding and finding.suggestions)
        self.suggestions.setEnabled(has)
        self.apply_suggestion.setEnabled(has)

    def _apply_suggestion(self) -> None:
        if self._current_spelling is not None and self.suggestions.currentText():
            self.suggestion_chosen.emit(self._current_spelling, self.suggestions.currentText())


class StylePanel(QWidget):
    style_edited = Signal(object)  # BurnStyle
    preview_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._style: BurnStyle | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.preset = QComboBox()
        self.preset.setAccessibleName("Caption style preset")
        for name in style_names():
            self.preset.addItem(name.title(), name)
        self.size = QDoubleSpinBox()
        self.size.setRange(1.5, 15)
        self.size.setSingleStep(0.5)
        self.size.setSuffix(" % of height")
        self.size.setAccessibleName("Caption size")
        self.position = QComboBox()
        self.position.addItems(list(POSITIONS))
        self.position.setAccessibleName("Caption position")
        self.margin = QDoubleSpinBox()
        self.margin.setRange(5, 40)
        self.margin.setSuffix(" % from edge")
        self.margin.setAccessibleName("Distance from the edge")
        self.box = QCheckBox("Dark &box behind text")
        self.bold = QCheckBox("&Bold")
        self.colour = QPushButton("Text colour…")
        self.colour.setAccessibleName("Text colour")
        form.addRow("Pre&set", self.preset)
        form.addRow("Si&ze", self.size)
        form.addRow("Position", self.position)
        form.addRow("Margin", self.margin)
        form.addRow("", self.box)
        form.addRow("", self.bold)
        form.addRow("Colour", self.colour)
        layout.addLayout(form)
        self.preview_button = QPushButton("&Preview on frame")
        self.preview_button.setToolTip("Draw the captions on the frame at the playhead exactly as the burn will (Ctrl+Shift+P)")
        self.preview_button.clicked.connect(self.preview_requested)
        layout.addWidget(self.preview_button)
        self.preview = QLabel("The preview shows here.")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.preview.setMinimumHeight(160)
        self.preview.setAccessibleName("Style preview")
        layout.addWidget(self.preview, 1)

        self.preset.activated.connect(self._preset_chosen)
        self.size.editingFinished.connect(self._edited)
        self.margin.editingFinished.connect(self._edited)
        self.position.activated.connect(lambda _i: self._edited())
        self.box.toggled.connect(lambda _b: self._edited())
        self.bold.toggled.connect(lambda _b: self._edited())
        self.colour.clicked.connect(self._pick_colour)

    def show_style(self, style: BurnStyle) -> None:
        self._style = style
        widgets = (self.preset, self.size, self.position, self.margin, self.box, self.bold)
        for w in widgets:
            w.blockSignals(True)
        i = self.preset.findData(style.name)
        if i >= 0:
            self.preset.setCurrentIndex(i)
        self.size.setValue(style.size_pct)
        self.position.setCurrentText(style.position)
        self.margin.setValue(style.margin_v_pct)
        self.box.setChecked(style.box)
        self.bold.setChecked(style.bold)
        swatch = QPixmap(16, 16)
        swatch.fill(QColor(style.colour))
        self.colour.setIcon(QIcon(swatch))
        self.colour.setText(f"Text colour {style.colour}…")
        for w in widgets:
            w.blockSignals(False)

    def _preset_chosen(self, _index: int) -> None:
        from app.subtitles.styles import load_style

        self.style_edited.emit(load_style(self.preset.currentData()))

    def _edited(self) -> None:
        if self._style is None:
            return
        from dataclasses import replace

        new = replace(self._style, size_pct=self.size.value(), position=self.position.currentText(),
                      margin_v_pct=self.margin.value(), box=self.box.isChecked(), bold=self.bold.isChecked())
        if new != self._style:
            self.style_edited.emit(new)

    def _pick_colour(self) -> None:
        if self._style is None:
            return
        from dataclasses import replace

        colour = QColorDialog.getColor(QColor(self._style.colour), self, "Caption text colour")
        if colour.isValid():
            self.style_edited.emit(replace(self._style, colour=colour.name().upper()))

    def show_preview(self, png: bytes) -> None:
        pix = QPixmap()
        pix.loadFromData(png, "PNG")
        self.preview.setPixmap(pix.scaled(self.preview.width(), max(160, self.preview.height()),
                                          Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))


class OutputPanel(QWidget):
    burn_requested = Signal()
    attach_requested = Signal()
    export_requested = Signal()
    cancel_requested = Signal()
    copy_requested = Signal(str)  # the shell: cmd, powershell or posix

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        intro = QLabel("The original video is never changed: every output is a new file.")
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        layout.addWidget(intro)
        self.burn = QPushButton("&Burn captions into a new MP4…  (Ctrl+B)")
        self.attach = QPushButton("&Attach as a subtitle track…  (Ctrl+Shift+B)")
        self.export = QPushButton("&Export subtitle file…  (Ctrl+E)")
        for button, signal in ((self.burn, self.burn_requested), (self.attach, self.attach_requested),
                               (self.export, self.export_requested)):
            button.clicked.connect(signal)
            layout.addWidget(button)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.setAccessibleName("Output progress")
        self.progress.setTextVisible(False)  # the line below says the percentage and time left
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        self.cancel = QPushButton("Cancel")
        self.cancel.setEnabled(False)
        self.cancel.setAccessibleName("Cancel the running ffmpeg job")
        self.cancel.clicked.connect(self.cancel_requested)
        self.copy = QPushButton("&Copy ffmpeg command")
        self.copy.setToolTip("Copy the exact burn command to run it yourself in a terminal when something goes wrong")
        menu = QMenu(self.copy)
        for shell in SHELLS:
            action = menu.addAction(f"For {SHELL_LABELS[shell]}")
            action.triggered.connect(lambda _checked=False, key=shell: self.copy_requested.emit(key))
        self.copy.setMenu(menu)
        row.addWidget(self.cancel)
        row.addWidget(self.copy)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(row)
        layout.addStretch(1)

    def set_running(self, running: bool) -> None:
        self.cancel.setEnabled(running)
        for button in (self.burn, self.attach, self.export):
            button.setEnabled(not running)
        if running:
            self.progress.setValue(0)
