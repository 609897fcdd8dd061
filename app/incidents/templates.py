"""Incident templates: TOML text in, checked steps out.

A template is a TOML document::

    name = "Compromised social media account"
    description = "Someone else is posting as us."

    [[steps]]
    kind = "check"            # check | call | decision | timer | statement
    text = "Change the password and revoke sessions"
    help = "Optional guidance shown under the step"
    key = true                # a key step: the report gives the time to reach it

    [[steps]]
    kind = "call"
    text = "Call the duty lead"
    role = "Duty lead"        # looked up in the contact directory

    [[steps]]
    kind = "timer"
    text = "Post an update"
    every_minutes = 20

    [[steps]]
    kind = "statement"
    text = "Holding statement"
    statement = "We are aware of an incident at {location} ..."

Shipped files (``resources/incidents/*.toml``) are read-only defaults; templates made
or edited in the app are stored as team data and override a shipped file of the same
key. A template that does not parse is still listed, as broken, with the line and the
reason, so one bad file never stops the app.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import tomli_w
from sqlalchemy import select

from app.context import AppContext
from app.errors import NotFoundError, ValidationError
from app.incidents.models import IncidentTemplate
from app.resources import resource_path

STEP_KINDS: dict[str, str] = {
    "check": "Check",
    "call": "Call",
    "decision": "Decision",
    "timer": "Update timer",
    "statement": "Holding statement",
}
STEP_KEYS = {"kind", "text", "help", "key", "role", "every_minutes", "options", "statement"}
TOP_KEYS = {"name", "description", "steps", "golden_hour"}  # golden_hour: app/incidents/golden_settings.py
PLACEHOLDER = re.compile(r"\{([A-Za-z][A-Za-z0-9_]*)\}")
MAX_STEPS = 100


@dataclass(frozen=True)
class StepSpec:
    kind: str
    text: str
    help: str = ""
    key: bool = False
    role: str = ""
    every_minutes: float = 0.0
    options: tuple[str, ...] = ()
    statement: str = ""

    @property
    def kind_label(self) -> str:
        return STEP_KINDS.get(self.kind, self.kind)

    @property
    def placeholders(self) -> list[str]:
        return placeholders(self.statement)


@dataclass(frozen=True)
class TemplateProblem:
    line: int | None
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}" if self.line else self.reason


@dataclass(frozen=True)
class Template:
    key: str
    name: str
    description: str = ""
    steps: tuple[StepSpec, ...] = ()
    source: str = "shipped"  # shipped | team | edited (a team copy of a shipped one)
    problem: TemplateProblem | None = None
    text: str = ""
    path: str | None = None

    @property
    def broken(self) -> bool:
        return self.problem is not None

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "description": self.description,
            "source": self.source,
            "steps": len(self.steps),
            "broken": self.broken,
            "line": self.problem.line if self.problem else None,
            "reason": self.problem.reason if self.problem else None,
        }


class TemplateError(ValidationError):
    def __init__(self, problem: TemplateProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


# --- parsing -----------------------------------------------------------------
def placeholders(statement: str) -> list[str]:
    """The placeholder names of a statement, in order of first appearance."""
    seen: list[str] = []
    for name in PLACEHOLDER.findall(statement):
        if name not in seen:
            seen.append(name)
    return seen


def placeholder_label(name: str) -> str:
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def parse_template(text: str, key: str) -> Template:
    """Parse and check; raises ``TemplateError`` carrying the line and the reason."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(_toml_problem(exc)) from None
    headers = _step_header_lines(text)

    def fail(reason: str, step: int | None = None, field_name: str | None = None) -> TemplateError:
        return TemplateError(TemplateProblem(_line_of(text, headers, step, field_name), reason))

    unknown = sorted(set(data) - TOP_KEYS)
    if unknown:
        raise fail(f"unknown setting {unknown[0]!r} (allowed: name, description, steps)", None, unknown[0])
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise fail("the template needs a name, e.g. name = \"Data breach\"", None, "name")
    description = data.get("description", "")
    if not isinstance(description, str):
        raise fail("description must be text", None, "description")
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise fail("the template has no steps: add at least one [[steps]] table")
    if len(raw_steps) > MAX_STEPS:
        raise fail(f"a template can have at most {MAX_STEPS} steps")
    steps = []
    for index, raw in enumerate(raw_steps):
        no = index + 1
        if not isinstance(raw, dict):
            raise fail(f"step {no} must be a table ([[steps]])", index)
        extra = sorted(set(raw) - STEP_KEYS)
        if extra:
            raise fail(f"step {no}: unknown setting {extra[0]!r}", index, extra[0])
        kind = raw.get("kind")
        if kind not in STEP_KINDS:
            raise fail(
                f"step {no}: unknown step kind {kind!r} (use one of: {', '.join(STEP_KINDS)})"
                if kind is not None else f"step {no}: missing kind (use one of: {', '.join(STEP_KINDS)})",
                index, "kind",
            )
        step_text = raw.get("text")
        if not isinstance(step_text, str) or not step_text.strip():
            raise fail(f"step {no}: needs text saying what to do", index, "text")
        help_text = raw.get("help", "")
        if not isinstance(help_text, str):
            raise fail(f"step {no}: help must be text", index, "help")
        key_flag = raw.get("key", False)
        if not isinstance(key_flag, bool):
            raise fail(f"step {no}: key must be true or false", index, "key")
        role = raw.get("role", "")
        every = raw.get("every_minutes", 0)
        options = raw.get("options", [])
        statement = raw.get("statement", "")
        if not isinstance(role, str):
            raise fail(f"step {no}: role must be text", index, "role")
        if kind == "call" and not role.strip():
            raise fail(f"step {no}: a call needs the role to call, e.g. role = \"Duty lead\"", index)
        if isinstance(every, bool) or not isinstance(every, (int, float)):
            raise fail(f"step {no}: every_minutes must be a number", index, "every_minutes")
        if kind == "timer" and not 0 < every <= 24 * 60:
            raise fail(f"step {no}: a timer needs every_minutes greater than 0 and at most 1440", index, "every_minutes")
        if not isinstance(options, list) or not all(isinstance(o, str) and o.strip() for o in options):
            raise fail(f"step {no}: options must be a list of texts", index, "options")
        if not isinstance(statement, str):
            raise fail(f"step {no}: statement must be text", index, "statement")
        if kind == "statement" and not statement.strip():
            raise fail(f"step {no}: a holding statement needs its text (statement = \"...\")", index)
        steps.append(
            StepSpec(
                kind=kind, text=" ".join(step_text.split()), help=help_text.strip(), key=key_flag,
                role=" ".join(role.split()), every_minutes=float(every) if kind == "timer" else 0.0,
                options=tuple(o.strip() for o in options) if kind == "decision" else (),
                statement=statement.strip() if kind == "statement" else "",
            )
        )
    return Template(key=key, name=" ".join(name.split()), description=description.strip(), steps=tuple(steps), text=text)


def _toml_problem(exc: tomllib.TOMLDecodeError) -> TemplateProblem:
    message = str(exc)
    match = re.search(r"\(at line (\d+), column (\d+)\)", message)
    line = int(match.group(1)) if match else getattr(exc, "lineno", None)
    reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
    return TemplateProblem(line, f"TOML syntax error: {reason}")


def _step_header_lines(text: str) -> list[int]:
    return [i + 1 for i, line in enumerate(text.splitlines()) if re.match(r"\s*\[\[\s*steps\s*\]\]", line)]


def _line_of(text: str, headers: list[int], step: int | None, field_name: str | None) -> int | None:
    lines = text.splitlines()
    if step is None:
        start, end = 1, (headers[0] - 1 if headers else len(lines))
    elif step < len(headers):
        start = headers[step]
        end = headers[step + 1] - 1 if step + 1 < len(headers) else len(lines)
    else:
        return None
    if field_name:
        pattern = re.compile(rf"\s*{re.escape(field_name)}\s*=")
        for number in range(start, end + 1):
            if pattern.match(lines[number - 1]):
                return number
    return start if step is not None else None


def to_toml(template: Template) -> str:
    """A template as TOML text (how the editor saves a structured edit)."""
    steps = []
    for step in template.steps:
        raw: dict[str, Any] = {"kind": step.kind, "text": step.text}
        if step.help:
            raw["help"] = step.help
        if step.key:
            raw["key"] = True
        if step.kind == "call":
            raw["role"] = step.role
        if step.kind == "timer":
            every = step.every_minutes
            raw["every_minutes"] = int(every) if float(every).is_integer() else every
        if step.kind == "decision" and step.options:
            raw["options"] = list(step.options)
        if step.kind == "statement":
            raw["statement"] = step.statement
        steps.append(raw)
    data: dict[str, Any] = {"name": template.name}
    if template.description:
        data["description"] = template.description
    data["steps"] = steps
    golden = _golden_hour_table(template.text)
    if golden:
        data["golden_hour"] = golden  # kept as written: app/incidents/golden_settings.py reads it
    return tomli_w.dumps(data, multiline_strings=True)


def _golden_hour_table(text: str) -> dict[str, Any]:
    try:
        table = tomllib.loads(text).get("golden_hour") if text else None
    except tomllib.TOMLDecodeError:
        return {}
    return table if isinstance(table, dict) else {}


def slugify(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug[:60] or "template"


# --- where templates come from ---------------------------------------------------
def shipped_dir() -> Path:
    return resource_path("incidents")


def _load_text(text: str, key: str, source: str, path: str | None = None) -> Template:
    try:
        return replace(parse_template(text, key), source=source, path=path)
    except TemplateError as exc:
        return Template(key=key, name=_guess_name(text) or key, source=source, problem=exc.problem, text=text, path=path)


def _guess_name(text: str) -> str:
    match = re.search(r'^\s*name\s*=\s*"([^"\n]+)"', text, re.MULTILINE)
    return match.group(1).strip() if match else ""


def shipped_templates() -> list[Template]:
    found = []
    folder = shipped_dir()
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            found.append(Template(key=path.stem, name=path.stem, problem=TemplateProblem(None, f"cannot read the file: {exc}"), path=str(path)))
            continue
        found.append(_load_text(text, path.stem, "shipped", str(path)))
    return found


def list_templates(ctx: AppContext) -> list[Template]:
    """Every template, working and broken; a team copy overrides a shipped file."""
    by_key: dict[str, Template] = {t.key: t for t in shipped_templates()}
    with ctx.read() as session:
        rows = session.execute(
            select(IncidentTemplate)
            .where(IncidentTemplate.deleted.is_(False))
            .order_by(IncidentTemplate.key, IncidentTemplate.hlc, IncidentTemplate.id)
        ).scalars().all()
        team = [(row.key, row.text) for row in rows]
    for key, text in team:  # two laptops may both have saved a copy: the latest (highest hlc) wins
        by_key[key] = _load_text(text, key, "edited" if key in by_key and by_key[key].source == "shipped" else "team")
    return sorted(by_key.values(), key=lambda t: (t.broken, t.name.lower()))


def get_template(ctx: AppContext, key: str) -> Template:
    templates = list_templates(ctx)
    for template in templates:
        if template.key == key:
            return template
    wanted = key.strip().lower()
    for template in templates:
        if template.name.lower() == wanted:
            return template
    usable = ", ".join(t.key for t in templates if not t.broken) or "none"
    raise NotFoundError(f"No incident template {key!r}. Templates: {usable}.")


def save_template(ctx: AppContext, key: str, text: str) -> Template:
    """Store a template made or edited in the app as team data (checked first)."""
    key = slugify(key)
    parse_template(text, key)  # refuse a broken template before storing it
    with ctx.write() as session:
        row = _team_row(session, key)
        if row is None:
            session.add(IncidentTemplate(key=key, text=text))
        elif row.text != text:
            row.text = text
    return get_template(ctx, key)


def save_template_spec(ctx: AppContext, template: Template) -> Template:
    if not template.steps:
        raise ValidationError("A template needs at least one step.")
    return save_template(ctx, template.key or slugify(template.name), to_toml(template))


def new_template_key(ctx: AppContext, name: str) -> str:
    base = slugify(name)
    taken = {t.key for t in list_templates(ctx)}
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def remove_team_template(ctx: AppContext, key: str) -> None:
    """Drop the team copy: an edited shipped template goes back to its default."""
    with ctx.write() as session:
        row = _team_row(session, key)
        if row is None:
            raise NotFoundError(f"The template {key!r} has no team copy to remove (shipped files are read-only).")
        row.deleted = True


def _team_row(session: Any, key: str) -> IncidentTemplate | None:
    return session.execute(
        select(IncidentTemplate)
        .where(IncidentTemplate.key == key, IncidentTemplate.deleted.is_(False))
        .order_by(IncidentTemplate.hlc.desc(), IncidentTemplate.id.desc())
    ).scalars().first()

