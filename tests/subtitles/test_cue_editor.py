"""The cue editor on its own: a bare cue model, a table, a text box and a playhead; no window."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QPlainTextEdit, QTableView

from app.subtitles.checks import load_profile
from app.subtitles.cues import Cue
from ui.subtitles.cue_editor import NO_CUE_SELECTED, CueEditor
from ui.subtitles.cue_model import CueModel


class Playhead:
    """A playhead that is just a position (the preview's part the editor reads and moves)."""

    def __init__(self, ms: int = 0) -> None:
        self.position_ms = ms

    def seek(self, ms: int) -> None:
        self.position_ms = ms


def make_editor(qtbot, cues: list[Cue] | None = None, at: int = 0):  # type: ignore[no-untyped-def]
    model = CueModel(load_profile("bbc"))
    table, text = QTableView(), QPlainTextEdit()
    table.setModel(model)
    for widget in (table, text):
        qtbot.addWidget(widget)
    editor = CueEditor(model, table, text, Playhead(at))
    if cues:
        model.load(cues)
    return editor


def test_insert_type_and_set_times_from_the_playhead_are_undoable(qtbot) -> None:  # type: ignore[no-untyped-def]
    ed = make_editor(qtbot, at=1_000)
    ed.insert_at_playhead()
    assert ed.model.rowCount() == 1 and ed.current_row() == 0
    qtbot.keyClicks(ed.editor, "Road closed")
    assert ed.model.cue(0).text == "Road closed"
    ed.playhead.seek(2_500)
    ed.set_time_from_playhead("end")
    assert (ed.model.cue(0).start_ms, ed.model.cue(0).end_ms) == (1_000, 2_500)
    stack = ed.model.undo_stack
    stack.undo()  # the end time
    assert ed.model.cue(0).end_ms != 2_500
    stack.undo()  # all the typing in one step
    assert ed.model.cue(0).text == "" and ed.editor.toPlainText() == ""
    stack.undo()  # the new cue
    assert ed.model.rowCount() == 0


def test_undo_puts_the_old_text_back_in_the_text_box(qtbot) -> None:  # type: ignore[no-untyped-def]
    ed = make_editor(qtbot, [Cue(0, 2_000, "Police are at the scene")])
    ed.select_row(0)
    ed.model.edit_cue(0, Cue(0, 2_000, "Fire crews are at the scene"), "text")
    assert ed.editor.toPlainText() == "Fire crews are at the scene"
    ed.model.undo_stack.undo()
    assert ed.editor.toPlainText() == "Police are at the scene"


def test_no_cue_selected_is_one_plain_line_and_changes_nothing(qtbot) -> None:  # type: ignore[no-untyped-def]
    ed = make_editor(qtbot, [Cue(0, 2_000, "Police are at the scene")])
    with qtbot.waitSignal(ed.problem) as said:
        ed.set_time_from_playhead("start")
    assert said.args == [NO_CUE_SELECTED]
    assert ed.model.undo_stack.count() == 0


def test_a_refused_time_says_why_and_keeps_the_cue(qtbot) -> None:  # type: ignore[no-untyped-def]
    ed = make_editor(qtbot, [Cue(1_000, 2_000, "Police are at the scene")], at=3_000)
    ed.select_row(0, seek=False)
    problems: list[str] = []
    ed.problem.connect(problems.append)
    ed.set_time_from_playhead("start")  # start after the end
    assert problems and "\n" not in problems[0] and ed.model.cue(0) == Cue(1_000, 2_000, "Police are at the scene")


def test_split_merge_delete_and_shift(qtbot) -> None:  # type: ignore[no-untyped-def]
    ed = make_editor(qtbot, [Cue(0, 2_000, "Police are at the scene"), Cue(3_000, 4_000, "Avoid the area")])
    ed.select_row(0)
    ed.playhead.seek(1_000)
    ed.split_at_playhead()
    assert [c.text for c in ed.model.cues] == ["Police are", "at the scene", "Avoid the area"]
    ed.select_row(0, seek=False)
    ed.merge_current()
    assert [c.text for c in ed.model.cues] == ["Police are\nat the scene", "Avoid the area"]  # two lines again
    assert ed.shift_scope() == ("all cues", None)
    ed.shift_cues("0.5")
    assert [c.start_ms for c in ed.model.cues] == [500, 3_500]
    ed.shift_cues("soon")  # junk: one line, nothing moves
    assert [c.start_ms for c in ed.model.cues] == [500, 3_500]
    ed.select_row(1, seek=False)
    ed.delete_selected()
    assert [c.text for c in ed.model.cues] == ["Police are\nat the scene"] and ed.current_row() == 0


def test_next_problem_goes_round_and_says_what_is_wrong(qtbot) -> None:  # type: ignore[no-untyped-def]
    fast = Cue(3_000, 3_400, "Police are at the scene")
    ed = make_editor(qtbot, [Cue(0, 2_500, "Road closed"), fast])
    problems: list[str] = []
    ed.problem.connect(problems.append)
    ed.next_problem()
    assert ed.current_row() == 1 and ed.playhead.position_ms == 3_000
    assert "Reading speed" in problems[-1]
    ed.stretch_current()
    notes: list[str] = []
    ed.note.connect(notes.append)
    ed.next_problem()
    assert notes == ["No problems left."] and problems[-1] == ""


def test_following_the_playhead_leaves_the_cue_being_typed(qtbot) -> None:  # type: ignore[no-untyped-def]
    ed = make_editor(qtbot, [Cue(0, 1_000, "One"), Cue(2_000, 3_000, "Two")])
    ed.follow_playhead(2_500)
    assert ed.current_row() == 1
    ed.editor.show()
    ed.editor.setFocus()
    qtbot.waitUntil(ed.editor.hasFocus)
    ed.follow_playhead(500)
    assert ed.current_row() == 1


@pytest.mark.parametrize("start", [None, 0, 2])
def test_previous_and_next_cue_stay_in_the_list(qtbot, start) -> None:  # type: ignore[no-untyped-def]
    ed = make_editor(qtbot, [Cue(0, 1_000, "One"), Cue(2_000, 3_000, "Two"), Cue(4_000, 5_000, "Three")])
    if start is not None:
        ed.select_row(start)
    ed.next_cue()
    assert ed.current_row() == (0 if start is None else min(start + 1, 2))
    ed.previous_cue()
    ed.previous_cue()
    assert ed.current_row() == 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(min_value=0, max_value=60_000), min_size=1, max_size=8))
def test_cues_inserted_anywhere_stay_in_order_and_undo_all_the_way(qtbot, positions) -> None:  # type: ignore[no-untyped-def]
    ed = make_editor(qtbot)
    for at in positions:
        ed.playhead.seek(at)
        ed.insert_at_playhead()
    cues = ed.model.cues
    assert [c.start_ms for c in cues] == sorted(c.start_ms for c in cues)
    assert len(cues) == len(positions) and ed.current_row() is not None
    while ed.model.undo_stack.canUndo():
        ed.model.undo_stack.undo()
    assert ed.model.rowCount() == 0
