"""The Sync view as an officer reads it at 1024x640, light and dark: a conflict on a contact's
phone numbers names the numbers (not a Python list or JSON), the sentence stretches so the
"By" column stays in sight without a sideways scroll bar, and with no shared folder the view
says "Local only", as the status bar does."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.contacts import service as contacts
from app.settings import device
from tests.foundation.test_layout_fit import fit_problems, table_problems
from tests.sync.helpers import sync


def _settle(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.shell.busy, timeout=20_000)
    qtbot.wait(20)
    qtbot.waitUntil(lambda: not window.shell.busy, timeout=20_000)


def test_local_only_is_said_alike_in_the_view_and_the_status_bar(qtbot, main_window) -> None:  # type: ignore[no-untyped-def]
    view = main_window.show_view("sync")
    qtbot.waitUntil(lambda: "Local only" in view.state_label.text(), timeout=20_000)
    segment = next(s for s in main_window.status_segments if s.objectName() == "status-sync")
    assert segment.plain_text().startswith("Local only") and "Offline" not in view.state_label.text()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_phone_number_conflict_reads_as_numbers_and_fits(qtbot, main_window, ctx, make_ctx, tmp_path: Path, theme) -> None:  # type: ignore[no-untyped-def]
    from ui import theme as themes

    share = tmp_path / "share"
    share.mkdir()
    lead = contacts.add_contact(ctx, "Dana Lead", role="Duty lead", phones=["07700 900111"])
    device.set_many(ctx, {device.SHARE_DIR: str(share)})
    other = make_ctx("other", "Bea Khan")
    sync(ctx, share), sync(other, share)
    contacts.update_contact(ctx, lead.id, name=lead.name, role=lead.role, phones=["07700 900333"])
    contacts.update_contact(other, lead.id, name=lead.name, role=lead.role, phones=["07700 900444", "0161 496 0000"])
    sync(other, share)
    themes.apply(QApplication.instance(), theme)
    main_window.resize(1024, 640)
    view = main_window.show_view("sync")
    main_window.actions_by_id["sync_now"].trigger()
    qtbot.waitUntil(lambda: view.conflicts_model.rowCount() == 1, timeout=60_000)
    _settle(main_window, qtbot)

    panel = view.conflict_panel
    assert panel.local_text.toPlainText() == "07700 900333"
    assert panel.remote_text.toPlainText() == "07700 900444\n0161 496 0000"
    sentence = view.conflicts_model.data(view.conflicts_model.index(0, 1))
    assert "07700 900333" in sentence and "07700 900444, 0161 496 0000" in sentence and "[" not in sentence
    assert not view.conflicts_table.horizontalScrollBar().isVisible()
    by = view.conflicts_table.horizontalHeader()
    assert by.sectionPosition(2) + by.sectionSize(2) <= view.conflicts_table.viewport().width()
    assert fit_problems(main_window) + table_problems(main_window) == []
