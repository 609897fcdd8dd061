"""Who to ring for a step's role: one rule (``contacts.with_role``) for the running
checklist and the template editor's preview, capitals and spaces aside, whole roles only."""

from __future__ import annotations

from app.contacts.service import add_contact, contacts_for_role, list_contacts, with_role


def test_a_role_finds_its_contacts_whatever_the_capitals_and_spaces(ctx) -> None:  # type: ignore[no-untyped-def]
    add_contact(ctx, "Jo Okafor", role="Duty lead", phones=["07700 900123"])
    add_contact(ctx, "Sam Reid", role="Duty leader", phones=["07700 900456"])
    add_contact(ctx, "Ola Berg", role="duty  LEAD", phones=["07700 900789"])
    for typed in ("Duty lead", "  duty   LEAD ", "DUTY LEAD"):
        assert sorted(c.name for c in contacts_for_role(ctx, typed)) == ["Jo Okafor", "Ola Berg"]
        assert sorted(c.name for c in with_role(list_contacts(ctx), typed)) == ["Jo Okafor", "Ola Berg"]
    assert [c.name for c in with_role(list_contacts(ctx), "duty leader")] == ["Sam Reid"]
    assert with_role(list_contacts(ctx), "duty") == []
