"""Starting a shift pre-filled from the rota, when the rota feature is installed.

The rota feature is built on another branch; here a stand-in module with the agreed
``due_shift(ctx, officer_name, at)`` shows the wiring, and its absence shows the guard.
"""

from __future__ import annotations

import datetime as dt
import sys
import types
from dataclasses import dataclass

from app.shiftlog import rota_link, service

UTC = dt.timezone.utc


@dataclass(frozen=True)
class _RotaShift:
    id: str
    officer: str
    kind: str
    start: dt.datetime
    end: dt.datetime


def test_without_the_rota_feature_nothing_is_prefilled(ctx, monkeypatch):
    monkeypatch.setitem(sys.modules, "app.rota.service", None)  # import fails
    assert rota_link.due_rota_shift(ctx) is None


def test_the_due_rota_shift_is_offered_and_linked(ctx, monkeypatch):
    calls = []

    def due_shift(c, officer_name, at):
        calls.append((officer_name, at.tzinfo is not None))
        return _RotaShift("rota-1", officer_name, "late", dt.datetime(2026, 11, 23, 14, tzinfo=UTC),
                          dt.datetime(2026, 11, 23, 22, tzinfo=UTC))

    monkeypatch.setitem(sys.modules, "app.rota.service", types.SimpleNamespace(due_shift=due_shift))
    found = rota_link.due_rota_shift(ctx)
    assert calls == [("Test Officer", True)]
    assert found is not None and found.id == "rota-1" and found.label == "Late, Mon 23 Nov 14:00-22:00"
    service.start_shift(ctx, rota_shift_id=found.id)
    with ctx.read() as session:
        from app.shiftlog.models import Shift

        assert session.get(Shift, service.current_shift(ctx).id).rota_shift_id == "rota-1"


def test_a_failing_rota_never_blocks_starting_a_shift(ctx, monkeypatch):
    def broken(*_args):
        raise RuntimeError("rota database busy")

    monkeypatch.setitem(sys.modules, "app.rota.service", types.SimpleNamespace(due_shift=broken))
    assert rota_link.due_rota_shift(ctx) is None
