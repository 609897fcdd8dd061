"""First start: who are you, and (optionally) where is the team's shared drive.

With a shared drive that already holds a team, the dialog syncs first and then asks
"Who are you?" with the team's officers to pick from (or "I'm new"), so this laptop's
officer *is* the team's record of that person, not a second one of the same name.
The window's shell does not exist yet, so the slow steps run on a plain worker thread
and answer through the main-thread relay (``ui.ops.delivery.run_in_thread``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.errors import DutyDeskError, ValidationError
from app.setup import join_share, setup, team_officers
from app.team.service import OfficerInfo, clean_name, name_key
from ui.fields import folder_row, named_edit
from ui.ops.delivery import Outcome, alive, run_in_thread

NEW = "__new__"


def run_off_gui(parent: QObject, work: Callable[[], Any], done: Callable[[Any], None], failed: Callable[[str], None]) -> None:
    """``work`` on a plain thread; ``done``/``failed`` on the GUI thread while ``parent``
    lives (the relay, not the dialog, takes the answer: the dialog may be gone by then)."""

    def answered(outcome: Outcome) -> None:
        if not alive(parent):
            return
        if outcome.error is None:
            done(outcome.value)
        elif isinstance(outcome.error, DutyDeskError):
            failed(str(outcome.error))
        else:  # shown as one plain line, never a traceback
            failed(f"Could not finish: {outcome.error}")

    run_in_thread("first-run", work, answered)


class FirstRunDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.busy = False
        self.setWindowTitle("Welcome to Duty Desk")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages, 1)
        self.pages.addWidget(self._first_page())
        self.pages.addWidget(self._who_page())
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b")
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Problem")
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Start")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.officer.setFocus()

    def _first_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(
            "<b>Welcome.</b> Tell Duty Desk who you are: your name goes on every log entry "
            "and rota change you make. Joining a team? Give the team's shared drive: Duty Desk "
            "fetches the team first and lets you pick yourself. You can change both later in Settings."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.officer = named_edit("Your name", "e.g. Sam Patel (with a team's drive you can pick it next)")
        self.share = named_edit("Team shared-drive folder (optional)", "optional: the team's shared-drive folder")
        row_widget, _ = folder_row(self.share, title="Choose the team's shared-drive folder", button_text="&Browse…")
        form.addRow("Your &name:", self.officer)
        form.addRow("Shared &drive:", row_widget)
        layout.addLayout(form)
        layout.addStretch(1)
        return page

    def _who_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("<b>Who are you?</b>")
        title.setAccessibleName("Who are you?")
        layout.addWidget(title)
        self.who_intro = QLabel()
        self.who_intro.setWordWrap(True)
        layout.addWidget(self.who_intro)
        self.who = QListWidget()
        self.who.setAccessibleName("The team's officers: pick yourself")
        self.who.itemActivated.connect(lambda _item: self.accept())
        self.who.currentItemChanged.connect(lambda *_: self._who_changed())
        layout.addWidget(self.who, 1)
        new_row = QFormLayout()
        self.new_name = named_edit("Your name (new to the team)", "your name as the team will know it")
        new_row.addRow("Your &name:", self.new_name)
        self.new_name_row = QWidget()
        self.new_name_row.setLayout(new_row)
        layout.addWidget(self.new_name_row)
        return page

    # --- steps -------------------------------------------------------------------------
    def accept(self) -> None:
        if self.busy:
            return
        self.error.setText("")
        if self.pages.currentIndex() == 1:
            self._finish_pick()
            return
        name, share = self.officer.text(), self.share.text().strip() or None
        if not share:
            try:
                clean_name(name)
            except ValidationError as exc:
                self.error.setText(str(exc))
                return
            self._run(lambda: setup(self.ctx, officer=name), self._set_up)
            return
        self._run(lambda: self._join(share), self._joined, doing="Fetching the team from the shared drive…")

    def _join(self, share: str) -> tuple[dict[str, Any], list[OfficerInfo]]:
        report = join_share(self.ctx, share)
        return report, team_officers(self.ctx)

    def _joined(self, found: tuple[dict[str, Any], list[OfficerInfo]]) -> None:
        report, officers = found
        share = self.share.text().strip()
        if not officers:  # a new team (or the drive cannot be reached): the name typed is it
            if report.get("state") == "offline":
                self.error.setText(f"{report.get('message', '')} You can join later: Duty Desk syncs when it can.")
            try:
                clean_name(self.officer.text())
            except ValidationError as exc:
                self.error.setText(str(exc))
                return
            name = self.officer.text()
            self._run(lambda: setup(self.ctx, officer=name, share=share, sync=False), self._set_up)
            return
        self._show_team(officers)

    def _show_team(self, officers: list[OfficerInfo]) -> None:
        typed = name_key(self.officer.text())
        self.who_intro.setText(
            f"The team on this drive has {len(officers)} officer(s). Pick yourself, so your laptop "
            "uses your record (your shifts, calendar and log). New to the team? Pick “I'm new”.")
        self.who.clear()
        chosen = 0
        for n, officer in enumerate(officers):
            extra = f" — {officer.role}" if officer.role else ""
            item = QListWidgetItem(officer.name + extra)
            item.setData(Qt.ItemDataRole.UserRole, officer.name)
            self.who.addItem(item)
            if name_key(officer.name) == typed:
                chosen = n
        new = QListWidgetItem("I'm new to the team")
        new.setData(Qt.ItemDataRole.UserRole, NEW)
        self.who.addItem(new)
        self.new_name.setText(self.officer.text())
        self.pages.setCurrentIndex(1)
        self.ok_button.setText("Start")
        self.who.setCurrentRow(chosen)
        self._who_changed()
        self.who.setFocus()

    def _who_changed(self) -> None:
        item = self.who.currentItem()
        self.new_name_row.setVisible(bool(item) and item.data(Qt.ItemDataRole.UserRole) == NEW)

    def _finish_pick(self) -> None:
        item = self.who.currentItem()
        if item is None:
            self.error.setText("Pick yourself in the list, or “I'm new”.")
            return
        picked = item.data(Qt.ItemDataRole.UserRole)
        name = self.new_name.text() if picked == NEW else picked
        try:
            clean_name(name)
        except ValidationError as exc:
            self.error.setText(str(exc))
            self.new_name.setFocus()
            return
        share = self.share.text().strip()
        self._run(lambda: setup(self.ctx, officer=name, share=share, sync=False), self._set_up)

    def _set_up(self, _result: object) -> None:
        super().accept()

    def _run(self, work: Callable[[], Any], done: Callable[[Any], None], doing: str = "") -> None:
        self.busy = True
        self.ok_button.setEnabled(False)
        if doing:
            self.error.setStyleSheet("")
            self.error.setText(doing)

        def finished(result: Any) -> None:
            self._idle()
            done(result)

        def failed(text: str) -> None:
            self._idle()
            self.error.setText(text)

        run_off_gui(self, work, finished, failed)

    def _idle(self) -> None:
        self.busy = False
        self.ok_button.setEnabled(True)
        self.error.setStyleSheet("color: #c0392b")
        self.error.setText("")
