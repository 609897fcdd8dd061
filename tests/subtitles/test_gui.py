"""The editor, driven from the keyboard with qtbot: open, add cues at the playhead, fix a
reading-speed warning, undo/redo, burn, and reopen where it was left."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from PySide6.QtCore import Qt

from app.media.probe import probe
from app.subtitles import formats, output, projects
from app.subtitles.cues import Cue


@pytest.fixture
def view(request, main_window, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    """The Subtitles view; ``indirect`` parameter "stills" runs it without Qt multimedia."""
    kind = getattr(request, "param", "multimedia")
    if kind == "stills":
        monkeypatch.setenv("DUTYDESK_NO_QT_MULTIMEDIA", "1")
    v = main_window.show_view("subtitles")
    assert v.preview.kind == kind
    if kind == "stills":
        assert "still frames" in v.mode_label.text()
    return v


def keys(qtbot, widget, sequence: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QKeySequence

    combo = QKeySequence(sequence)[0]
    qtbot.keyClick(widget, combo.key(), combo.keyboardModifiers())


def wait_tasks(qtbot, view) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not view.shell.busy, timeout=20_000)


@pytest.mark.parametrize("view", ["multimedia", "stills"], indirect=True)
def test_caption_a_clip_from_the_keyboard_and_burn(view, qtbot, clip: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view.open_video(clip)
    qtbot.waitUntil(lambda: view.project is not None, timeout=20_000)
    wait_tasks(qtbot, view)
    assert view.waveform.waveform is not None  # computed off the GUI thread

    # cue 1 at 0.5 s, ended at 1.0 s by the playhead: far too fast to read
    view.preview.seek(500)
    view.table.setFocus()
    keys(qtbot, view.table, "Ctrl+Return")
    assert view.editor.hasFocus()
    qtbot.keyClicks(view.editor, "Police are at the scene on the High Street")
    view.preview.seek(1000)
    keys(qtbot, view.editor, "Ctrl+]")
    assert view.model.cue(0) == Cue(500, 1000, "Police are at the scene on the High Street")
    assert "Reading speed" in view.model.data(view.model.index(0, 6))
    assert any(f.rule == "cps" for f in view.checks.model.items)

    # fix it: stretch to reading speed, then undo/redo that step
    keys(qtbot, view.table, "Ctrl+R")
    fixed = view.model.cue(0)
    assert fixed.end_ms > 1000 and not [f for f in view.model.findings(0) if f.rule == "cps"]
    keys(qtbot, view.table, "Ctrl+Z")
    assert view.model.cue(0).end_ms == 1000
    keys(qtbot, view.table, "Ctrl+Shift+Z")
    assert view.model.cue(0) == fixed

    # second cue from the playhead
    view.preview.seek(fixed.end_ms + 200)
    keys(qtbot, view.table, "Ctrl+Return")
    qtbot.keyClicks(view.editor, "Avoid the area")
    assert view.model.rowCount() == 2 and view.model.cue(1).text == "Avoid the area"
    assert view.frame_view._caption == "Avoid the area"  # current cue over the picture

    # burn with progress; the caption is in the picture
    out = tmp_path / "burned out.mp4"
    view.burn_to(out)
    assert view.output.cancel.isEnabled()
    qtbot.waitUntil(lambda: not view.output.cancel.isEnabled(), timeout=60_000)
    assert out.is_file(), view.output.status.text()
    assert view.output.progress.value() == 1000 and "Done" in view.output.status.text()
    at = fixed.start_ms + 100
    plain = Image.open(io.BytesIO(output.frame_png(clip, at))).convert("RGB")
    burned = Image.open(io.BytesIO(output.frame_png(out, at))).convert("RGB")
    assert ImageChops.difference(plain, burned).getbbox() is not None
    assert probe(out).has_audio

    # autosaved: the project reopens with these cues and the playhead
    view.save_now()
    wait_tasks(qtbot, view)  # saved off the GUI thread
    saved = projects.latest_project(view.shell.ctx)
    assert saved is not None and [c.text for c in saved.cues] == [
        "Police are at the scene on the High Street", "Avoid the area"]
    assert saved.last_output == str(out.absolute())


def test_text_typing_is_undone_by_the_view_stack(view, qtbot, clip: Path) -> None:  # type: ignore[no-untyped-def]
    view.open_video(clip)
    qtbot.waitUntil(lambda: view.project is not None, timeout=20_000)
    view.model.apply("seed", lambda _c: [Cue(0, 2000, "Hello")])
    view.select_row(0)
    view.editor.setFocus()
    view.editor.moveCursor(view.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(view.editor, " there")
    assert view.model.cue(0).text == "Hello there"
    keys(qtbot, view.editor, "Ctrl+Z")  # one step for the whole typing burst
    assert view.model.cue(0).text == "Hello"


def test_split_merge_shift_and_edge_drag(view, qtbot, clip: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view.open_video(clip)
    qtbot.waitUntil(lambda: view.project is not None, timeout=20_000)
    view.model.apply("seed", lambda _c: [Cue(0, 2000, "Police are at the scene")])
    view.select_row(0)
    view.preview.seek(1000)
    keys(qtbot, view.table, "Ctrl+K")
    assert [c.text for c in view.model.cues] == ["Police are", "at the scene"]
    view.select_row(0, seek=False)
    keys(qtbot, view.table, "Ctrl+M")
    assert view.model.rowCount() == 1
    view.shift_cues("0.5")
    assert view.model.cue(0).start_ms == 500
    view.shift_cues("-2")  # refused: would go before 0:00
    assert view.model.cue(0).start_ms == 500 and "before 0:00" in view.banner.text()
    view._edge_moved(0, "end", 2900)
    assert view.model.cue(0).end_ms == 2900
    # export and import round trip
    path = tmp_path / "out.vtt"
    view.export_to(path)  # written off the GUI thread
    qtbot.waitUntil(lambda: "Exported" in view.output.status.text(), timeout=10_000)
    assert formats.load(path).cues == view.model.cues


def test_bad_video_is_reported_in_the_view(view, qtbot, corrupt_video: Path) -> None:  # type: ignore[no-untyped-def]
    view.open_video(corrupt_video)
    qtbot.waitUntil(lambda: view.banner.isVisible(), timeout=20_000)
    assert "damaged or not a video" in view.banner.text()
    assert view.project is None


def test_cancel_removes_the_partial_file_and_copy_gives_the_command(view, qtbot, clip: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QGuiApplication

    view.open_video(clip)
    qtbot.waitUntil(lambda: view.project is not None, timeout=20_000)
    view.model.apply("seed", lambda _c: [Cue(0, 2000, "Police are at the scene")])
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "cancelled.mp4"
    view.burn_to(out)
    qtbot.mouseClick(view.output.cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.output.cancel.isEnabled(), timeout=30_000)
    assert "Cancelled" in view.output.status.text()
    assert list(folder.iterdir()) == []
    view.copy_command()
    wait_tasks(qtbot, view)
    text = QGuiApplication.clipboard().text()
    assert "subtitles=subs.ass:fontsdir=fonts" in text and "libx264" in text


def test_text_cell_edits_keep_line_breaks(view) -> None:  # type: ignore[no-untyped-def]
    from ui.subtitles.cue_model import COL_TEXT

    view.model.apply("seed", lambda _c: [Cue(0, 2000, "One\nTwo")])
    index = view.model.index(0, COL_TEXT)
    assert view.model.data(index) == "One ⏎ Two"
    assert view.model.setData(index, "First line ⏎ second line")
    assert view.model.cue(0).text == "First line\nsecond line"
    assert not view.model.setData(view.model.index(0, 2), "not a time")
    assert "not a time" in view.banner.text()


def test_checks_column_names_broken_rules_in_words(view, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A caption over the line length and far too fast to read: the table says so in a
    captioner's words, not the rule keys of the --json contract."""
    from app.subtitles.checks import RULE_WORDS, RULES
    from ui.subtitles.cue_model import COL_CHECKS

    text = "Officers are asking everyone to stay away from the High Street tonight"
    view.model.apply("seed", lambda _c: [Cue(0, 900, text), Cue(2000, 5000, "Avoid the area")])
    assert {f.rule for f in view.model.findings(0)} >= {"cps", "line_length"}
    table_model = view.table.model()
    shown = table_model.data(table_model.index(0, COL_CHECKS))
    assert shown.startswith("⚠ ") and "Line too long" in shown and "Reading speed" in shown
    assert not any(key in shown for key in ("cps", "line_length", "_"))
    assert table_model.data(table_model.index(1, COL_CHECKS)) == "✓"
    assert set(RULE_WORDS) == set(RULES)


def test_spelling_suggestion_is_applied_and_undoable(view, qtbot) -> None:  # type: ignore[no-untyped-def]
    view.model.apply("seed", lambda _c: [Cue(0, 3000, "See the color map")])
    (finding,) = [f for f in view.model.findings(0) if f.rule == "spelling"]
    view.checks.list.setCurrentIndex(view.checks.model.index(view.checks.model.items.index(finding)))
    assert view.checks.suggestions.currentText() == "colour"
    qtbot.mouseClick(view.checks.apply_suggestion, Qt.MouseButton.LeftButton)
    assert view.model.cue(0).text == "See the colour map"
    view.undo_stack.undo()
    assert view.model.cue(0).text == "See the color map"


def test_waveform_click_seeks_and_edge_drag_is_one_undo_step(view, qtbot, clip: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint

    view.open_video(clip)
    qtbot.waitUntil(lambda: view.project is not None, timeout=20_000)
    view.model.apply("seed", lambda _c: [Cue(500, 1500, "Police are at the scene")])
    strip = view.waveform
    strip.resize(600, 80)
    view.preview.seek(0)
    edge_x = round(strip.x_for(1500))
    qtbot.mousePress(strip, Qt.MouseButton.LeftButton, pos=QPoint(edge_x, 40))
    qtbot.mouseMove(strip, QPoint(round(strip.x_for(2000)), 40))
    qtbot.mouseRelease(strip, Qt.MouseButton.LeftButton, pos=QPoint(round(strip.x_for(2000)), 40))
    assert abs(view.model.cue(0).end_ms - 2000) <= 10
    view.undo_stack.undo()
    assert view.model.cue(0).end_ms == 1500
    qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=QPoint(round(strip.x_for(2500)), 40))
    assert abs(view.preview.position_ms - 2500) <= 10
    strip.setFocus()
    keys(qtbot, view.table, "Alt+Right")  # one frame at 25 fps
    assert abs(view.preview.position_ms - 2540) <= 10


def test_guessed_encoding_is_previewed_with_a_choice_before_import(view, qtbot, clip: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtTest import QTest

    view.open_video(clip)
    qtbot.waitUntil(lambda: view.project is not None, timeout=20_000)
    wait_tasks(qtbot, view)
    source = tmp_path / "from-windows.srt"
    lines = ["Đino Šarić je rekao da je cesta zatvorena.", "Policija čeka ispred zgrade, vozači neka koriste obilaznicu."]
    source.write_bytes("".join(f"{n}\r\n00:00:0{n},000 --> 00:00:0{n},900\r\n{t}\r\n\r\n"
                               for n, t in enumerate(lines, start=1)).encode("cp1250"))
    view.import_from(source)
    qtbot.waitUntil(lambda: view.outputs.encoding_dialog is not None and view.outputs.encoding_dialog.isVisible())
    dialog = view.outputs.encoding_dialog
    assert view.model.rowCount() == 0  # nothing imported before the user confirms
    assert dialog.chosen() == "cp1250" and "Đino Šarić" in dialog.preview.toPlainText()
    dialog.combo.setFocus()
    index_1252 = dialog.combo.findData("cp1252")
    while dialog.combo.currentIndex() != index_1252:  # walk the list with the keyboard
        QTest.keyClick(dialog.combo, Qt.Key.Key_Down if dialog.combo.currentIndex() < index_1252 else Qt.Key.Key_Up)
    assert "Ðino Šariæ" in dialog.preview.toPlainText()  # the garbling the user would have got
    QTest.keyClick(dialog.combo, Qt.Key.Key_Home)
    assert dialog.chosen() == "cp1250"
    QTest.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    assert [view.model.cue(i).text for i in range(2)] == lines
