"""Qt item models over the incident services' plain dataclasses."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QTableView

from app.contacts.service import ContactInfo
from app.incidents.service import IncidentInfo, StepInfo
from app.incidents.templates import StepSpec, Template
from ui.table_rows import Index, RowsListModel, RowsTableModel

ID_ROLE = Qt.ItemDataRole.UserRole + 1
MARKS = {"open": "○", "done": "✓", "skipped": "–"}


def clock(value: dt.datetime | None) -> str:
    return value.astimezone().strftime("%H:%M") if value else ""


def elapsed_text(delta: dt.timedelta) -> str:
    seconds = max(0, int(delta.total_seconds()))
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def configure_table(view: QTableView, model: QAbstractTableModel, name: str) -> QTableView:
    """Row selection, read-only, no row numbers: how every table here behaves."""
    view.setAccessibleName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    return view


class IncidentListModel(RowsListModel):
    """Incidents, running first: title, and how long it has been running."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.overdue: set[str] = set()

    @property
    def incidents(self) -> list[IncidentInfo]:
        return self.rows

    def set_incidents(self, incidents: list[IncidentInfo]) -> None:
        self.set_rows(incidents)

    def set_overdue(self, incident_ids: set[str]) -> None:
        """Mark the incidents whose update is due now (the view's clock says which)."""
        if incident_ids != self.overdue:
            self.overdue = set(incident_ids)
            if self.incidents:
                self.dataChanged.emit(self.index(0), self.index(len(self.incidents) - 1))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        incident = self.incidents[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            done = sum(1 for s in incident.steps if not s.is_open)
            state = "RUNNING" if incident.running else f"closed {incident.closed_at.astimezone():%d %b %H:%M}"  # type: ignore[union-attr]
            due = "\n⚠ UPDATE DUE NOW" if incident.id in self.overdue else ""
            return f"{incident.title}\n{state} · {done}/{len(incident.steps)} steps · started {incident.started_at.astimezone():%H:%M}{due}"
        if role == ID_ROLE:
            return incident.id
        if role == Qt.ItemDataRole.FontRole and incident.running:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and incident.id in self.overdue:
            return QBrush(QColor("#c0392b"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return incident.template_name
        return None

    def row_of(self, incident_id: str) -> int:
        return next((i for i, inc in enumerate(self.incidents) if inc.id == incident_id), -1)


class StepsModel(RowsTableModel):
    """Every step of one incident: mark, step, time, officer."""

    HEADERS = ("", "Step", "When", "By")
    current_no: int | None = None

    @property
    def steps(self) -> list[StepInfo]:
        return self.rows

    def set_incident(self, incident: IncidentInfo | None) -> None:
        current = incident.current_step if incident and incident.running else None
        self.current_no = current.no if current else None
        self.set_rows(list(incident.steps) if incident else [])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        step = self.steps[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return MARKS[step.status]
            if column == 1:
                return f"{step.no}. {step.kind_label}: {step.text}"
            if column == 2:
                return clock(step.done_at)
            return step.officer
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"Step {step.no}, {step.status}: {step.text}"
        if role == Qt.ItemDataRole.ToolTipRole:
            extra = [step.text]
            if step.reason:
                extra.append(f"Skipped: {step.reason}")
            if step.note:
                extra.append(f"Note: {step.note}")
            return "\n".join(extra)
        if role == Qt.ItemDataRole.FontRole and step.no == self.current_no:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and step.status != "open":
            return QBrush(QColor("#7a808a"))
        if role == Qt.ItemDataRole.BackgroundRole and step.no == self.current_no:
            return QBrush(QColor(47, 111, 179, 45))
        return None


class TemplateListModel(RowsListModel):
    @property
    def templates(self) -> list[Template]:
        return self.rows

    def set_templates(self, templates: list[Template]) -> None:
        self.set_rows(templates)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        template = self.templates[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if template.broken:
                return f"⚠ {template.name} — BROKEN ({template.problem})"
            suffix = {"shipped": "", "edited": " (edited by the team)", "team": " (team template)"}[template.source]
            return f"{template.name}{suffix}"
        if role == ID_ROLE:
            return template.key
        if role == Qt.ItemDataRole.ForegroundRole and template.broken:
            return QBrush(QColor("#c0392b"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{template.key}: {template.problem or template.description}"
        return None


class TemplateStepsModel(RowsTableModel):
    """The steps of the template being edited (changed only through undo commands)."""

    HEADERS = ("No", "Kind", "Step", "Details")

    @property
    def steps(self) -> list[StepSpec]:
        return self.rows

    def set_steps(self, steps: list[StepSpec]) -> None:
        self.set_rows(steps)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        step = self.steps[index.row()]
        return (str(index.row() + 1), step.kind_label, step.text, _details(step))[index.column()]

    def replace(self, row: int, step: StepSpec) -> None:
        self.steps[row] = step
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def insert(self, row: int, step: StepSpec) -> None:
        self.beginInsertRows(QModelIndex(), row, row)
        self.steps.insert(row, step)
        self.endInsertRows()
        self._renumber()

    def remove(self, row: int) -> StepSpec:
        self.beginRemoveRows(QModelIndex(), row, row)
        step = self.steps.pop(row)
        self.endRemoveRows()
        self._renumber()
        return step

    def _renumber(self) -> None:
        if self.steps:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.steps) - 1, 0))


def _details(step: StepSpec) -> str:
    if step.kind == "call":
        return f"role: {step.role}"
    if step.kind == "timer":
        return f"every {step.every_minutes:g} min"
    if step.kind == "decision":
        return " / ".join(step.options)
    if step.kind == "statement":
        return step.statement[:60] + ("…" if len(step.statement) > 60 else "")
    return "key step" if step.key else ""


class ContactsModel(RowsTableModel):
    HEADERS = ("Role", "Name", "Phones", "Email", "Notes")

    @property
    def contacts(self) -> list[ContactInfo]:
        return self.rows

    def set_contacts(self, contacts: list[ContactInfo]) -> None:
        self.set_rows(contacts)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        c = self.contacts[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (c.role, c.name, ", ".join(c.phones), c.email, c.notes)[index.column()]
        if role == ID_ROLE:
            return c.id
        return None
