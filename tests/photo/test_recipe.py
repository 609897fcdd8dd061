"""The edit recipe: a list of operations folded into a state; undo drops the last one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import ValidationError
from app.photo.library import forget_export, recent_exports, record_exports
from app.photo.recipe import Caption, Logo, Op, Recipe
from app.photo.render import default_crop


def test_rotations_add_up_and_reset_crops() -> None:
    recipe = Recipe().add(Op("crop", ("x", (0.1, 0.1, 0.5, 0.5)))).add(Op("rotate", 90)).add(Op("rotate", 270))
    state = recipe.state()
    assert state.rotation == 0
    assert state.crops == {}


def test_last_adjustment_wins_and_undo_is_dropping_an_op() -> None:
    recipe = Recipe().add(Op("adjust", ("contrast", 30))).add(Op("adjust", ("contrast", -10)))
    assert recipe.state().adjustment("contrast") == -10
    assert Recipe(recipe.ops[:-1]).state().adjustment("contrast") == 30


def test_recipe_round_trips_through_json() -> None:
    recipe = (
        Recipe().add(Op("flip", "horizontal")).add(Op("crop", ("x", (0.0, 0.0, 1.0, 0.5))))
        .add(Op("logo", Logo("/tmp/logo.png"))).add(Op("caption", Caption("Hello", colour="#ffcc00")))
    )
    again = Recipe.from_json(recipe.to_json())
    assert again.state() == recipe.state()


@pytest.mark.parametrize(
    "op",
    [
        Op("rotate", 45), Op("straighten", 60), Op("adjust", ("glow", 10)), Op("adjust", ("contrast", 500)),
        Op("crop", ("x", (0.5, 0.5, 0.8, 0.8))), Op("caption", Caption("  ")), Op("caption", Caption("a", colour="blurple")),
        Op("logo", Logo("/x.png", opacity=0)),
    ],
)
def test_nonsense_edits_are_refused(op: Op) -> None:
    with pytest.raises(ValidationError):
        Recipe().add(op)


@given(st.integers(16, 5000), st.integers(16, 5000), st.floats(0.2, 5))
def test_default_crop_has_the_preset_shape_and_fits(width: int, height: int, aspect: float) -> None:
    x, y, w, h = default_crop((width, height), aspect)
    assert 0 <= x and 0 <= y and x + w <= 1 + 1e-9 and y + h <= 1 + 1e-9
    assert (w * width) / (h * height) == pytest.approx(aspect, rel=1e-6)


def test_library_records_and_forgets(ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.photo.export import ExportResult

    result = ExportResult("x", tmp_path / "a_x_1600x900.jpg", 1600, 900, 1234, None, b"jpeg")
    [entry] = record_exports(ctx, tmp_path / "a.jpg", [result], "Alt")
    listed = recent_exports(ctx)
    assert [(e.preset, e.officer, e.alt_text, e.source_name) for e in listed] == [("x", "Test Officer", "Alt", "a.jpg")]
    forget_export(ctx, entry.id)
    assert recent_exports(ctx) == []
