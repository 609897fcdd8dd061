"""Templates: shipped files parse, broken ones are listed with line and reason, edits
are stored as team data and never change a running incident."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import ValidationError
from app.incidents import service
from app.incidents.templates import (
    StepSpec, Template, TemplateError, get_template, list_templates, parse_template, remove_team_template,
    save_template, save_template_spec, shipped_templates, to_toml,
)

REQUIRED = {
    "major-incident", "serious-crime-body-found", "severe-weather-transport", "death-of-public-figure",
    "compromised-account", "data-breach", "post-gone-wrong",
}


def test_the_seven_shipped_templates_parse_and_use_every_step_kind() -> None:
    shipped = {t.key: t for t in shipped_templates()}
    assert REQUIRED <= set(shipped)
    assert not [t.key for t in shipped.values() if t.broken]
    kinds = {s.kind for t in shipped.values() for s in t.steps}
    assert kinds == {"check", "call", "decision", "timer", "statement"}


def test_major_incident_starts_by_pausing_scheduled_content_and_calling_the_duty_lead() -> None:
    major = next(t for t in shipped_templates() if t.key == "major-incident")
    first, second = major.steps[:2]
    assert "pause" in first.text.lower() and "scheduled" in first.text.lower()
    assert "newsletters" in first.text.lower() and "ads" in first.text.lower()
    assert second.kind == "call" and second.role == "Duty lead"


def test_broken_files_are_listed_with_line_and_reason_and_the_rest_still_work(ctx, template_dir) -> None:
    found = {t.key: t for t in list_templates(ctx)}
    syntax = found["zz-broken-syntax"]
    assert syntax.broken and syntax.problem.line == 5 and "syntax" in syntax.problem.reason.lower()
    kind = found["zz-unknown-kind"]
    assert kind.broken and kind.problem.line == 8 and "'dance'" in kind.problem.reason
    assert kind.name == "Protest"
    assert not found["major-incident"].broken
    with pytest.raises(ValidationError, match="broken"):
        service.start_incident(ctx, "zz-unknown-kind", "A march in town")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('name = "X"\n[[steps]]\nkind = "call"\ntext = "Ring"\n', 2, "role"),
        ('name = "X"\n[[steps]]\nkind = "timer"\ntext = "Update"\nevery_minutes = 0\n', 5, "every_minutes"),
        ('name = "X"\n[[steps]]\nkind = "check"\ntext = "A"\nrol = "x"\n', 5, "unknown setting 'rol'"),
        ('name = "X"\n', None, "no steps"),
        ('[[steps]]\nkind = "check"\ntext = "A"\n', None, "needs a name"),
    ],
)
def test_template_problems_say_where_and_what(text: str, line: int | None, words: str) -> None:
    with pytest.raises(TemplateError) as err:
        parse_template(text, "x")
    assert err.value.problem.line == line
    assert words in err.value.problem.reason


def test_editing_a_shipped_template_stores_a_team_copy_and_never_changes_a_running_incident(ctx) -> None:
    running = service.start_incident(ctx, "post-gone-wrong", "Wrong bin day posted")
    original = get_template(ctx, "post-gone-wrong")
    edited = Template(
        key=original.key, name=original.name,
        steps=(StepSpec(kind="check", text="Delete the post at once"), *original.steps[1:]),
    )
    save_template_spec(ctx, edited)
    now = get_template(ctx, "post-gone-wrong")
    assert now.source == "edited" and now.steps[0].text == "Delete the post at once"
    assert service.get_incident(ctx, running.id).steps[0].text == original.steps[0].text
    started = service.start_incident(ctx, "post-gone-wrong", "Another wrong post")
    assert started.steps[0].text == "Delete the post at once"
    remove_team_template(ctx, "post-gone-wrong")
    assert get_template(ctx, "post-gone-wrong").steps[0].text == original.steps[0].text


def test_a_broken_edit_is_refused_and_nothing_is_stored(ctx) -> None:
    with pytest.raises(ValidationError, match="line 3"):
        save_template(ctx, "new-one", 'name = "New"\n[[steps]]\nkind = "shout"\ntext = "x"\n')
    assert "new-one" not in {t.key for t in list_templates(ctx)}


texts = st.text(alphabet=string.ascii_letters + string.digits + " .,'!?é\"\\", min_size=1, max_size=40).filter(str.strip)


@settings(max_examples=40, deadline=None)
@given(
    name=texts,
    steps=st.lists(
        st.one_of(
            st.builds(StepSpec, kind=st.just("check"), text=texts, help=st.just(""), key=st.booleans()),
            st.builds(StepSpec, kind=st.just("call"), text=texts, role=texts),
            st.builds(StepSpec, kind=st.just("timer"), text=texts, every_minutes=st.integers(1, 120).map(float)),
            st.builds(StepSpec, kind=st.just("decision"), text=texts, options=st.lists(texts, max_size=3).map(tuple)),
            st.builds(StepSpec, kind=st.just("statement"), text=texts, statement=texts.map(lambda t: t + " at {place}")),
        ),
        min_size=1, max_size=6,
    ),
)
def test_what_the_editor_writes_reads_back_the_same(name: str, steps: list[StepSpec]) -> None:
    template = Template(key="k", name=" ".join(name.split()), steps=tuple(steps))
    back = parse_template(to_toml(template), "k")
    assert back.name == template.name
    assert [(s.kind, s.text, s.role, s.every_minutes, s.options, s.statement, s.key) for s in back.steps] == [
        (s.kind, " ".join(s.text.split()), " ".join(s.role.split()), s.every_minutes,
         tuple(o.strip() for o in s.options), s.statement.strip(), s.key)
        for s in steps
    ]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300) | st.from_regex(r'name = "[a-z]+"\n(\[\[steps\]\]\n(kind|text|role|every_minutes) = ("[a-z]*"|-?[0-9]+)\n){0,6}', fullmatch=True))
def test_any_file_text_loads_as_a_template_or_as_broken_never_a_crash(text: str) -> None:
    from app.incidents.templates import _load_text

    template = _load_text(text, "fuzz", "shipped")
    assert template.broken or (template.steps and template.name)
    if template.broken:
        assert template.problem.reason and (template.problem.line is None or template.problem.line >= 1)
