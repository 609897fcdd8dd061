"""Typed change notices from the change-log hook: what a service call committed, no Qt."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.contacts import service as contacts
from app.db import changes
from app.errors import ValidationError
from app.settings import device
from app.shiftlog import service as shiftlog
from tests.sync.helpers import sync


def test_a_write_reports_its_table_and_row(ctx) -> None:
    with changes.collect() as collector:
        added = contacts.add_contact(ctx, "Dana Press", phones=["0123 456789"])
    assert collector.changes.ids("contact") == {added.id}
    assert collector.changes.touches("contact")
    assert not collector.changes.touches("log_entry", "rota_shift")


def test_update_and_tombstone_report_the_same_row(ctx) -> None:
    added = contacts.add_contact(ctx, "Dana Press", phones=["0123 456789"])
    with changes.collect() as collector:
        contacts.update_contact(ctx, added.id, name="Dana Press", role="Press office", phones=["0123 456789"])
        contacts.remove_contact(ctx, added.id)
    assert collector.changes.ids("contact") == {added.id}


def test_device_settings_are_reported_by_key(ctx) -> None:
    with changes.collect() as collector:
        device.set_many(ctx, {"theme": "dark"})
    assert "theme" in collector.changes.ids("device_setting")


def test_a_refused_write_reports_nothing(ctx) -> None:
    with changes.collect() as collector, pytest.raises(ValidationError):
        shiftlog.add_entry(ctx, "   ")
    assert not collector.changes


def test_a_rolled_back_unit_of_work_reports_nothing(ctx) -> None:
    with changes.collect() as collector, pytest.raises(RuntimeError):
        with ctx.write() as session:
            shiftlog.add_entry(ctx, "never kept", session=session)
            raise RuntimeError("abort")
    assert not collector.changes


def test_reads_and_writes_outside_a_collector_are_not_counted(ctx) -> None:
    contacts.add_contact(ctx, "Before", phones=["0123 456789"])
    with changes.collect() as collector:
        contacts.list_contacts(ctx)
    assert not collector.changes


def test_sync_apply_reports_the_rows_it_brought(make_ctx, tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    a, b = make_ctx("a", "Ann"), make_ctx("b", "Bob")
    sync(a, share), sync(b, share)
    entry = shiftlog.add_entry(a, "Press release out")
    contact = contacts.add_contact(a, "Dana Press", phones=["0123 456789"])
    sync(a, share)
    with changes.collect() as collector:
        report = sync(b, share)
    assert report["applied"] >= 2
    assert entry.id in collector.changes.ids("log_entry")
    assert contact.id in collector.changes.ids("contact")
