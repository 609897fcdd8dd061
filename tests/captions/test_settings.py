"""Settings > Captions: the model folder is checked before it is kept; glossary terms are shared writes."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt

from app.captions.glossary import list_terms
from app.captions.model_source import MODEL_DIR_SETTING, bundled_model_path
from app.settings import device


def section(main_window):  # type: ignore[no-untyped-def]
    view = main_window.show_view("settings")
    return next(s for s in view.sections if type(s).__name__ == "CaptionsSection")


def test_a_model_folder_is_checked_then_kept(main_window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    captions = section(main_window)
    qtbot.waitUntil(lambda: not captions.loading, timeout=10_000)  # read off the GUI thread
    ctx = main_window.shell.ctx
    (tmp_path / "empty").mkdir()
    captions.model_dir.setText(str(tmp_path / "empty"))
    with qtbot.waitSignal(captions.refused, timeout=10_000) as refused:
        captions.save()
    assert "not a CTranslate2 Whisper model" in refused.args[0]
    assert device.get(ctx, MODEL_DIR_SETTING) is None
    good = tmp_path / "small-model"
    shutil.copytree(bundled_model_path(), good)
    captions.model_dir.setText(str(good))
    with qtbot.waitSignal(captions.saved, timeout=10_000):
        captions.save()  # kept by a write op
    assert device.get(ctx, MODEL_DIR_SETTING) == str(good) and not captions.is_dirty()


def test_glossary_terms_are_added_and_removed(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    captions = section(main_window)
    qtbot.waitUntil(lambda: not captions.loading, timeout=10_000)  # fields open once the stored values are in
    captions.term.setFocus()
    qtbot.keyClicks(captions.term, "Market Street")
    qtbot.keyClicks(captions.heard, "market treat; market st")
    qtbot.mouseClick(captions.add, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: captions.terms.count() == 1, timeout=10_000)
    assert "heard as: market treat; market st" in captions.terms.item(0).text()
    main_window.shell.wait(10_000)
    terms = list_terms(main_window.shell.ctx)
    assert [(t.term, t.mishearings) for t in terms] == [("Market Street", ("market treat", "market st"))]
    captions.terms.setCurrentRow(0)
    qtbot.mouseClick(captions.remove, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: captions.terms.count() == 0, timeout=10_000)
