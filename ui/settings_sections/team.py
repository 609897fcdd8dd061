"""Settings > Team: add, rename, set role and contracted hours, retire and re-activate
officers, and merge an officer recorded twice. Every button writes at once (shared data,
synced), so the page has nothing to save with the other settings. Each change but a merge
(which has its own Undo merge) is a core change set on the same undo stack as the rota's
(``ui.undo.core_undo_stack``): Ctrl+Z here, or in the Rota view, takes back the latest."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QMessageBox,
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from app.rota.records import ShiftInfo
from app.rota.service import zone
from app.team import dedupe
from app.team import edits as team_edits
from app.team import retire as retiring
from app.team import service as team
from ui.ops.failures import plain_message
from ui.rota.editing import RotaEditing
from ui.settings_sections.base import SettingsSection
from ui.shell import Shell
from ui.team.model import TeamModel
from ui.undo import core_undo_stack, undo_redo_actions

ORDER = 15
TITLE = "Team"


def read_team(ctx: Any) -> tuple[list[team.OfficerInfo], list[dedupe.DuplicateGroup], list[dedupe.MergeInfo]]:
    """Runs on a worker thread: the whole team (retired too), duplicates, merges."""
    return team.list_officers(ctx, include_inactive=True), dedupe.find_duplicates(ctx), dedupe.list_merges(ctx)


class TeamSection(SettingsSection):
    saves_at_once = True

    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self.shell = shell
        self.officers: list[team.OfficerInfo] = []
        self.groups: list[dedupe.DuplicateGroup] = []
        self._me = shell.ctx.officer
        self.undo_stack = core_undo_stack(shell)
        self.editing = RotaEditing(shell, self, self.undo_stack, on_error=self._refused, on_notice=self._notice)
        self.undo_action, self.redo_action = undo_redo_actions(self, self.undo_stack)
        layout = QVBoxLayout(self)
        hint = QLabel("Changes on this page are saved at once and reach the team's laptops with the next sync. "
                      "Ctrl+N: a new officer; Enter in a field saves it; Ctrl+Z in the list undoes the last change.")
        hint.setWordWrap(True)
        hint.setProperty("role", "muted")
        layout.addWidget(hint)
        self.show_retired = QCheckBox("Show &retired officers")
        self.show_retired.toggled.connect(self._fill)
        layout.addWidget(self.show_retired)
        self.model = TeamModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Team members")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._pick())
        layout.addWidget(self.table, 1)

        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setAccessibleName("Officer name")
        self.name.setPlaceholderText("e.g. Bea Khan")
        self.role = QLineEdit()
        self.role.setAccessibleName("Role")
        self.role.setPlaceholderText("e.g. Duty press officer")
        self.hours = QLineEdit()
        self.hours.setAccessibleName("Contracted hours a week")
        self.hours.setPlaceholderText("e.g. 37.5 (blank: not set)")
        form.addRow("&Name:", self.name)
        form.addRow("R&ole:", self.role)
        form.addRow("Contracted &hours a week:", self.hours)
        layout.addLayout(form)

        buttons = QHBoxLayout()
        self.add_button = QPushButton("&Add officer")
        self.add_button.setAccessibleName("Add officer")
        self.add_button.clicked.connect(self.add)
        self.save_button = QPushButton("Sa&ve changes")
        self.save_button.setAccessibleName("Save changes to the selected officer")
        self.save_button.clicked.connect(self.save_selected)
        self.retire_button = QPushButton("Re&tire")
        self.retire_button.setAccessibleName("Retire or re-activate the selected officer")
        self.retire_button.clicked.connect(self.toggle_active)
        for button in (self.add_button, self.save_button, self.retire_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        for edit in (self.name, self.role, self.hours):
            edit.returnPressed.connect(self._enter)
        QShortcut(QKeySequence("Ctrl+N"), self, self._new, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        self.duplicates_title = QLabel()
        self.duplicates = QListWidget()
        self.duplicates.setAccessibleName("Officers recorded twice")
        self.duplicates.setMaximumHeight(90)
        self.merge_button = QPushButton("&Merge into one")
        self.merge_button.setAccessibleName("Merge the selected officer's records into one")
        self.merge_button.clicked.connect(self.merge_selected)
        self.merges = QListWidget()
        self.merges.setAccessibleName("Officer merges")
        self.merges.setMaximumHeight(90)
        self.undo_merge_button = QPushButton("&Undo merge")
        self.undo_merge_button.setAccessibleName("Undo the selected merge")
        self.undo_merge_button.clicked.connect(self.undo_selected)
        layout.addWidget(self.duplicates_title)
        layout.addWidget(self.duplicates)
        layout.addWidget(self.merge_button)
        self.merges_title = QLabel("Merged records (one person, two records made before the laptops met):")
        layout.addWidget(self.merges_title)
        layout.addWidget(self.merges)
        layout.addWidget(self.undo_merge_button)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Team message")
        layout.addWidget(self.message)
        shell.bus.data_changed.connect(lambda topic: self.load() if topic in ("team", "sync") else None)

    # --- reading -------------------------------------------------------------------
    def load(self) -> None:
        self.shell.ops.query(parent=self, op=read_team, key="team").success(self._show).run()

    def _show(self, found: tuple[list[team.OfficerInfo], list[dedupe.DuplicateGroup], list[dedupe.MergeInfo]]) -> None:
        self.officers, self.groups, merges = found
        if self.shell.ctx.officer != self._me:  # you renamed yourself (or undid that)
            self._me = self.shell.ctx.officer
            self.shell.bus.officer_changed.emit(self._me)
        self._fill()
        waiting = [g for g in self.groups if not g.automatic]
        self.duplicates_title.setText(
            f"Recorded twice, waiting for you to decide ({len(waiting)}):" if waiting else "Nobody is recorded twice.")
        self.duplicates.clear()
        for group in waiting:
            item = QListWidgetItem(f"{group.name} — {len(group.officer_ids)} records; not merged automatically: {group.reason}")
            item.setData(Qt.ItemDataRole.UserRole, group)
            self.duplicates.addItem(item)
        for widget in (self.duplicates, self.merge_button):
            widget.setVisible(bool(waiting))
        self.merges.clear()
        for merge in reversed(merges):
            state = "undone" if merge.undone else ("automatic" if merge.automatic else "by hand")
            item = QListWidgetItem(f"{merge.name}: {merge.moved} reference(s) moved ({state})")
            item.setData(Qt.ItemDataRole.UserRole, merge)
            self.merges.addItem(item)
        for widget in (self.merges_title, self.merges, self.undo_merge_button):
            widget.setVisible(bool(merges))

    def _fill(self) -> None:
        selected = self.selected()
        shown = [o for o in self.officers if o.active or self.show_retired.isChecked()]
        self.model.set_officers(shown)
        row = self.model.row_of(selected.id) if selected else -1
        if row >= 0:
            self.table.selectRow(row)
        self._pick()

    def selected(self) -> team.OfficerInfo | None:
        index = self.table.currentIndex()
        return self.model.officer(index.row()) if index.isValid() else None

    def _pick(self) -> None:
        officer = self.selected()
        self.save_button.setEnabled(officer is not None)
        self.retire_button.setEnabled(officer is not None)
        self.retire_button.setText("Re-ac&tivate" if officer and not officer.active else "Re&tire")
        if officer is not None:
            self.name.setText(officer.name)
            self.role.setText(officer.role)
            self.hours.setText("" if officer.contracted_hours is None else f"{officer.contracted_hours:g}")

    # --- writing -------------------------------------------------------------------
    def _write(self, op: Any, done: str) -> None:
        """Merges: a write op of their own (undone with Undo merge, not Ctrl+Z)."""
        def ok(result: Any) -> None:
            self.message.setText(done.format(result=result))
            self.load()

        self.shell.ops.write(parent=self, op=op).success(ok).failure(self._refused).run()

    def _edit(self, op: Any, said: Any) -> None:
        """A team change as a core change set on the undo stack; ``said(result)`` is the message."""
        def done(result: Any) -> None:
            self.message.setText(said(result) + " (Ctrl+Z in the list to undo.)")
            self.load()

        self.editing.run(op, done, doing="change the team", failed=self._refused)

    def _refused(self, exc: BaseException) -> None:
        self.message.setText(plain_message(exc))

    def _notice(self, text: str) -> None:
        """What an undo or redo could not take back, and why."""
        self.message.setText(text)
        self.shell.notify(text, 10_000)

    def _new(self) -> None:
        self.table.clearSelection()
        self.table.setCurrentIndex(self.model.index(-1, -1))
        for edit in (self.name, self.role, self.hours):
            edit.clear()
        self._pick()
        self.name.setFocus()

    def _enter(self) -> None:
        self.save_selected() if self.selected() else self.add()

    def add(self) -> None:
        name, role, hours = self.name.text(), self.role.text(), self.hours.text()
        self._edit(lambda ctx: team_edits.add_officer(ctx, name, role=role, contracted_hours=hours),
                   lambda o: f"Added {o.name} to the team.")

    def save_selected(self) -> None:
        officer = self.selected()
        if officer is None:
            self.message.setText("Pick an officer in the list first (or Add a new one).")
            return
        name, role, hours = self.name.text(), self.role.text(), self.hours.text()
        self._edit(lambda ctx: team_edits.edit_officer(ctx, officer.id, name=name, role=role, contracted_hours=hours),
                   lambda o: f"Saved {o.name}.")

    def toggle_active(self) -> None:
        officer = self.selected()
        if officer is None:
            return
        if not officer.active:
            self._edit(lambda ctx: team_edits.reactivate(ctx, officer.name), lambda o: f"Re-activated {o.name}.")
            return
        self.shell.ops.query(parent=self, op=lambda ctx: retiring.future_shifts(ctx, officer.name), key="retire") \
            .success(lambda shifts: self._confirm_retire(officer, shifts)).failure(self._refused).run()

    def _confirm_retire(self, officer: team.OfficerInfo, shifts: list[ShiftInfo]) -> None:
        """Say how many shifts will become open; retire opening them, keeping them, or not at all."""
        count = len(shifts)
        if count:
            first = shifts[0].local_start(zone())
            text = (f"Retire {officer.name}? Their {count} shift{'s' * (count != 1)} from {first:%a %d %b %Y} on "
                    f"will become open shifts needing cover. Past shifts, today's and the log keep their name.")
        else:
            text = f"Retire {officer.name}? They have no shifts from tomorrow on. Past shifts and the log keep their name."
        box = self.retire_box = QMessageBox(QMessageBox.Icon.Question, "Retire officer", text, parent=self)
        retire = box.addButton("&Retire and open their shifts" if count else "&Retire",
                               QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton("&Keep their shifts", QMessageBox.ButtonRole.ActionRole) if count else None
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(retire)
        box.exec()
        clicked = box.clickedButton()
        if clicked is None or not (clicked is retire or clicked is keep):
            return  # Cancel or Escape: nothing changes
        kept = clicked is keep
        name = officer.name

        def said(done: retiring.Retired) -> str:
            if kept or not done.opened:
                return f"Retired {done.officer.name}: past shifts and the log keep the name."
            opened = len(done.opened)
            return f"Retired {done.officer.name}: {opened} future shift{'s' * (opened != 1)} now open and need cover."

        self._edit(lambda ctx: team_edits.retire(ctx, name, keep_shifts=kept), said)

    def merge_selected(self) -> None:
        item = self.duplicates.currentItem() or self.duplicates.item(0)
        if item is None:
            return
        group: dedupe.DuplicateGroup = item.data(Qt.ItemDataRole.UserRole)

        def op(ctx: Any) -> str:
            for other in group.officer_ids[1:]:
                dedupe.merge_officers(ctx, group.officer_ids[0], other)
            return group.name

        self._write(op, "Merged the records of {result} into one.")

    def undo_selected(self) -> None:
        item = self.merges.currentItem()
        if item is None:
            self.message.setText("Pick a merge in the list first.")
            return
        merge: dedupe.MergeInfo = item.data(Qt.ItemDataRole.UserRole)
        self._write(lambda ctx: dedupe.undo_merge(ctx, merge.id), "Undid the merge of {result.name}.")

    def first_focus(self) -> QTableView:
        return self.table


def create_section(shell: Shell) -> SettingsSection:
    return TeamSection(shell)
