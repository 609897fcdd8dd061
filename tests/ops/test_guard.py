"""Under test, a write reached from ui/ code on the GUI thread is refused."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject

from app.contacts import service as contacts
from ui.ops.guard import GuiThreadWriteError


def _ui_function(source: str):
    """A function whose module is under ``ui.``, as a widget's handler would be."""
    namespace = {"__name__": "ui.views.probe", "contacts": contacts}
    exec(source, namespace)  # noqa: S102 - test-only stand-in for a widget module
    return namespace["handler"]


def test_write_from_ui_code_on_the_gui_thread_is_refused(qapp, ctx, write_guard) -> None:
    handler = _ui_function("def handler(ctx):\n    return contacts.add_contact(ctx, 'Dana', phones=['0123 456789'])\n")
    with pytest.raises(GuiThreadWriteError, match="ui.views.probe"):
        handler(ctx)
    assert contacts.list_contacts(ctx) == []


def test_the_same_write_through_a_write_op_runs(qtbot, shell, write_guard) -> None:
    handler = _ui_function("def handler(ctx):\n    return contacts.add_contact(ctx, 'Dana', phones=['0123 456789'])\n")
    done = []
    shell.ops.write(parent=QObject(), op=handler).success(done.append).failure(done.append).run()
    qtbot.waitUntil(lambda: bool(done))
    assert done[0].name == "Dana"


def test_a_tests_own_setup_write_is_allowed(qapp, ctx, write_guard) -> None:
    assert contacts.add_contact(ctx, "Dana", phones=["0123 456789"]).name == "Dana"
