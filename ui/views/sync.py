"""The Sync view: state, devices seen, pending changes, problems, conflicts to resolve."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from shiboken6 import isValid

from app.sync import service
from ui.ops.failures import plain_message
from ui.shell import Shell
from ui.status.sync import COLOURS, WORDS
from ui.sync.controller import controller_for
from ui.sync.models import RowsModel
from ui.sync.widgets import ConflictPanel, show_value
from ui.views.base import View, heading


def _when(value: dt.datetime | None) -> str:
    if value is None:
        return "never"
    return value.astimezone().strftime("%a %d %b %H:%M")


def _table(name: str, model: RowsModel) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.setWordWrap(False)
    return table


def said_in_sync_view(status: service.SyncStatus) -> str:
    """The status line worded for someone already in the Sync view (the status bar and the
    CLI say "open Sync"; here the conflicts are on the page)."""
    if status.state != "conflicts":
        return status.message
    n = status.conflicts
    which = "it" if n == 1 else "each"
    return (f"{n} conflict{'s' if n != 1 else ''} to resolve: select {which} in the Conflicts tab below "
            "and choose which value to keep.")


class SyncView(View):
    title = "Sync"

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.controller = controller_for(shell)
        self.status: service.SyncStatus | None = None
        self._tab_state = ""
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Sync"))

        top = QHBoxLayout()
        texts = QVBoxLayout()
        self.state_label = QLabel()
        self.state_label.setAccessibleName("Sync state")
        self.state_label.setTextFormat(Qt.TextFormat.RichText)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Sync message")
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setProperty("role", "muted")
        self.facts.setAccessibleName("Share and pending changes")
        texts.addWidget(self.state_label)
        texts.addWidget(self.message)
        texts.addWidget(self.facts)
        top.addLayout(texts, 1)
        self.sync_button = QPushButton("&Sync now (F5)")
        self.sync_button.setAccessibleName("Sync now")
        self.sync_button.setProperty("role", "primary")
        self.sync_button.clicked.connect(self.controller.sync_now)
        self.compact_button = QPushButton("&Compact share")
        self.compact_button.setAccessibleName("Compact the share (snapshot)")
        self.compact_button.setToolTip("Write a snapshot so new laptops join quickly, and retire this laptop's old files.")
        self.compact_button.clicked.connect(self.compact)
        top.addWidget(self.sync_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.compact_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Sync details")
        layout.addWidget(self.tabs, 1)

        # conflicts
        self.conflicts_model = RowsModel(
            ["Record", "What happened", "By", "Applied now"],
            [lambda c: c.record, lambda c: c.text or f"{c.field}: {show_value(c.local_value)[:40]} / {show_value(c.remote_value)[:40]}",
             lambda c: c.remote_officer or "?",
             lambda c: "this laptop's" if c.winner == "local" else "other laptop's"],
        )
        self.conflicts_table = _table("Conflicts to resolve", self.conflicts_model)
        head = self.conflicts_table.horizontalHeader()
        head.setStretchLastSection(False)  # the sentence stretches (elided), so "By" stays in sight
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.conflicts_table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.conflict_panel = ConflictPanel()
        self.conflict_panel.keep.connect(self.resolve)
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(self.conflicts_table, 1)
        box.addWidget(self.conflict_panel)
        self.tabs.addTab(page, "Conflicts")

        # devices
        self.devices_model = RowsModel(
            ["Officer", "Laptop", "Last seen", "Changes applied", "State"],
            [lambda d: d.officer or "?", lambda d: d.name or d.device_id[:8], lambda d: _when(d.last_seen_at),
             lambda d: str(d.applied_seq), self._device_state],
        )
        self.devices_table = _table("Laptops seen on the share", self.devices_model)
        self.tabs.addTab(self.devices_table, "Laptops")

        # problems
        self.quarantine_model = RowsModel(
            ["Damaged file or record (kept, not applied)", "Why", "Found"],
            [lambda q: q["path"], lambda q: q["reason"], lambda q: _when(q["detected_at"])],
        )
        self.quarantine_table = _table("Quarantined files", self.quarantine_model)
        self.errors_model = QStringListModel()
        self.errors_list = QListView()
        self.errors_list.setModel(self.errors_model)
        self.errors_list.setAccessibleName("Recent sync messages")
        self.errors_list.setWordWrap(True)
        self.errors_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(QLabel("Recent messages"))
        box.addWidget(self.errors_list, 2)
        box.addWidget(QLabel("Set aside (damaged files, records that could not be applied)"))
        box.addWidget(self.quarantine_table, 1)
        self.tabs.addTab(page, "Problems")

        self.setTabOrder(self.sync_button, self.compact_button)
        self.setTabOrder(self.compact_button, self.tabs)
        self.controller.started.connect(self._syncing)
        self.controller.status_ready.connect(self.show_status)
        self.controller.finished.connect(self._finished)
        shell.bus.data_changed.connect(self._on_data_changed)
        if self.controller.last_status is not None:
            self.show_status(self.controller.last_status)

    # --- behaviour ---------------------------------------------------------------------
    def activated(self) -> None:
        self.refresh()

    def _on_data_changed(self, topic: str) -> None:
        if topic == "sync" and self.isVisible():
            self.refresh()

    def first_focus(self) -> QWidget | None:
        return self.conflicts_table if self.conflicts_model.rowCount() else self.sync_button

    def handle_action(self, action_id: str) -> None:
        if action_id == "sync_now":
            self.controller.sync_now()

    def refresh(self) -> None:
        self.shell.ops.query(parent=self, op=lambda ctx: (service.status(ctx), service.list_conflicts(ctx)),
                             key="status").success(self._loaded).run()

    def _loaded(self, pair: tuple[service.SyncStatus, list[service.ConflictInfo]]) -> None:
        if not isValid(self):
            return
        status, conflicts = pair
        if self._tab_state != status.state:
            self._tab_state = status.state
            self.tabs.setCurrentIndex({"conflicts": 0, "problem": 2}.get(status.state, 0 if conflicts else 1))
        self.show_status(status)
        self.conflicts_model.set_items(conflicts)
        self.tabs.setTabText(0, f"Conflicts ({len(conflicts)})")
        if conflicts:
            self.conflicts_table.selectRow(0)
            self._pick(0)
        else:
            self.conflict_panel.show_conflict(None)

    def show_status(self, status: service.SyncStatus) -> None:
        self.status = status
        colour = COLOURS.get(status.state, "#666")
        word = "Local only" if status.state == "offline" and status.share is None else WORDS.get(status.state, status.state)
        self.state_label.setText(f'<span style="font-size:15pt; color:{colour}">● {word}</span>')  # as the status bar says
        self.message.setText(said_in_sync_view(status))
        share = status.share or "no shared folder set (Settings > General)"
        items = [f"Changes waiting to publish: {status.pending}", f"Last synced: {_when(status.last_sync_at)}",
                 f"This laptop: {status.device_id[:8]}"]
        # a line breaks between the facts, never inside one (the share's path may break anywhere)
        self.facts.setText("   ·   ".join([f"Share: {share}"] + [item.replace(" ", "\u00a0") for item in items]))
        self.devices_model.set_items(status.devices)
        self.tabs.setTabText(1, f"Laptops ({len(status.devices)})")
        records = [{"path": f"record {r['op_id'][:13]} ({r['table']}) from {r['officer'] or '?'}", "reason": r["reason"],
                    "detected_at": r["parked_at"]} for r in status.unapplied]
        self.quarantine_model.set_items([*status.quarantine, *records])
        self.errors_model.setStringList([f"{_when(dt.datetime.fromisoformat(e['at']))}: {e['message']}" for e in status.errors])
        problems = status.quarantined + len(status.unapplied) + (1 if status.state == "problem" else 0)
        self.tabs.setTabText(2, f"Problems ({problems})" if problems else "Problems")

    def _device_state(self, device: service.DeviceSeen) -> str:
        if device.waiting:
            return f"stopped: {device.waiting}"
        if device.clock_ahead_min > 10:
            return f"clock {device.clock_ahead_min} min ahead"
        return "up to date"

    def _syncing(self) -> None:
        self.sync_button.setEnabled(False)
        self.state_label.setText(f'<span style="font-size:15pt; color:{COLOURS["syncing"]}">● Syncing…</span>')

    def _finished(self, result: dict[str, Any]) -> None:
        self.sync_button.setEnabled(True)
        self.shell.notify(
            f"Sync: published {result.get('published', 0)}, applied {result.get('applied', 0)}. {result.get('message', '')}"
        )
        self.refresh()

    def _current_changed(self, current: Any, _previous: Any) -> None:
        self._pick(current.row())

    def _pick(self, row: int) -> None:
        self.conflict_panel.show_conflict(self.conflicts_model.item(row))

    def resolve(self, conflict_id: int, keep: str) -> None:
        self.shell.ops.write(parent=self, op=lambda ctx: service.resolve(ctx, conflict_id, keep)).success(
            lambda info: (self.shell.notify(f"Kept the {keep} value; it syncs on the next round."),
                          self.shell.changed("sync"), self.refresh())).failure(
            lambda exc: self.message.setText(plain_message(exc))).run()

    def compact(self) -> None:
        self.compact_button.setEnabled(False)

        def done(result: dict[str, Any]) -> None:
            self.compact_button.setEnabled(True)
            self.shell.notify(f"Snapshot written ({result['rows']} records); retired {result['retired_segments']} old file(s).")
            self.refresh()

        def failed(message: str) -> None:
            self.compact_button.setEnabled(True)
            self.message.setText(message)

        job = self.shell.jobs.start(parent=self, title="Writing a snapshot", work=lambda ctx, control: service.compact(ctx))
        job.finished.connect(done)
        job.failed.connect(failed)


def create(shell: Shell) -> View:
    return SyncView(shell)
