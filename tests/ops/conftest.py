"""A shell over a real database, without a window, for the ops tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from ui.ops import guard
from ui.shell import EventBus, Shell


@pytest.fixture
def shell(qapp, ctx) -> Iterator[Shell]:  # type: ignore[no-untyped-def]
    shell = Shell(ctx, EventBus())
    yield shell
    shell.jobs.cancel_all()
    shell.wait(10_000)


@pytest.fixture
def gate() -> Iterator[threading.Event]:
    """Holds a worker until the test opens it (never left shut: no hung thread at teardown)."""
    event = threading.Event()
    yield event
    event.set()


@pytest.fixture
def write_guard() -> Iterator[None]:
    guard.enable()
    yield
    guard.disable()
