"""Dialogs open at a size that shows what they say, light and dark: the swap's effect whole
(it was cut to one line's height), the contact form's hints whole (it opened 200 px wide),
the close-incident note on a line or two. Real dialogs, shown, measured."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication

from app.rota import service as rota
from app.team.service import ensure_officer
from tests.foundation.test_layout_fit import fit_problems
from ui.incidents.dialogs import CloseIncidentDialog, ContactDialog
from ui.rota.dialogs import SwapDialog

EFFECT = "\n".join(["Hours and weekends stay the same."] + [
    f"⚠ New error: Officer {n} has only 4 h rest between the early ending Mon 30 Nov 12:30 and the late "
    "starting Mon 30 Nov 16:30 (11 h needed)." for n in range(4)])


@pytest.fixture(params=["light", "dark"])
def theme(request):  # type: ignore[no-untyped-def]
    from ui import theme as themes

    themes.apply(QApplication.instance(), request.param)
    yield request.param
    themes.apply(QApplication.instance(), "light")


def _shown(qtbot, dialog):  # type: ignore[no-untyped-def]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_swap_effect_shows_whole(qtbot, ctx, theme) -> None:  # type: ignore[no-untyped-def]
    for name in ("Alex Morgan", "Dee Osei"):
        ensure_officer(ctx, name)
    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday())
    rota.apply_pattern(ctx, "four-week-out-of-hours", start=monday, weeks=1, officers=["Alex Morgan", "Dee Osei"])
    shifts = [s for s in rota.list_shifts(ctx, monday, monday + dt.timedelta(days=7)) if s.officer]
    mine = shifts[0]
    others = [s for s in shifts if s.officer != mine.officer]
    dialog = _shown(qtbot, SwapDialog(None, mine, others, dt.timezone.utc))
    dialog.show_effect(EFFECT)
    label = dialog.effect
    qtbot.waitUntil(lambda: dialog.effect_area.viewport().height() >= label.heightForWidth(label.width())
                    and fit_problems(dialog) == [])  # the dialog grows to hold it
    assert not dialog.effect_area.verticalScrollBar().isVisible()
    dialog.show_effect(EFFECT * 6)  # a very long effect scrolls inside a dialog that still fits a laptop
    qtbot.waitUntil(lambda: dialog.effect_area.verticalScrollBar().isVisible())
    assert dialog.height() < 640


def test_the_contact_form_shows_its_hints(qtbot, theme) -> None:  # type: ignore[no-untyped-def]
    dialog = _shown(qtbot, ContactDialog())
    assert fit_problems(dialog) == []


def test_closing_an_incident_reads_on_a_line_or_two(qtbot, theme) -> None:  # type: ignore[no-untyped-def]
    dialog = _shown(qtbot, CloseIncidentDialog("Flooding in Westfield: River Wend over its banks", 8))
    note = dialog.form.itemAt(0).widget()
    assert note.heightForWidth(note.width()) <= 3 * note.fontMetrics().lineSpacing()
    assert fit_problems(dialog) == []
