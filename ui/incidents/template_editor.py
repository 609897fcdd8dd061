"""Template editor with a live preview and undo.

Edits go through a ``QUndoStack`` (step changes, insertions, removals, moves, the name);
saving hands the structured template to ``app.incidents.templates.save_template_spec``,
which writes it as TOML team data. Shipped files are never written: saving an edited
shipped template stores a team copy ("Revert to shipped" drops it). A broken template
is shown with its line and reason.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.contacts.service import ContactInfo, list_contacts, with_role
from app.incidents.templates import (
    PLACEHOLDER,
    STEP_KINDS,
    StepSpec,
    Template,
    list_templates,
    new_template_key,
    placeholder_label,
    remove_team_template,
    save_template_spec,
)
from ui.incidents.models import TemplateListModel, TemplateStepsModel, configure_table
from ui.ops.failures import plain_message
from ui.shell import Shell
from ui.undo import undo_redo_actions

if TYPE_CHECKING:
    from app.context import AppContext


class _StepEdit(QUndoCommand):
    def __init__(self, editor: TemplateEditor, row: int, old: StepSpec, new: StepSpec) -> None:
        super().__init__(f"edit step {row + 1}")
        self.editor, self.row, self.old, self.new = editor, row, old, new

    def redo(self) -> None:
        self.editor.steps_model.replace(self.row, self.new)
        self.editor.after_change(self.row)

    def undo(self) -> None:
        self.editor.steps_model.replace(self.row, self.old)
        self.editor.after_change(self.row)


class _StepInsert(QUndoCommand):
    def __init__(self, editor: TemplateEditor, row: int, step: StepSpec) -> None:
        super().__init__(f"add step {row + 1}")
        self.editor, self.row, self.step = editor, row, step

    def redo(self) -> None:
        self.editor.steps_model.insert(self.row, self.step)
        self.editor.after_change(self.row)

    def undo(self) -> None:
        self.editor.steps_model.remove(self.row)
        self.editor.after_change(min(self.row, self.editor.steps_model.rowCount() - 1))


class _StepRemove(QUndoCommand):
    def __init__(self, editor: TemplateEditor, row: int) -> None:
        super().__init__(f"remove step {row + 1}")
        self.editor, self.row = editor, row
        self.step = editor.steps_model.steps[row]

    def redo(self) -> None:
        self.editor.steps_model.remove(self.row)
        self.editor.after_change(min(self.row, self.editor.steps_model.rowCount() - 1))

    def undo(self) -> None:
        self.editor.steps_model.insert(self.row, self.step)
        self.editor.after_change(self.row)


class _StepMove(QUndoCommand):
    def __init__(self, editor: TemplateEditor, row: int, to: int) -> None:
        super().__init__(f"move step {row + 1}")
        self.editor, self.row, self.to = editor, row, to

    def _move(self, a: int, b: int) -> None:
        model = self.editor.steps_model
        model.insert(b, model.remove(a))
        self.editor.after_change(b)

    def redo(self) -> None:
        self._move(self.row, self.to)

    def undo(self) -> None:
        self._move(self.to, self.row)


class _FieldEdit(QUndoCommand):
    def __init__(self, editor: TemplateEditor, name: str, old: str, new: str) -> None:
        super().__init__(f"edit {name}")
        self.editor, self.name, self.old, self.new = editor, name, old, new

    def redo(self) -> None:
        self.editor.set_field(self.name, self.new)

    def undo(self) -> None:
        self.editor.set_field(self.name, self.old)


class TemplateEditor(QWidget):
    saved = Signal(str)

    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shell = shell
        self.template: Template | None = None
        self.key = ""
        self.loading = False
        self.contacts: list[ContactInfo] = []
        self.fields = {"name": "", "description": ""}
        self._loading = False
        self.undo_stack = QUndoStack(self)
        outer = QHBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(splitter)

        # templates list
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.list_model = TemplateListModel(self)
        self.list_view = QListView()
        self.list_view.setAccessibleName("Templates")
        self.list_view.setModel(self.list_model)
        self.list_view.setWordWrap(True)
        self.list_view.selectionModel().currentChanged.connect(lambda cur, _prev: self._open_row(cur.row()))
        left_layout.addWidget(self.list_view, 1)
        self.new_button = QPushButton("&New template")
        self.new_button.setAccessibleName("New template")
        self.new_button.clicked.connect(self.new_template)
        left_layout.addWidget(self.new_button)
        splitter.addWidget(left)

        # editor
        middle = QWidget()
        mid = QVBoxLayout(middle)
        mid.setContentsMargins(0, 0, 0, 0)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c0392b; font-weight: 600;")
        self.problem.setAccessibleName("Template problem")
        mid.addWidget(self.problem)
        self.raw_text = QPlainTextEdit()
        self.raw_text.setReadOnly(True)
        self.raw_text.setAccessibleName("Template file text")
        mid.addWidget(self.raw_text)
        self.form_box = QWidget()
        form_layout = QVBoxLayout(self.form_box)
        form_layout.setContentsMargins(0, 0, 0, 0)
        head = QFormLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Template name")
        self.name_edit.editingFinished.connect(lambda: self._field_edited("name", self.name_edit.text()))
        self.description_edit = QLineEdit()
        self.description_edit.setAccessibleName("Description")
        self.description_edit.editingFinished.connect(lambda: self._field_edited("description", self.description_edit.text()))
        head.addRow("&Name:", self.name_edit)
        head.addRow("&Description:", self.description_edit)
        form_layout.addLayout(head)

        tools = QHBoxLayout()
        self.undo_action, self.redo_action = undo_redo_actions(self, self.undo_stack)
        for text, slot in (("Add step", self.add_step), ("Remove step", self.remove_step), ("Move up", lambda: self.move_step(-1)), ("Move down", lambda: self.move_step(1))):
            button = QPushButton(text)
            button.setAccessibleName(text)
            button.clicked.connect(slot)
            tools.addWidget(button)
        tools.addStretch(1)
        for action in (self.undo_action, self.redo_action):
            button = QToolButton()
            button.setDefaultAction(action)
            tools.addWidget(button)
        form_layout.addLayout(tools)

        self.steps_model = TemplateStepsModel(self)
        self.steps_view = configure_table(QTableView(), self.steps_model, "Template steps")
        header = self.steps_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.steps_view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._load_step(cur.row()))
        form_layout.addWidget(self.steps_view, 1)

        step_form = QFormLayout()
        self.kind_box = QComboBox()
        self.kind_box.setAccessibleName("Step kind")
        for kind, label in STEP_KINDS.items():
            self.kind_box.addItem(label, kind)
        self.text_edit = QLineEdit()
        self.text_edit.setAccessibleName("Step text")
        self.help_edit = QLineEdit()
        self.help_edit.setAccessibleName("Guidance")
        self.key_check = QCheckBox("Key step (the report gives the time to reach it)")
        self.role_edit = QLineEdit()
        self.role_edit.setAccessibleName("Role to call")
        self.every_spin = QDoubleSpinBox()
        self.every_spin.setRange(1, 1440)
        self.every_spin.setDecimals(0)
        self.every_spin.setSuffix(" min")
        self.every_spin.setAccessibleName("Every minutes")
        self.options_edit = QPlainTextEdit()
        self.options_edit.setAccessibleName("Decision options, one per line")
        self.options_edit.setMaximumHeight(70)
        self.options_edit.setTabChangesFocus(True)
        self.statement_edit = QPlainTextEdit()
        self.statement_edit.setAccessibleName("Statement text with {placeholders}")
        self.statement_edit.setPlaceholderText("We are aware of an incident at {location}…")
        self.statement_edit.setMaximumHeight(90)
        self.statement_edit.setTabChangesFocus(True)
        step_form.addRow("&Kind:", self.kind_box)
        step_form.addRow("&Text:", self.text_edit)
        step_form.addRow("&Guidance:", self.help_edit)
        step_form.addRow("", self.key_check)
        step_form.addRow("&Role:", self.role_edit)
        step_form.addRow("&Every:", self.every_spin)
        step_form.addRow("&Options:", self.options_edit)
        step_form.addRow("&Statement:", self.statement_edit)
        self.step_form = step_form
        form_layout.addLayout(step_form)
        self.kind_box.currentIndexChanged.connect(lambda _i: self._step_edited())
        for edit in (self.text_edit, self.help_edit, self.role_edit):
            edit.editingFinished.connect(self._step_edited)
        self.every_spin.editingFinished.connect(self._step_edited)
        self.key_check.toggled.connect(lambda _c: self._step_edited())
        self.options_edit.textChanged.connect(self._step_edited)
        self.statement_edit.textChanged.connect(self._step_edited)
        mid.addWidget(self.form_box, 1)

        bottom = QHBoxLayout()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Editor message")
        bottom.addWidget(self.message, 1)
        self.revert_button = QPushButton("Revert to &shipped")
        self.revert_button.setAccessibleName("Revert to shipped")
        self.revert_button.clicked.connect(self.revert)
        self.save_button = QPushButton("&Save template")
        self.save_button.setAccessibleName("Save template")
        self.save_button.setProperty("role", "primary")
        self.save_button.clicked.connect(self.save)
        bottom.addWidget(self.revert_button)
        bottom.addWidget(self.save_button)
        mid.addLayout(bottom)
        splitter.addWidget(middle)

        # preview
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        caption = QLabel("Preview: what the officer will see")
        caption.setProperty("role", "subheading")
        right_layout.addWidget(caption)
        self.preview = QTextBrowser()
        self.preview.setAccessibleName("Template preview")
        right_layout.addWidget(self.preview, 1)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 4)
        splitter.setStretchFactor(2, 3)
        self.undo_stack.cleanChanged.connect(lambda _c: self._update_buttons())
        self.refresh()

    # --- loading ---------------------------------------------------------------------
    def refresh(self, select_key: str | None = None) -> None:
        """Templates and contacts (for the preview's call steps), read off the GUI thread."""
        self.loading = True
        self.shell.ops.query(parent=self, op=lambda ctx: (list_templates(ctx), list_contacts(ctx)), key="templates").success(
            lambda pair: self._loaded(*pair, select_key)).run()

    def _loaded(self, templates: list[Template], known: list[ContactInfo], select_key: str | None) -> None:
        self.loading = False
        self.contacts = known
        self.list_model.set_templates(templates)
        wanted = select_key or self.key or (templates[0].key if templates else "")
        row = next((i for i, t in enumerate(templates) if t.key == wanted), 0 if templates else -1)
        if row >= 0:
            self.list_view.setCurrentIndex(self.list_model.index(row))
            self._open_row(row)

    def _open_row(self, row: int) -> None:
        if row < 0 or row >= len(self.list_model.templates):
            return
        self.open_template(self.list_model.templates[row])

    def open_template(self, template: Template) -> None:
        if self.template is not None and template.key == self.key and not self.undo_stack.isClean():
            return  # keep unsaved edits of the template being edited
        self.template = template
        self.key = template.key
        self.undo_stack.clear()
        broken = template.broken
        self.problem.setVisible(broken)
        self.raw_text.setVisible(broken)
        self.form_box.setVisible(not broken)
        if broken:
            where = f"{template.path}" if template.path else "the team copy"
            self.problem.setText(
                f"This template is broken and cannot be started. {template.problem}. "
                f"Fix {where}" + (" or use “Revert to shipped”." if template.source != "shipped" else ".")
            )
            self.raw_text.setPlainText(template.text)
            self.preview.setHtml(f"<p><b>Broken:</b> {escape(str(template.problem))}</p>")
        else:
            self._loading = True
            self.fields = {"name": template.name, "description": template.description}
            self.name_edit.setText(template.name)
            self.description_edit.setText(template.description)
            self.description_edit.setCursorPosition(0)
            self.steps_model.set_steps(list(template.steps))
            self._loading = False
            if template.steps:
                self.steps_view.selectRow(0)
                self._load_step(0)
            self._render_preview()
        self.message.setText(
            {"shipped": "Shipped default: saving stores a team copy (the file stays as it is).",
             "edited": "Team copy of a shipped template.", "team": "Team template."}[template.source]
        )
        self._update_buttons()

    def _update_buttons(self) -> None:
        template = self.template
        self.save_button.setEnabled(template is not None and not template.broken and not self.undo_stack.isClean())
        self.revert_button.setVisible(template is not None and template.source in ("edited", "team"))
        self.revert_button.setText("Revert to &shipped" if template and template.source == "edited" else "&Delete template")

    def _load_step(self, row: int) -> None:
        if row < 0 or row >= len(self.steps_model.steps):
            return
        step = self.steps_model.steps[row]
        self._loading = True
        self.kind_box.setCurrentIndex(self.kind_box.findData(step.kind))
        self.text_edit.setText(step.text)
        self.help_edit.setText(step.help)
        self.key_check.setChecked(step.key)
        self.role_edit.setText(step.role)
        self.every_spin.setValue(step.every_minutes or 20)
        self.options_edit.setPlainText("\n".join(step.options))
        self.statement_edit.setPlainText(step.statement)
        self._loading = False
        self._show_kind_fields(step.kind)

    def _show_kind_fields(self, kind: str) -> None:
        for widget, kinds in (
            (self.role_edit, ("call",)), (self.every_spin, ("timer",)), (self.options_edit, ("decision",)),
            (self.statement_edit, ("statement",)),
        ):
            self.step_form.setRowVisible(widget, kind in kinds)

    # --- editing (through the undo stack) ------------------------------------------------
    def current_row(self) -> int:
        return self.steps_view.currentIndex().row()

    def _step_from_form(self) -> StepSpec:
        kind = str(self.kind_box.currentData())
        return StepSpec(
            kind=kind, text=self.text_edit.text().strip(), help=self.help_edit.text().strip(),
            key=self.key_check.isChecked(), role=self.role_edit.text().strip() if kind == "call" else "",
            every_minutes=float(self.every_spin.value()) if kind == "timer" else 0.0,
            options=tuple(o.strip() for o in self.options_edit.toPlainText().splitlines() if o.strip()) if kind == "decision" else (),
            statement=self.statement_edit.toPlainText().strip() if kind == "statement" else "",
        )

    def _step_edited(self) -> None:
        row = self.current_row()
        if self._loading or row < 0:
            return
        old = self.steps_model.steps[row]
        new = self._step_from_form()
        self._show_kind_fields(new.kind)
        if new != old:
            self.undo_stack.push(_StepEdit(self, row, old, new))

    def _field_edited(self, name: str, value: str) -> None:
        if self._loading or value.strip() == self.fields[name]:
            return
        self.undo_stack.push(_FieldEdit(self, name, self.fields[name], value.strip()))

    def set_field(self, name: str, value: str) -> None:
        self.fields[name] = value
        self._loading = True
        (self.name_edit if name == "name" else self.description_edit).setText(value)
        self._loading = False
        self._render_preview()

    def add_step(self) -> None:
        row = self.current_row() + 1 if self.current_row() >= 0 else len(self.steps_model.steps)
        self.undo_stack.push(_StepInsert(self, row, StepSpec(kind="check", text="New step")))
        self.text_edit.setFocus()
        self.text_edit.selectAll()

    def remove_step(self) -> None:
        row = self.current_row()
        if row >= 0:
            self.undo_stack.push(_StepRemove(self, row))

    def move_step(self, delta: int) -> None:
        row = self.current_row()
        to = row + delta
        if row >= 0 and 0 <= to < len(self.steps_model.steps):
            self.undo_stack.push(_StepMove(self, row, to))

    def after_change(self, row: int) -> None:
        if 0 <= row < len(self.steps_model.steps):
            self.steps_view.selectRow(row)
            self._load_step(row)
        self._render_preview()
        self._update_buttons()

    # --- preview --------------------------------------------------------------------------
    def edited_template(self) -> Template:
        assert self.template is not None
        return replace(
            self.template, key=self.key, name=self.fields["name"], description=self.fields["description"],
            steps=tuple(self.steps_model.steps),
        )

    def _render_preview(self) -> None:
        template = self.edited_template()
        parts = [f"<h2>{escape(template.name)}</h2>"]
        if template.description:
            parts.append(f"<p><i>{escape(template.description)}</i></p>")
        parts.append("<ol>")
        for step in template.steps:
            star = " ★" if step.key else ""
            item = f"<li><b>{escape(step.kind_label)}{star}:</b> {escape(step.text)}"
            if step.help:
                item += f"<br/><span style='color:#777'>{escape(step.help)}</span>"
            if step.kind == "call":
                found = with_role(self.contacts, step.role) if step.role else []
                who = ", ".join(f"{c.name} {c.main_phone}" for c in found)
                item += (
                    f"<br/>☎ {escape(step.role)}: {escape(who)}" if found
                    else f"<br/><span style='color:#b35900'>☎ {escape(step.role or '(no role)')}: no contact with this role yet</span>"
                )
            elif step.kind == "timer":
                item += f"<br/>↻ reminds every {step.every_minutes:g} minutes once ticked"
            elif step.kind == "decision" and step.options:
                item += "<br/>Options: " + escape(" / ".join(step.options)) + " — rationale asked"
            elif step.kind == "statement":
                shown = PLACEHOLDER.sub(lambda m: f"\x00{placeholder_label(m.group(1))}\x01", step.statement)
                shown = escape(shown).replace("\x00", "<span style='background:#fff2b3;color:#000'>[").replace("\x01", "]</span>")
                item += f"<p style='margin-left:6px; margin-top:4px; font-style:italic'>“{shown}”</p>"
            parts.append(item + "</li>")
        parts.append("</ol>")
        self.preview.setHtml("".join(parts))

    # --- saving ---------------------------------------------------------------------------
    def new_template(self) -> None:
        name = "New template"
        self.shell.ops.query(parent=self, op=lambda ctx: new_template_key(ctx, name)).success(
            lambda key: self._new_template(key, name)).run()

    def _new_template(self, key: str, name: str) -> None:
        self.template = None
        self.open_template(Template(key=key, name=name, steps=(StepSpec(kind="check", text="First thing to do"),), source="team"))
        self.undo_stack.resetClean()
        self._update_buttons()
        self.message.setText("New template: name it, add steps, then save.")
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    def save(self) -> None:
        self._step_edited()
        self._field_edited("name", self.name_edit.text())
        self._field_edited("description", self.description_edit.text())
        template = self.edited_template()

        def store(ctx: AppContext) -> Template:
            wanted = template
            if wanted.key.startswith("new-template") and wanted.name != "New template":
                wanted = replace(wanted, key=new_template_key(ctx, wanted.name))
            return save_template_spec(ctx, wanted)

        self.shell.ops.write(parent=self, op=store).success(self._saved).failure(
            lambda exc: self.message.setText(f"Not saved: {plain_message(exc)}")).run()

    def _saved(self, saved: Template) -> None:
        self.undo_stack.setClean()
        self.template = None
        self.key = saved.key
        self.refresh(saved.key)
        self.message.setText(f"Saved “{saved.name}” for the team. Incidents already running keep their own steps.")
        self.saved.emit(saved.key)

    def revert(self) -> None:
        if self.template is None:
            return
        key = self.template.key
        self.shell.ops.write(parent=self, op=lambda ctx: remove_team_template(ctx, key)).success(
            lambda _r: self._reverted()).failure(lambda exc: self.message.setText(plain_message(exc))).run()

    def _reverted(self) -> None:
        self.template = None
        self.undo_stack.clear()
        self.refresh(self.key)

    def first_focus(self) -> QWidget:
        return self.list_view

