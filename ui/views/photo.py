"""The Photo view: make event photos ready for each channel.

Left: the open photos and a live preview of the selected channel's result. Centre: the
canvas with that channel's crop frame, a GPS warning when the original carries a
location, and the team's recent exports. Right: the channels to export to, then
adjustments, overlay, alt text and the metadata inspector, then Export.

Decoding and rendering run as query ops, exporting as a job (``PhotoExporter``, handed the
job runner and the export box); the widgets come from ``ui.photo.layout``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QImage,
    QKeySequence,
    QPixmap,
    QUndoGroup,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QWidget,
)

from app.errors import DutyDeskError
from app.photo import export as photo_export
from app.photo import library, loading, render
from app.photo.metadata import inspect
from app.photo.presets import Preset, load_presets
from app.photo.recipe import CUSTOM, Op, Recipe
from app.photo.session import EditorSession, OpenPhoto, load_session, save_session
from ui.action_registry import ActionRegistry
from ui.photo.canvas import pil_to_qimage
from ui.photo.document import PhotoDocument
from ui.photo.exporter import PhotoExporter
from ui.photo.layout import EMPTY_TEXT, RESULT_BOX, ToolbarActions, build_photo_widgets
from ui.photo.models import THUMB, LibraryModel, OpenPhotosModel, PresetListModel
from ui.shell import Shell
from ui.undo import undo_redo_actions
from ui.views.base import View

if TYPE_CHECKING:
    from app.context import AppContext

DEFAULT_CHANNELS = {"instagram-square", "facebook", "x"}


def _load_document_data(path: Path, recipe: Recipe, preset: Preset) -> tuple[Path, Any, Any, QImage, Any]:
    """Worker: decode a screen-sized preview, inspect the original, and render the first view
    of it, so opening a photo is one trip to the worker thread."""
    loaded = loading.preview(path)
    info = inspect(path)
    small = loaded.image.copy()
    small.thumbnail((THUMB.width() * 2, THUMB.height() * 2))
    first = _render_images(loaded.image, recipe, preset, before=False)
    return path, loaded, info, pil_to_qimage(small), first


class PhotoView(View):
    title = "Photo"

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.docs = OpenPhotosModel()
        self.current: PhotoDocument | None = None
        self.before = False
        self._render_busy = False
        self._render_again = False
        self._first_render: tuple[PhotoDocument, Any] | None = None
        self._straighten_gesture = 0  # one undo step per drag of the slider
        self.undo_group = QUndoGroup(self)
        presets = load_presets(shell.ctx.data_dir) + [Preset(CUSTOM, "Custom crop", 16, 16)]
        self.channels = PresetListModel(presets)
        self.channels.checked = set(DEFAULT_CHANNELS) & {p.name for p in presets}
        self.library_model = LibraryModel()
        self._build_actions()
        w = self.widgets = build_photo_widgets(
            self, ToolbarActions(self.open_action, [self.rotate_left_action, self.rotate_right_action, self.flip_action,
                                                    self.flip_v_action], self.before_action, self.undo_action, self.redo_action),
            self.docs, self.channels, self.library_model, self.edit)
        self.straighten, self.straighten_label, self.photo_list = w.straighten, w.straighten_label, w.photo_list
        self.result_channel = w.result_channel
        self.result_title, self.result, self.gps_banner, self.error_banner = w.result_title, w.result, w.gps_banner, w.error_banner
        self.canvas, self.library_view, self.channel_list, self.tabs = w.canvas, w.library_view, w.channel_list, w.tabs
        self.adjust_panel, self.overlay_panel, self.alt_panel, self.inspect_panel = (
            w.adjust_panel, w.overlay_panel, w.alt_panel, w.inspect_panel)
        self.folder, self.keep_credit, self.long_edge, self.export_button = w.folder, w.keep_credit, w.long_edge, w.export_button
        self.exporter = PhotoExporter(shell.jobs, self.channels, w.folder, w.keep_credit, w.progress_bar, self)
        self._connect()
        self.channel_list.setCurrentIndex(self.channels.index(0))
        self.setAcceptDrops(True)
        shell.bus.data_changed.connect(self._data_changed)
        self._update_enabled()
        self._restore_session()

    # --- building ----------------------------------------------------------------------
    def _build_actions(self) -> None:
        """The photo view's registry: ids, standard keys first, tooltips generated."""
        self.registry = ActionRegistry(self)
        add = self.registry.add
        self.open_action = add("open", "&Open photos…", QKeySequence.StandardKey.Open, self.choose_files)
        self.rotate_left_action = add("rotate_left", "Rotate left", "Ctrl+[", lambda: self.edit(Op("rotate", 270), "Rotate left"))
        self.rotate_right_action = add("rotate_right", "Rotate right", "Ctrl+]", lambda: self.edit(Op("rotate", 90), "Rotate right"))
        self.flip_action = add("flip", "Flip", "Ctrl+Shift+H", lambda: self.edit(Op("flip", "horizontal"), "Flip horizontally"))
        self.flip_v_action = add("flip_vertical", "Flip vertical", "Ctrl+Shift+J", lambda: self.edit(Op("flip", "vertical"), "Flip vertically"))
        self.before_action = add("before_after", "Before / after", "Ctrl+B", self._toggle_before, checkable=True)
        self.export_action = add("export", "&Export", "Ctrl+E", self.export_current)
        self.export_all_action = add("export_all", "Export all open photos", "Ctrl+Shift+E", self.export_all)
        self.close_action = add("close", "Close photo", QKeySequence.StandardKey.Close, self.close_current)
        self.undo_action, self.redo_action = undo_redo_actions(self, self.undo_group)

    def _connect(self) -> None:
        w = self.widgets
        w.straighten.valueChanged.connect(self._straighten_changed)
        w.straighten.sliderReleased.connect(self._next_straighten_gesture)
        w.photo_list.selectionModel().currentChanged.connect(lambda cur, _prev: self._select_doc(cur.row()))
        w.open_button.clicked.connect(self.choose_files)
        w.canvas.frame_changed.connect(self._frame_changed)
        w.channel_list.selectionModel().currentChanged.connect(lambda _c, _p: self._channel_changed())
        w.alt_panel.changed.connect(self._alt_changed)
        w.browse.clicked.connect(self._choose_folder)
        w.long_edge.editingFinished.connect(self._long_edge_changed)
        w.export_button.clicked.connect(self.export_current)
        self.channels.dataChanged.connect(lambda *_: self._update_enabled())
        self.exporter.busy_changed.connect(lambda _busy: self._update_enabled())
        self.exporter.exported.connect(self._exported)
        self.exporter.failed.connect(self._failed)

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Open photos", "", f"Photos ({loading.FILE_PATTERNS})")
        self.open_paths([Path(p) for p in paths])

    def open_paths(self, paths: list[Path]) -> None:
        for path in paths:
            known = next((i for i, d in enumerate(self.docs.docs) if d.path == path.resolve()), None)
            if known is not None:
                self.photo_list.setCurrentIndex(self.docs.index(known))
                continue
            self.shell.notify(f"Opening {path.name}…")
            if self.current is None:
                self.canvas.empty_text = f"Opening {path.name}…"
                self.canvas.update()
            preset = self.current_preset()
            self.shell.ops.query(parent=self, op=lambda ctx, p=path.resolve(): _load_document_data(p, Recipe(), preset)
                                 ).success(self._opened).failure(self._failed).run()

    def _opened(self, result: tuple[Path, Any, Any, QImage, Any], saved: OpenPhoto | None = None) -> None:
        path, loaded, info, thumb, first = result
        if any(d.path == path for d in self.docs.docs):
            return
        doc = PhotoDocument(path, loaded, info, self)
        doc.thumbnail = thumb
        if saved is not None:
            doc.recipe, doc.alt_text = saved.recipe, saved.alt_text
        doc.recipe_changed.connect(lambda d=doc: self._recipe_changed(d))
        self.undo_group.addStack(doc.undo_stack)
        row = self.docs.add(doc)
        if saved is None or self.current is None:  # a restored session keeps its first photo selected
            self._first_render = (doc, first)
            self.photo_list.setCurrentIndex(self.docs.index(row))
        if saved is None:
            self.shell.notify(f"Opened {path.name}")

    def _failed(self, exc: BaseException) -> None:
        self.canvas.empty_text = EMPTY_TEXT
        self.canvas.update()
        message = str(exc) if isinstance(exc, DutyDeskError) else f"Something went wrong: {exc}"
        self.error_banner.setText(message)
        self.error_banner.show()
        self.shell.notify(message, 8000)

    def close_current(self) -> None:
        if self.current is None:
            return
        row = self.docs.docs.index(self.current)
        self.undo_group.removeStack(self.current.undo_stack)
        self.current = None
        self.docs.remove(row)
        if self.docs.rowCount():
            self.photo_list.setCurrentIndex(self.docs.index(min(row, self.docs.rowCount() - 1)))
        else:
            self._select_doc(-1)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        self.open_paths(paths)
        event.acceptProposedAction()

    # --- the current photo -------------------------------------------------------------
    def _select_doc(self, row: int) -> None:
        self.current = self.docs.docs[row] if 0 <= row < len(self.docs.docs) else None
        self.error_banner.hide()
        doc = self.current
        if doc is None:
            self.canvas.empty_text = EMPTY_TEXT
            self.canvas.set_image(None)
            self.canvas.set_frame(None, None)
            self.canvas.set_finished(None)
            self.gps_banner.hide()
            self.inspect_panel.show_inspection(None)
            self.alt_panel.set_text("")
            self.result.setPixmap(QPixmap())
            self._update_enabled()
            return
        self.undo_group.setActiveStack(doc.undo_stack)
        self.alt_panel.set_text(doc.alt_text)
        self.inspect_panel.show_inspection(doc.inspection)
        self._show_gps(doc)
        self._show_controls(doc)
        self._update_enabled()
        first, self._first_render = self._first_render, None
        if first is not None and first[0] is doc and first[1][1] is not None:
            self._rendered((doc, *first[1]), scheduled=False)  # already rendered while opening
        else:
            self._schedule_render()

    def _show_gps(self, doc: PhotoDocument) -> None:
        info = doc.inspection
        if not info.has_gps:
            self.gps_banner.hide()
            return
        where = f" ({info.gps[0]:.4f}, {info.gps[1]:.4f})" if info.gps else ""
        self.gps_banner.setText(
            f"⚠  <b>This photo records where it was taken{where}.</b> "
            "The location, camera details and every other hidden field are removed on export."
        )
        self.gps_banner.show()

    def _show_controls(self, doc: PhotoDocument) -> None:
        state = doc.recipe.state()
        self.adjust_panel.show_state(state)
        self.overlay_panel.show_state(state)
        self.straighten.blockSignals(True)
        self.straighten.setValue(round(state.straighten * 10))
        self.straighten.blockSignals(False)
        self.straighten_label.setText(f" {state.straighten:+.1f}° ")
        self.long_edge.setValue(state.long_edge or 0)

    def _recipe_changed(self, doc: PhotoDocument) -> None:
        if doc is self.current:
            self._show_controls(doc)
            self._schedule_render()

    def edit(self, op: Op, text: str, merge_key: str | None = None) -> None:
        if self.current is None:
            return
        try:
            self.current.edit(op, text, merge_key)
        except DutyDeskError as exc:
            self._failed(exc)
        else:
            self.error_banner.hide()

    def _straighten_changed(self, value: int) -> None:
        self.straighten_label.setText(f" {value / 10:+.1f}° ")
        self.edit(Op("straighten", value / 10), f"Straighten {value / 10:+.1f}°", f"straighten-{self._straighten_gesture}")

    def _next_straighten_gesture(self) -> None:
        self._straighten_gesture += 1

    def _long_edge_changed(self) -> None:
        value = self.long_edge.value() or None
        if self.current is not None and value != self.current.recipe.state().long_edge:
            self.edit(Op("resize", value), "Resize custom crop")

    def _alt_changed(self, text: str) -> None:
        if self.current is not None:
            self.current.alt_text = text

    def _toggle_before(self, checked: bool) -> None:
        self.before = checked
        self.before_action.setText("Showing original" if checked else "Before / after")
        self._schedule_render()

    def current_preset(self) -> Preset:
        index = self.channel_list.currentIndex()
        return self.channels.presets[index.row() if index.isValid() else 0]

    def _channel_changed(self) -> None:
        preset = self.current_preset()
        self.result_channel.setText(preset.label)
        self._schedule_render()

    def _frame_changed(self, box: tuple[float, float, float, float]) -> None:
        preset = self.current_preset()
        self.edit(Op("crop", (preset.name, tuple(round(v, 5) for v in box))), f"Crop {preset.label}")

    # --- rendering (off the GUI thread, coalesced) -------------------------------------
    def _schedule_render(self) -> None:
        if self.current is None:
            return
        if self._render_busy:
            self._render_again = True
            return
        self._render_busy = True
        doc, preset, before = self.current, self.current_preset(), self.before
        recipe = doc.recipe
        self.shell.ops.query(parent=self, op=lambda ctx: _render(doc, recipe, preset, before)).success(
            self._rendered).failure(self._render_failed).run()

    def _rendered(self, result: tuple[PhotoDocument, QImage, Any, Any, Any], scheduled: bool = True) -> None:
        if scheduled:
            self._render_busy = False
        doc, canvas_image, frame, result_image, finished = result
        if doc is self.current:
            self.canvas.set_image(canvas_image)
            preset = self.current_preset()
            aspect = None if preset.name == CUSTOM else preset.aspect
            label = "Original" if self.before else f"{preset.label}  {self._size_text(doc, preset)}"
            self.canvas.set_frame(frame, aspect, label)
            self.canvas.set_finished(finished)
            if result_image is not None:
                self.result.setPixmap(QPixmap.fromImage(result_image))
        if self._render_again:
            self._render_again = False
            self._schedule_render()

    def _size_text(self, doc: PhotoDocument, preset: Preset) -> str:
        if preset.name != CUSTOM:
            return f"{preset.width}×{preset.height}"
        target = photo_export.custom_target(doc.inspection.size, doc.recipe.state())
        return f"{target.width}×{target.height}"

    def _render_failed(self, exc: BaseException) -> None:
        self._render_busy = False
        self._failed(exc)
        if self._render_again:
            self._render_again = False
            self._schedule_render()

    # --- exporting ---------------------------------------------------------------------
    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Export into", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def export_current(self) -> None:
        if self.current is not None:
            self._export([self.current])

    def export_all(self) -> None:
        self._export(list(self.docs.docs))

    def _export(self, docs: list[PhotoDocument]) -> None:
        if self.exporter.export(docs):
            self.error_banner.hide()

    def _exported(self, results: list[photo_export.ExportResult]) -> None:
        folder = results[0].path.parent if results else self.folder.text()
        self.shell.notify(f"Exported {len(results)} file{'s' * (len(results) != 1)} to {folder}", 8000)
        self.last_results = results

    def _update_enabled(self) -> None:
        has = self.current is not None
        for action in (self.rotate_left_action, self.rotate_right_action, self.flip_action, self.flip_v_action,
                       self.before_action, self.close_action):
            action.setEnabled(has)
        self.straighten.setEnabled(has)
        count = len(self.channels.checked)
        ready = has and count > 0 and not self.exporter.running
        self.export_action.setEnabled(ready)
        self.export_all_action.setEnabled(ready and self.docs.rowCount() > 1)
        self.export_button.setEnabled(ready)
        self.export_button.setText(f"Export {count} file{'s' * (count != 1)}" if count else "Tick a channel to export")

    # --- library -----------------------------------------------------------------------
    def _data_changed(self, topic: str) -> None:
        if topic == "photo":
            self.refresh_library()

    def refresh_library(self) -> None:
        self.shell.ops.query(parent=self, op=lambda ctx: library.recent_exports(ctx, 50), key="library").success(
            self.library_model.set_entries).failure(self._failed).run()

    def activated(self) -> None:
        self.refresh_library()

    # --- session -----------------------------------------------------------------------
    def _restore_session(self) -> None:
        def read(ctx: AppContext) -> EditorSession | None:
            try:
                return load_session(ctx)
            except DutyDeskError:
                return None

        # in the write queue, though it only reads: a session saved a moment ago (the view this one
        # replaces) is then read after it is written, never before
        self.shell.ops.write(parent=self, op=read).success(self._restore).run()

    def _restore(self, session: EditorSession | None) -> None:
        if session is None:
            return
        if session.channels is not None:
            known = {p.name for p in self.channels.presets}
            self.channels.checked = set(session.channels) & known
        if session.folder:
            self.folder.setText(session.folder)
        photos, preset = session.photos, self.current_preset()
        if photos:
            self.shell.ops.query(parent=self, op=lambda ctx: [(_load_or_none(p.path, p.recipe, preset), p) for p in photos]
                                 ).success(self._restored).failure(self._failed).run()

    def _restored(self, loaded: list[tuple[Any, OpenPhoto]]) -> None:
        for result, saved in loaded:  # in the saved order; the first one is selected
            if result is not None:
                self._opened(result, saved)
        count = sum(1 for result, _saved in loaded if result is not None)
        if count:
            self.shell.notify(f"Reopened {count} photo{'s' * (count != 1)} from last time, with their edits")

    def save_state(self) -> None:
        photos = [OpenPhoto(d.path, d.recipe, d.alt_text) for d in self.docs.docs]
        checked = [p.name for p in self.channels.presets if p.name in self.channels.checked]
        session = EditorSession(photos, checked, self.folder.text().strip() or None)
        self.shell.ops.write(parent=None, op=lambda ctx: save_session(ctx, session)).run()

    def first_focus(self) -> QWidget | None:
        return self.canvas if self.current else self.photo_list


def _load_or_none(path: Path, recipe: Recipe, preset: Preset) -> Any:
    """Worker, for restoring a session: a photo that no longer opens is skipped quietly."""
    try:
        return _load_document_data(path, recipe, preset)
    except DutyDeskError:
        return None


def _render(doc: PhotoDocument, recipe: Any, preset: Preset, before: bool) -> tuple[PhotoDocument, QImage, Any, Any, Any]:
    return (doc, *_render_images(doc.loaded.image, recipe, preset, before))


def _render_images(base: Any, recipe: Recipe, preset: Preset, before: bool) -> tuple[QImage, Any, Any, Any]:
    """Worker: the canvas picture, the frame for ``preset``, the small result preview, and
    the finished picture (logo and caption included) drawn inside the frame on the canvas."""
    if before:
        return pil_to_qimage(base), None, None, None
    state = recipe.state()
    frame = photo_export.crop_for(preset, state, render.geometry_size(base.size, state))
    size = None if preset.name == CUSTOM else preset.size
    pictures = render.editor_pictures(base, state, size, frame, (RESULT_BOX.width(), RESULT_BOX.height()))
    finished, result = pictures.finished, pictures.result
    return (pil_to_qimage(pictures.canvas), frame, result and pil_to_qimage(result),
            finished and pil_to_qimage(finished))


def create(shell: Shell) -> View:
    return PhotoView(shell)
