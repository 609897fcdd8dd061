"""Keyboard order for dialogs: focus opens on the first field, Tab walks the fields in the
order they are laid out, and the OK/Cancel buttons come last.

Qt builds the Tab chain in creation order, so a dialog that creates its button box before
its fields opens with focus on OK: typing a name with a space then "presses" it. Walking
the layout instead gives the order the officer sees.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLayout, QLayoutItem, QWidget


def _takes_tab(widget: QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.focusProxy() is None


def _walk_layout(layout: QLayout, out: list[QWidget]) -> None:
    for i in range(layout.count()):
        item = layout.itemAt(i)
        widget, inner = item.widget(), item.layout()
        _let_go(item)
        if widget is not None:
            _walk_widget(widget, out)
        elif inner is not None:
            _walk_layout(inner, out)


def _let_go(item: QLayoutItem) -> None:
    """Unregister a plain layout item's wrapper once read.

    PySide keeps every ``itemAt`` wrapper alive as a child of its layout, but Qt deletes
    the item itself whenever the layout drops it (its widget deleted, a button box laying
    out its buttons again). The wrapper would stay registered for a freed address, and
    the next Qt object made there would come back to Python as that stale item: a wrong
    type at best, a segfault in the event loop at worst. Layouts are QObjects and stay.
    """
    if not isinstance(item, QObject):
        shiboken6.invalidate(item)


def _walk_widget(widget: QWidget, out: list[QWidget]) -> None:
    if widget.isHidden() and not widget.isWindow():
        return
    if _takes_tab(widget):
        out.append(widget)
        return  # a field's inner parts (a spin box's line edit) are its own business
    if widget.layout() is not None:
        _walk_layout(widget.layout(), out)


def laid_out_fields(dialog: QWidget) -> tuple[list[QWidget], list[QWidget]]:
    """(fields, buttons): focusable widgets in layout order, the button box's buttons apart."""
    found: list[QWidget] = []
    if dialog.layout() is not None:
        _walk_layout(dialog.layout(), found)
    boxes = dialog.findChildren(QDialogButtonBox)
    buttons = [w for w in found if any(box.isAncestorOf(w) for box in boxes)]
    fields = [w for w in found if w not in buttons]
    return fields, buttons


def tab_in_layout_order(dialog: QWidget) -> list[QWidget]:
    """Tab order = layout order with the buttons last; returns the fields."""
    fields, buttons = laid_out_fields(dialog)
    chain = fields + buttons
    for a, b in zip(chain, chain[1:]):
        QWidget.setTabOrder(a, b)
    return fields


def settle_focus(dialog: QWidget, first: QWidget | None = None) -> None:
    """Tab in layout order; focus on ``first`` (default: the first field)."""
    fields = tab_in_layout_order(dialog)
    target = first or (fields[0] if fields else None)
    if target is not None:
        target.setFocus(Qt.FocusReason.OtherFocusReason)
