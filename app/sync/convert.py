"""JSON values from the change log back into what a column holds in Python.

A big merge converts every field of every record (once to check it, once to write it),
so the way to convert each column is worked out once per column, not per value."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sqlalchemy import Column
from sqlalchemy.types import TypeDecorator

from app.db.types import JSONText, UTCDateTime

Convert = Callable[[Any], Any]
_converters: dict[int, tuple[Column[Any], Convert]] = {}


def from_json(column: Column[Any], value: Any) -> Any:
    """A JSON value from the change log back into what ``column`` holds in Python."""
    if value is None:
        return None
    return converter(column)(value)


def converter(column: Column[Any]) -> Convert:
    """How to convert a (non-null) JSON value for ``column``; worked out once per column."""
    found = _converters.get(id(column))
    if found is None or found[0] is not column:
        found = _converters[id(column)] = (column, _converter_for(column))
    return found[1]


def _same(value: Any) -> Any:
    return value


def _number(python_type: type) -> Convert:
    def convert(value: Any) -> Any:
        return python_type(value) if isinstance(value, (int, float, str)) else value
    return convert


def _from_hex(value: Any) -> Any:
    return bytes.fromhex(value) if isinstance(value, str) else value


def _converter_for(column: Column[Any]) -> Convert:
    col_type = column.type
    hook = getattr(col_type, "sync_from_json", None)
    if callable(hook):
        return hook
    if isinstance(col_type, JSONText):
        return _same
    if isinstance(col_type, UTCDateTime):
        return dt.datetime.fromisoformat
    if isinstance(col_type, TypeDecorator):
        col_type = col_type.impl_instance
    try:
        python_type = col_type.python_type
    except NotImplementedError:
        return _same
    simple: dict[type, Convert] = {
        dt.datetime: dt.datetime.fromisoformat, dt.date: dt.date.fromisoformat, dt.time: dt.time.fromisoformat,
        bool: bool, Decimal: lambda value: Decimal(str(value)), bytes: _from_hex,
    }
    if python_type in simple:
        return simple[python_type]
    if python_type in (int, float):
        return _number(python_type)
    return _same
