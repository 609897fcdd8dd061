"""Query and write ops: off the GUI thread, answers on it, stale and orphaned answers dropped."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from app.contacts import service as contacts
from app.shiftlog import service as shiftlog


def test_query_runs_off_the_gui_thread_and_answers_on_it(qtbot, shell) -> None:
    contacts.add_contact(shell.ctx, "Dana Press", phones=["0123 456789"])
    parent, seen = QObject(), {}

    def op(ctx):
        seen["worker"] = threading.current_thread()
        return [c.name for c in contacts.list_contacts(ctx)]

    def done(names):
        seen["names"], seen["callback"] = names, threading.current_thread()

    shell.ops.query(parent=parent, op=op).success(done).run()
    qtbot.waitUntil(lambda: "names" in seen)
    assert seen["names"] == ["Dana Press"]
    assert seen["worker"] is not threading.main_thread()
    assert seen["callback"] is threading.main_thread()


def test_a_newer_query_with_the_same_key_wins(qtbot, shell, gate) -> None:
    parent, answers = QObject(), []

    def slow(ctx):
        gate.wait(10)
        return "old"

    shell.ops.query(parent=parent, op=slow, key="search").success(answers.append).run()
    shell.ops.query(parent=parent, op=lambda ctx: "new", key="search").success(answers.append).run()
    qtbot.waitUntil(lambda: answers == ["new"])
    gate.set()
    qtbot.waitUntil(lambda: not shell.ops.busy)
    assert answers == ["new"]


def test_other_keys_and_other_parents_are_not_stale(qtbot, shell) -> None:
    first, second, answers = QObject(), QObject(), []
    shell.ops.query(parent=first, op=lambda ctx: 1, key="k").success(answers.append).run()
    shell.ops.query(parent=second, op=lambda ctx: 2, key="k").success(answers.append).run()
    shell.ops.query(parent=first, op=lambda ctx: 3, key="other").success(answers.append).run()
    qtbot.waitUntil(lambda: sorted(answers) == [1, 2, 3])


def test_an_answer_for_a_deleted_widget_is_dropped(qtbot, shell, gate) -> None:
    widget, answers, failures = QWidget(), [], []

    def slow(ctx):
        gate.wait(10)
        return "late"

    shell.ops.query(parent=widget, op=slow).success(answers.append).failure(failures.append).run()
    shiboken6.delete(widget)
    gate.set()
    qtbot.waitUntil(lambda: not shell.ops.busy)
    assert answers == [] and failures == []


def test_write_reports_what_changed_to_the_views(qtbot, shell) -> None:
    parent, results, topics = QObject(), [], []
    shell.bus.data_changed.connect(topics.append)
    with qtbot.waitSignal(shell.bus.changes) as changed:
        shell.ops.write(parent=parent, op=lambda ctx: contacts.add_contact(
            ctx, "Dana Press", phones=["0123 456789"])).success(results.append).run()
    qtbot.waitUntil(lambda: bool(results))
    assert changed.args[0].ids("contact") == {results[0].id}
    assert "contacts" in topics and "log" not in topics
    assert [c.name for c in contacts.list_contacts(shell.ctx)] == ["Dana Press"]


def test_changes_are_announced_even_if_the_asker_is_gone(qtbot, shell, gate) -> None:
    widget = QWidget()

    def write(ctx):
        gate.wait(10)
        return shiftlog.add_entry(ctx, "Statement published")

    shell.ops.write(parent=widget, op=write).success(lambda e: None).run()
    shiboken6.delete(widget)
    with qtbot.waitSignal(shell.bus.changes) as changed:
        gate.set()
    assert changed.args[0].touches("log_entry")


def test_writes_run_in_the_order_asked(qtbot, shell) -> None:
    parent, done = QObject(), []
    for n in range(1, 6):
        shell.ops.write(parent=parent, op=lambda ctx, n=n: shiftlog.add_entry(ctx, f"entry {n}")).success(done.append).run()
    qtbot.waitUntil(lambda: len(done) == 5)
    assert [e.text for e in done] == [f"entry {n}" for n in range(1, 6)]
    assert [e.seq for e in done] == sorted(e.seq for e in done)


def test_a_refused_write_is_shown_plainly_and_changes_nothing(qtbot, shell) -> None:
    parent, shown = QObject(), []
    shell.bus.status_message.connect(lambda text, ms: shown.append(text))
    before = shiftlog.count_entries(shell.ctx, shiftlog.EntryFilter())
    shell.ops.write(parent=parent, op=lambda ctx: shiftlog.add_entry(ctx, "   ")).run()
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == ["A log entry needs some text."]
    assert shiftlog.count_entries(shell.ctx, shiftlog.EntryFilter()) == before


def test_an_unexpected_failure_shows_no_traceback(qtbot, shell) -> None:
    parent, shown = QObject(), []
    shell.ops.failed.connect(shown.append)

    def broken(ctx):
        return {}["missing"]

    shell.ops.query(parent=parent, op=broken, doing="loading the rota").run()
    qtbot.waitUntil(lambda: bool(shown))
    assert "Traceback" not in shown[0] and "KeyError" in shown[0]
    assert shown[0].startswith("Could not finish loading the rota")


def test_a_failure_handler_gets_the_error_itself(qtbot, shell) -> None:
    parent, errors = QObject(), []
    shell.ops.write(parent=parent, op=lambda ctx: contacts.remove_contact(ctx, "nope")).failure(errors.append).run()
    qtbot.waitUntil(lambda: bool(errors))
    assert "No contact with id nope" in str(errors[0])
