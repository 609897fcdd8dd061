"""The shift controls shared by the Shift log view and the Today panel: shift state,
start (pre-filled from the rota when one is due), check in, end with handover, print
a summary; the welfare banner; the handed-over items to acknowledge."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.alerts import lonework, outbox
from app.files import names
from app.shiftlog import reports, rota_link, service, welfare
from app.shiftlog.rota_link import RotaShift
from app.shiftlog.service import HandoverItemInfo, ShiftInfo
from app.shiftlog.welfare import CheckinStatus
from ui.log.alert_duty import duty_for, plain_failure
from ui.shell import Shell

if TYPE_CHECKING:
    from app.context import AppContext


@dataclass(frozen=True)
class ShiftState:
    shift: ShiftInfo | None
    checkin: CheckinStatus
    rota: RotaShift | None
    pending: list[HandoverItemInfo]
    entries: int


def read_state(ctx: AppContext) -> ShiftState:
    """Runs on a worker thread."""
    shift = service.current_shift(ctx)
    rota = None if shift else rota_link.due_rota_shift(ctx)
    count = service.count_entries(ctx, service.EntryFilter(shift_id=shift.id)) if shift else 0
    return ShiftState(shift, welfare.status(ctx), rota, service.pending_handover(ctx), count)


class CheckinBanner(QFrame):
    """A clear prompt when a welfare check-in is due, and the escalation text when missed."""

    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shell = shell
        self.setObjectName("checkin-banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAccessibleName("Welfare check-in")
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText("PIN")
        self.pin.setMaximumWidth(90)
        self.pin.setAccessibleName("PIN (optional)")
        self.pin.returnPressed.connect(self.check_in)
        self.button = QPushButton("I'm &safe — check in")
        self.button.setAccessibleName("Check in: I am safe")
        self.button.clicked.connect(self.check_in)
        self.alert_note = QLabel()
        self.alert_note.setWordWrap(True)
        self.alert_note.setAccessibleName("Alert delivery")
        self.alert_note.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.alert_note.setVisible(False)
        column = QVBoxLayout()
        column.addWidget(self.text)
        column.addWidget(self.alert_note)
        layout.addLayout(column, 1)
        layout.addWidget(self.pin)
        layout.addWidget(self.button)
        self.setVisible(False)
        duty_for(shell).reported.connect(self.show_delivery)

    def show_delivery(self, report: outbox.RunReport) -> None:
        """Say plainly when an alert did not leave the laptop (never for a duress alert)."""
        visible = [f for f in report.failed if f["kind"] != "duress"]
        self.alert_note.setText(plain_failure(visible) if visible else "")
        self.alert_note.setVisible(bool(visible))
        if visible:
            self.setVisible(True)

    def show_status(self, status: CheckinStatus) -> None:
        if status.state in (welfare.OFF, "ok"):
            self.text.setText("")
            self.setVisible(self.alert_note.isVisibleTo(self))
            return
        due = reports.local(status.due_at, "%H:%M")
        if status.state == "due":
            self.setStyleSheet("#checkin-banner { background: #fff4cc; color: #3b2f00; border: 1px solid #d9b400; }")
            self.text.setText(f"Welfare check-in due (since {due}). Press the button to say you are safe.")
        else:
            self.setStyleSheet("#checkin-banner { background: #ffd9d6; color: #4a0000; border: 2px solid #c62828; }")
            contact = f"\nContact: {status.settings.contact}" if status.settings.contact else ""
            self.text.setText(f"MISSED CHECK-IN (due {due}). {status.settings.escalation}{contact}")
        self.text.setAccessibleDescription(self.text.text())
        self.setVisible(True)

    def check_in(self) -> None:
        pin = self.pin.text() or None
        self.pin.clear()
        self.shell.ops.write(parent=self, op=lambda ctx: lonework.check_in(ctx, "", pin)) \
            .success(self._checked_in).failure(lambda exc: self.shell.notify(str(exc))).run()

    def _checked_in(self, result: lonework.CheckinResult) -> None:
        # The same words for a duress check-in: the screen gives nothing away.
        self.setVisible(False)
        self.shell.notify("Checked in: you are safe.")
        duty_for(self.shell).show(result.delivery)  # type: ignore[arg-type]


class HandoverList(QWidget):
    """Items handed over by the previous officer, to acknowledge (each becomes an entry)."""

    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shell = shell
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setProperty("role", "subheading")
        self.model = QStandardItemModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Handed-over items to acknowledge")
        self.ack = QPushButton("A&cknowledge handed-over items")
        self.ack.setAccessibleName("Acknowledge the ticked handed-over items")
        self.ack.clicked.connect(self.acknowledge)
        layout.addWidget(self.title)
        layout.addWidget(self.view)
        layout.addWidget(self.ack, 0, Qt.AlignmentFlag.AlignLeft)
        self.setVisible(False)

    def show_items(self, items: list[HandoverItemInfo]) -> None:
        self.model.clear()
        for item in items:
            due = f" — due {item.due:%d %b}" if item.due else ""
            row = QStandardItem(f"#{item.entry_seq} from {item.from_officer}: {item.entry_text}{due}")
            row.setCheckable(True)
            row.setCheckState(Qt.CheckState.Checked)
            row.setEditable(False)
            row.setData(item.id, Qt.ItemDataRole.UserRole)
            self.model.appendRow(row)
        self.title.setText(f"Handed over to you ({len(items)}) — please acknowledge:")
        rows = max(1, min(len(items), 6))
        self.view.setFixedHeight(self.view.sizeHintForRow(0) * rows + 2 * self.view.frameWidth() + 4
                                 if items else 40)
        self.setVisible(bool(items))

    def acknowledge(self) -> None:
        ids = [self.model.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.model.rowCount())
               if self.model.item(r).checkState() == Qt.CheckState.Checked]
        if not ids:
            self.shell.notify("Tick the items you acknowledge.")
            return
        self.shell.ops.write(parent=self, op=lambda ctx: service.acknowledge(ctx, ids)).success(
            lambda _r: self.shell.notify(f"Acknowledged {len(ids)} handed-over item(s).")).run()


class ShiftBar(QWidget):
    """State line and buttons; ``refresh`` reads the state off the GUI thread."""

    state_changed = Signal(object)  # ShiftState

    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shell = shell
        self.state: ShiftState | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.label = QLabel("…")
        self.label.setAccessibleName("Shift state")
        self.label.setWordWrap(True)
        self.start_button = QPushButton("&Start shift")
        self.start_button.setProperty("role", "primary")
        self.start_button.setAccessibleName("Start shift")
        self.start_button.clicked.connect(self.start_shift)
        self.end_button = QPushButton("E&nd shift…")
        self.end_button.setAccessibleName("End shift and hand over")
        self.end_button.clicked.connect(self.end_shift)
        self.print_button = QPushButton("&Print summary…")
        self.print_button.setAccessibleName("Save the shift summary as PDF")
        self.print_button.clicked.connect(self.print_summary)
        self.printer_button = QPushButton("Print…")
        self.printer_button.setAccessibleName("Print the shift summary")
        self.printer_button.clicked.connect(self.print_on_paper)
        row.addWidget(self.label, 1)
        for button in (self.start_button, self.end_button, self.print_button, self.printer_button):
            row.addWidget(button)
        outer.addLayout(row)
        self.banner = CheckinBanner(shell)
        outer.addWidget(self.banner)
        shell.bus.data_changed.connect(self._on_changed)
        QTimer.singleShot(0, self.refresh)  # after the view's own first load has started

    def _on_changed(self, topic: str) -> None:
        if topic in ("log", "settings", "sync", "rota"):
            self.refresh()

    def refresh(self) -> None:
        """The newest read wins: an answer overtaken by a later refresh is dropped."""
        self.shell.ops.query(parent=self, op=read_state, key="state").success(self._show).failure(self._error).run()

    def _error(self, exc: BaseException) -> None:
        self.label.setText(f"Could not read the shift: {exc}")

    def _show(self, state: ShiftState) -> None:
        self.state = state
        shift = state.shift
        if shift:
            text = f"Shift running since {reports.local(shift.started_at, '%a %H:%M')} — {state.entries} entries"
            due = reports.local(state.checkin.due_at, "%H:%M")
            if state.checkin.state == "ok":
                text += f" — next check-in {due}"
            elif state.checkin.state in ("due", "missed"):
                text += f" — check-in {state.checkin.state.upper()} (due {due})"
        else:
            text = "No shift running."
            if state.rota:
                text += f" The rota has you on: {state.rota.label}."
        self.label.setText(text)
        self.start_button.setVisible(shift is None)
        # The shift is named in the label (which wraps); a long button would push the others off screen.
        self.start_button.setText("&Start shift")
        self.start_button.setToolTip(f"Start the {state.rota.label} shift" if state.rota and not shift else "")
        self.end_button.setVisible(shift is not None)
        self.banner.show_status(state.checkin)
        self.state_changed.emit(state)

    def start_shift(self) -> None:
        rota = self.state.rota if self.state else None
        rota_id = rota.id if rota else None
        self.shell.ops.write(parent=self, op=lambda ctx: service.start_shift(ctx, rota_shift_id=rota_id)).success(
            lambda _shift: self.shell.notify("Shift started.")).run()

    def end_shift(self) -> None:
        from ui.log.dialogs import EndShiftDialog

        EndShiftDialog(self.shell, self).exec()

    def print_summary(self) -> None:
        self.shell.ops.query(parent=self, op=service.last_shift).success(self._ask_where).run()

    def _ask_where(self, last: ShiftInfo | None) -> None:
        if last is None:
            self.shell.notify("There is no shift to print yet.")
            return
        name = f"shift-{reports.local(last.started_at, '%Y-%m-%d-%H%M')}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, "Save the shift summary", str(names.fit_path(Path.home(), name, strict=False)), "PDF (*.pdf)")
        if path:
            self.save_summary(last.id, Path(path))

    def print_on_paper(self) -> None:
        """Write the summary to a private temporary PDF and open the system print dialog."""
        import tempfile

        target = Path(tempfile.mkdtemp(prefix="dutydesk-print-")) / "shift-summary.pdf"

        def write(ctx: AppContext) -> Path | None:
            last = service.last_shift(ctx)
            return None if last is None else Path(reports.write_shift_pdf(ctx, last.id, target))

        self.shell.ops.query(parent=self, op=write, doing="printing the summary").success(self._print_written).failure(
            lambda exc: self.shell.notify(f"Could not print the summary: {exc}", 10_000)).run()

    def _print_written(self, pdf: Path | None) -> None:
        if pdf is None:
            self.shell.notify("There is no shift to print yet.")
        else:
            self._open_print_dialog(pdf)

    def _open_print_dialog(self, pdf: Path) -> None:
        from ui.printing import print_pdf

        self.print_source = pdf
        self.print_dialog = print_pdf(self, pdf, "Print shift summary")

    def save_summary(self, shift_id: str, path: Path) -> None:
        self.shell.ops.query(parent=self, op=lambda ctx: reports.write_shift_pdf(ctx, shift_id, path)).success(
            lambda p: self.shell.notify(f"Shift summary saved: {p}", 10_000)).failure(
            lambda exc: self.shell.notify(f"Could not save the summary: {exc}", 10_000)).run()
