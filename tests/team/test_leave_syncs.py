"""Leave (a date-holding record) made on one laptop reaches the others (it was refused as
"not a date" by the sync's value check: the generic Date type has no SQLite converter)."""

from __future__ import annotations

import datetime as dt

from app.rota import service as rota
from app.setup import setup
from app.sync.service import sync_now
from app.team.service import ensure_officer


def test_leave_and_its_removal_sync(make_ctx, tmp_path):  # type: ignore[no-untyped-def]
    share = tmp_path / "share"
    share.mkdir()
    a, b = make_ctx("a", officer=None), make_ctx("b", officer=None)
    setup(a, officer="Alex Morgan", share=str(share))
    ensure_officer(a, "Bea Khan")
    sync_now(a)
    setup(b, officer="Bea Khan", share=str(share))
    kept = rota.add_leave(b, "Bea Khan", dt.date(2026, 3, 10), dt.date(2026, 3, 12))
    gone = rota.add_leave(b, "Alex Morgan", dt.date(2026, 4, 1), dt.date(2026, 4, 1))
    rota.remove_leave(b, gone.id)
    assert sync_now(b)["state"] == "synced"
    result = sync_now(a)
    assert result["state"] == "synced", result["message"]
    assert [(l.id, l.start_date, l.end_date) for l in rota.list_leave(a, dt.date(2026, 3, 1), dt.date(2026, 4, 30))] == [
        (kept.id, dt.date(2026, 3, 10), dt.date(2026, 3, 12))]
