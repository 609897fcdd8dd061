"""The editor driven like an officer would: open, crop, adjust, overlay, alt text, export."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from app.photo.library import recent_exports
from app.photo.metadata import inspect
from tests.photo.samples import make_event_scene, make_jpeg


def open_photo_view(main_window, qtbot):  # type: ignore[no-untyped-def]
    view = main_window.show_view("photo")
    qtbot.waitExposed(view)
    return view


def wait_idle(view, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not view.shell.busy, timeout=20_000)


def test_open_crop_adjust_overlay_alt_text_export(main_window, qtbot, tmp_path: Path, ctx) -> None:  # type: ignore[no-untyped-def]
    view = open_photo_view(main_window, qtbot)
    source = make_event_scene(tmp_path / "Bridge Opening.jpg", size=(900, 600), orientation=6)
    view.open_paths([source])
    qtbot.waitUntil(lambda: view.current is not None, timeout=20_000)
    wait_idle(view, qtbot)
    assert view.gps_banner.isVisible() and "where it was taken" in view.gps_banner.text()
    assert view.inspect_panel.model.item(0, 0).text() == "GPS"

    # choose channels: Instagram square (selected, cropped) and X
    view.channels.checked = {"instagram-square", "x"}
    view._update_enabled()
    view.channel_list.setCurrentIndex(view.channels.index(0))
    wait_idle(view, qtbot)
    frame = view.canvas.frame_rect()
    assert frame is not None and abs(frame.width() - frame.height()) < 2  # locked square
    start = frame.center().toPoint()
    qtbot.mousePress(view.canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.canvas, start + QPoint(0, 40))
    qtbot.mouseRelease(view.canvas, Qt.MouseButton.LeftButton, pos=start + QPoint(0, 40))
    state = view.current.recipe.state()
    assert "instagram-square" in state.crops
    corner = view.canvas.frame_rect().bottomRight().toPoint()
    qtbot.mousePress(view.canvas, Qt.MouseButton.LeftButton, pos=corner)
    qtbot.mouseMove(view.canvas, corner - QPoint(60, 10))
    qtbot.mouseRelease(view.canvas, Qt.MouseButton.LeftButton, pos=corner - QPoint(60, 10))
    x, y, w, h = view.current.recipe.state().crops["instagram-square"]
    image_size = view.canvas.image_rect()
    assert abs(w * image_size.width() - h * image_size.height()) < 2  # still square after resizing

    # adjust, rotate, undo
    view.adjust_panel.sliders["brightness"].setValue(25)
    view.adjust_panel.sliders["brightness"].setValue(30)
    assert view.current.recipe.state().adjustment("brightness") == 30
    steps = view.current.undo_stack.count()
    view.rotate_right_action.trigger()
    assert view.current.recipe.state().rotation == 90
    view.undo_action.trigger()
    assert view.current.recipe.state().rotation == 0
    assert view.current.undo_stack.count() == steps + 1  # the redo step is still there
    assert view.current.recipe.state().adjustment("brightness") == 30
    view.undo_action.trigger()  # one drag of the slider is one undo step
    assert view.current.recipe.state().adjustment("brightness") == 0
    view.redo_action.trigger()

    # overlay: logo and caption
    logo = tmp_path / "crest.png"
    Image.new("RGBA", (120, 60), (255, 255, 255, 255)).save(logo)
    view.overlay_panel.set_logo_path(str(logo))
    view.overlay_panel.caption_text.setText("Bridge Street reopens")
    view.overlay_panel.caption_text.editingFinished.emit()
    state = view.current.recipe.state()
    assert state.logo is not None and state.caption is not None and state.caption.text == "Bridge Street reopens"

    # alt text with its counter
    qtbot.keyClicks(view.alt_panel.editor, "The mayor cuts a ribbon on the bridge")
    assert view.alt_panel.counter.text().startswith("37 / 1000")

    # before / after
    view.before_action.trigger()
    wait_idle(view, qtbot)
    assert view.canvas.frame() is None
    view.before_action.trigger()
    wait_idle(view, qtbot)
    assert view.result.pixmap() is not None and not view.result.pixmap().isNull()

    # export
    out = tmp_path / "ready"
    view.folder.setText(str(out))
    assert view.export_button.text() == "Export 2 files"
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: hasattr(view, "last_results"), timeout=30_000)
    wait_idle(view, qtbot)
    files = sorted(p.name for p in out.glob("*.jpg"))
    assert files == ["bridge-opening_instagram-square_1080x1080.jpg", "bridge-opening_x_1600x900.jpg"]
    for name, size in zip(files, [(1080, 1080), (1600, 900)]):
        with Image.open(out / name) as image:
            assert image.size == size
        assert inspect(out / name).metadata == []
    assert (out / "bridge-opening_x_1600x900.txt").read_text(encoding="utf-8").strip() == "The mayor cuts a ribbon on the bridge"
    assert {e.preset for e in recent_exports(ctx)} == {"instagram-square", "x"}
    qtbot.waitUntil(lambda: view.library_model.rowCount() == 2, timeout=10_000)
    assert source.exists()


def test_bad_file_shows_a_message_and_opens_nothing(main_window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view = open_photo_view(main_window, qtbot)
    bad = tmp_path / "notes.jpg"
    bad.write_text("not a photo")
    view.open_paths([bad])
    qtbot.waitUntil(lambda: view.error_banner.isVisible(), timeout=10_000)
    assert "not a photo" in view.error_banner.text()
    assert view.docs.rowCount() == 0


def test_drop_files_and_session_survives_restart(main_window, qtbot, tmp_path: Path, ctx) -> None:  # type: ignore[no-untyped-def]
    view = open_photo_view(main_window, qtbot)
    first, second = make_jpeg(tmp_path / "one.jpg"), make_jpeg(tmp_path / "two.jpg")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(first)), QUrl.fromLocalFile(str(second))])
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    view.dropEvent(drop)
    qtbot.waitUntil(lambda: view.docs.rowCount() == 2, timeout=20_000)
    wait_idle(view, qtbot)
    view.flip_action.trigger()
    view.alt_panel.editor.setPlainText("Two officers at the fair")
    view.save_state()

    from ui.views.photo import create

    again = create(view.shell)
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.docs.rowCount() == 2, timeout=20_000)
    wait_idle(again, qtbot)
    restored = {d.path.name: d for d in again.docs.docs}
    changed = restored[view.current.path.name]
    assert changed.recipe.state().flip_h is True
    assert changed.alt_text == "Two officers at the fair"


def test_edits_that_change_nothing_leave_no_undo_step(main_window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view = open_photo_view(main_window, qtbot)
    view.open_paths([make_jpeg(tmp_path / "a.jpg", size=(600, 400))])
    qtbot.waitUntil(lambda: view.current is not None, timeout=20_000)
    wait_idle(view, qtbot)
    view.overlay_panel.caption_text.setText("Fair")
    view.overlay_panel.caption_text.editingFinished.emit()
    view.overlay_panel.caption_text.editingFinished.emit()  # focus left again, nothing typed
    centre = view.canvas.frame_rect().center().toPoint()
    qtbot.mouseClick(view.canvas, Qt.MouseButton.LeftButton, pos=centre)  # a click, not a drag
    assert view.current.undo_stack.count() == 2  # the caption, and the frame now stored once
    qtbot.mouseClick(view.canvas, Qt.MouseButton.LeftButton, pos=centre)
    assert view.current.undo_stack.count() == 2
    qtbot.keyClick(view.canvas, Qt.Key.Key_Down)  # the square frame in a portrait photo moves down
    assert view.current.undo_stack.count() == 3
