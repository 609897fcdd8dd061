"""Team changes that can be undone (Settings > Team): add, rename, role and hours, retire,
re-activate. Each returns its result and a described change set, like ``app.rota.edits``,
and goes on the same undo stack as the rota's changes; ``app.rota.edits.undo``/``redo``
take them back field by field (a name someone changed since is left alone, and said so).
Merging has its own undo (``dedupe.undo_merge``)."""

from __future__ import annotations

from typing import Any

from app.context import AppContext
from app.rota.edits import Edit, recorded
from app.team import retire as retiring
from app.team import service
from app.team.service import OfficerInfo


def _hours(value: float | None) -> str:
    return "not set" if value is None else f"{value:g} h"


def add_officer(ctx: AppContext, name: str, *, role: str = "", contracted_hours: Any = None) -> Edit[OfficerInfo]:
    return recorded(lambda o: f"add officer: {o.name}",
                    lambda: service.add_officer(ctx, name, role=role, contracted_hours=contracted_hours), one_group=True)


def edit_label(before: OfficerInfo, after: OfficerInfo) -> str:
    """ "rename: Sam Hill → Sam Hall", "role: Sam Hall (Press → Duty manager)", "hours: …"."""
    others = []
    if after.role != before.role:
        others.append(f"role {before.role or '(none)'} → {after.role or '(none)'}")
    if after.contracted_hours != before.contracted_hours:
        others.append(f"hours {_hours(before.contracted_hours)} → {_hours(after.contracted_hours)}")
    if after.name != before.name:
        return f"rename: {before.name} → {after.name}" + (f" ({'; '.join(others)})" if others else "")
    return f"{after.name}: {'; '.join(others)}" if others else f"edit officer: {after.name}"


def edit_officer(ctx: AppContext, officer_id: str, *, name: str, role: str, contracted_hours: Any) -> Edit[OfficerInfo]:
    """Name, role and hours in one change; undo takes back each field that still holds what it wrote."""
    before = service.get_officer(ctx, officer_id)
    return recorded(lambda after: edit_label(before, after),
                    lambda: service.edit_officer(ctx, officer_id, name=name, role=role, contracted_hours=contracted_hours))


def retire(ctx: AppContext, name: str, *, keep_shifts: bool = False) -> Edit[retiring.Retired]:
    def label(done: retiring.Retired) -> str:
        opened = len(done.opened)
        return f"retire: {done.officer.name}" + (f" ({opened} future shift{'s' * (opened != 1)} opened)" if opened else "")

    return recorded(label, lambda: retiring.retire(ctx, name, keep_shifts=keep_shifts))


def reactivate(ctx: AppContext, name: str) -> Edit[OfficerInfo]:
    return recorded(lambda o: f"re-activate: {o.name}", lambda: service.set_active(ctx, name, True))
