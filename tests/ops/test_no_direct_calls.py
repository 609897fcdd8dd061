"""No module under ui/ calls an app service except inside an op (static analysis).

The only way for ``ui/`` code to reach the ``AppContext`` is the ``ctx`` an op or a job
hands to its function: ``shell.ctx`` (or any ``.ctx``) may not be passed around outside
``ui/ops``. A service function is one from ``app.*`` whose first parameter is ``ctx``;
calling one is allowed only inside a function or lambda that itself takes ``ctx``.
Importing dataclasses, constants, errors and pure helpers from ``app`` stays fine.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from collections.abc import Iterator
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"
EXEMPT = {
    "ops",  # the road itself
    "shell.py",  # hands ctx to the ops
    "application.py",  # start-up, before the window and its ops exist (opens the folder)
    "dialogs/first_run.py",  # shown before the window exists: no ops yet
}
PLAIN_CONTEXT_ATTRIBUTES = {"data_dir", "device_id", "officer", "db_path"}  # values, not the database


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(UI.rglob("*.py")):
        rel = path.relative_to(UI).as_posix()
        if rel.split("/")[0] in EXEMPT or rel in EXEMPT:
            continue
        yield "ui." + rel[:-3].replace("/", ".").removesuffix(".__init__"), path


def _is_service(obj: object) -> bool:
    if not (inspect.isfunction(obj) and obj.__module__.startswith("app.")):
        return False
    params = list(inspect.signature(obj).parameters)
    return bool(params) and params[0] == "ctx"


class _Checker(ast.NodeVisitor):
    def __init__(self, module: str) -> None:
        self.module = module
        self.names: dict[str, object] = {}  # local name -> imported app object or module
        self.ctx_depth = 0
        self.problems: list[str] = []

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:  # noqa: N802
        if node.module and node.module.split(".")[0] == "app" and node.level == 0:
            for alias in node.names:
                try:
                    source = importlib.import_module(node.module)
                    obj = getattr(source, alias.name, None) or importlib.import_module(f"{node.module}.{alias.name}")
                except ImportError:
                    continue
                self.names[alias.asname or alias.name] = obj

    def visit_Import(self, node: ast.Import) -> None:  # noqa: N802
        for alias in node.names:
            if alias.name.split(".")[0] == "app":
                self.names[alias.asname or alias.name] = importlib.import_module(alias.name)

    def _with_ctx(self, node: ast.AST, args: ast.arguments) -> None:
        takes_ctx = any(a.arg == "ctx" for a in [*args.posonlyargs, *args.args, *args.kwonlyargs])
        self.ctx_depth += takes_ctx
        self.generic_visit(node)
        self.ctx_depth -= takes_ctx

    def _report(self, line: int, what: str) -> None:
        self.problems.append(f"{self.module}:{line} {what}")

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:  # noqa: N802
        self._with_ctx(node, node.args)

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_Lambda(self, node: ast.Lambda) -> None:  # noqa: N802
        self._with_ctx(node, node.args)

    def visit_Attribute(self, node: ast.Attribute) -> None:  # noqa: N802
        if node.attr == "ctx":
            self._report(node.lineno, "reaches the AppContext outside an op")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:  # noqa: N802
        target = self._resolve(node.func)
        if target is not None and _is_service(target) and not self.ctx_depth:
            self._report(node.lineno, f"calls {target.__module__}.{target.__name__} outside an op")
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Attribute) and func.value.attr == "ctx":
            self.generic_visit(func.value.value)  # e.g. shell.ctx.data_dir(...) is still reported below
        self.generic_visit(node)

    def _resolve(self, node: ast.expr) -> object | None:
        if isinstance(node, ast.Name):
            return self.names.get(node.id)
        if isinstance(node, ast.Attribute):
            owner = self._resolve(node.value)
            return getattr(owner, node.attr, None) if inspect.ismodule(owner) else None
        return None


def _plain_attribute_use(tree: ast.AST) -> set[int]:
    """``shell.ctx.data_dir`` and friends: plain values, allowed."""
    allowed = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in PLAIN_CONTEXT_ATTRIBUTES:
            inner = node.value
            if isinstance(inner, ast.Attribute) and inner.attr == "ctx":
                allowed.add(id(inner))
    return allowed


def problems_in(module: str, source: str) -> list[str]:
    tree = ast.parse(source)
    checker = _Checker(module)
    allowed = _plain_attribute_use(tree)
    original = checker.visit_Attribute

    def visit_attribute(node: ast.Attribute) -> None:
        if id(node) in allowed:
            checker.generic_visit(node)
        else:
            original(node)

    checker.visit_Attribute = visit_attribute  # type: ignore[method-assign]
    checker.visit(tree)
    return checker.problems


def test_ui_reaches_app_services_only_through_ops() -> None:
    problems = [p for module, path in _modules() for p in problems_in(module, path.read_text(encoding="utf-8"))]
    assert problems == [], f"{len(problems)} direct service calls:\n" + "\n".join(problems)


def test_the_checker_catches_direct_calls_and_allows_ops() -> None:
    direct = (
        "from app.contacts import service\n"
        "def save(self):\n    service.add_contact(self.shell.ctx, 'x')\n"
    )
    assert len(problems_in("ui.probe", direct)) == 2
    imported = "from app.contacts.service import list_contacts\nctx = None\nlist_contacts(ctx)\n"
    assert problems_in("ui.probe", imported) == ["ui.probe:3 calls app.contacts.service.list_contacts outside an op"]
    through_ops = (
        "from app.contacts import service\nfrom app.contacts.service import ContactInfo\n"
        "def save(self):\n"
        "    self.shell.ops.write(parent=self, op=lambda ctx: service.add_contact(ctx, 'x')).run()\n"
        "    print(self.shell.ctx.data_dir, ContactInfo)\n"
    )
    assert problems_in("ui.probe", through_ops) == []
