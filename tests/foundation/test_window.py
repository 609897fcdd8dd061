"""The main window, driven as a user would: keyboard, settings, quitting, start-up errors."""

from __future__ import annotations


from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QWidget

from app.context import open_context
from app.settings import device
from ui.views.registry import VIEWS


def test_every_view_is_reachable_by_its_shortcut(qtbot, main_window):
    for spec in VIEWS:
        action = next(a for a in main_window.actions() if a.shortcut() == QKeySequence(spec.shortcut))
        action.trigger()
        assert main_window.current_key == spec.key
        assert main_window.stack.currentWidget().isVisible()
        assert main_window.windowTitle().startswith(spec.title)


def test_sidebar_selection_switches_view_and_headings_are_not_selectable(qtbot, main_window):
    nav = main_window.navigation
    nav.setFocus()
    model = nav.model()
    titles = [model.index(r, 0).data().strip() for r in range(model.rowCount())]
    assert titles == ["Today", "Rota", "Shift log", "Incidents", "MEDIA", "Photo", "Subtitles", "Sync", "Settings"]
    media = model.index(titles.index("MEDIA"), 0)
    assert not (model.flags(media) & Qt.ItemFlag.ItemIsSelectable)
    nav.select_key("subtitles")
    assert main_window.current_key == "subtitles"


def test_status_bar_shows_the_officer_shift_and_sync_state(main_window):
    texts = [w.text() for w in main_window.status_segments]
    assert texts[0] == "Officer: Test Officer"
    assert any("shift" in t.lower() for t in texts)
    sync_words = ("sync", "local only", "offline", "conflict")
    assert any(any(w in t.lower() for w in sync_words) for t in texts)


def test_interactive_widgets_carry_accessible_names(qtbot, main_window):
    for spec in VIEWS:
        main_window.show_view(spec.key)
    unnamed = [
        w for w in main_window.findChildren(QLineEdit)
        if w.isVisibleTo(main_window) and not w.accessibleName() and not w.placeholderText()
    ]
    assert unnamed == []


def test_settings_change_officer_and_theme(qtbot, main_window):
    view = main_window.show_view("settings")
    general = view.sections[0]
    qtbot.waitUntil(lambda: not general.loading, timeout=10_000)
    general.officer.setText("Sam Patel")
    general.theme.setCurrentIndex(general.theme.findData("dark"))
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.message.text() == "Settings saved.", timeout=10_000)  # saved off the GUI thread
    ctx = main_window.shell.ctx
    assert ctx.officer == "Sam Patel"
    assert device.get(ctx, device.THEME) == "dark"
    assert main_window.status_segments[0].text() == "Officer: Sam Patel"
    assert QApplication.instance().palette().window().color().lightness() < 100


def test_quitting_keeps_typed_settings(qtbot, main_window):
    view = main_window.show_view("settings")
    qtbot.waitUntil(lambda: not view.sections[0].loading, timeout=10_000)
    view.sections[0].officer.setText("Typed But Not Saved")
    main_window.close()
    assert main_window.shell.ctx.officer == "Typed But Not Saved"


def test_gui_refuses_a_second_copy_with_a_dialog(qtbot, ctx):
    from ui.application import run_gui

    shown: list[str] = []

    def close_dialog() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            shown.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(50, close_dialog)

    QTimer.singleShot(50, close_dialog)
    code = run_gui(str(ctx.data_dir))
    assert code == 2
    assert shown and "already open on the data folder" in shown[0]


def test_first_run_dialog_sets_up_the_officer(qtbot, tmp_path):
    from ui.dialogs.first_run import FirstRunDialog

    with open_context(tmp_path / "fresh") as ctx:
        dialog = FirstRunDialog(ctx)
        qtbot.addWidget(dialog)
        dialog.accept()  # empty name refused, dialog stays
        assert "cannot be empty" in dialog.error.text() and ctx.officer == ""
        qtbot.keyClicks(dialog.officer, "Alex Jones")
        dialog.accept()
        qtbot.waitUntil(lambda: dialog.result() == FirstRunDialog.DialogCode.Accepted, timeout=10_000)
        assert ctx.officer == "Alex Jones"


def test_keyboard_focus_moves_through_the_settings_form(qtbot, main_window):
    view = main_window.show_view("settings")
    general = view.sections[0]
    general.officer.setFocus()
    order = [general.officer]
    widget: QWidget = general.officer
    for _ in range(3):
        widget = widget.nextInFocusChain()
        while not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) or not widget.isVisible():
            widget = widget.nextInFocusChain()
        order.append(widget)
    assert order[1] is general.share


def test_results_for_a_closed_window_are_dropped(qtbot, ctx):
    from ui.application import build_window

    window = build_window(ctx)
    label_texts: list[str] = []
    ops = window.shell.ops
    window.deleteLater()
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(window), timeout=5000)
    ops.query(parent=None, op=lambda ctx: "late").success(label_texts.append).run()
    assert ops.wait(10_000)
    QApplication.processEvents()  # a delivery would come with the next events
    assert label_texts == []
