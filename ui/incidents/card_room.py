"""Room for the running incident's step card on a small laptop.

The card (the next thing to do, big) claims the height its text needs at its width; the
golden-hour panel below gives way (its pages scroll), and a card taller than the room
scrolls inside its own area rather than being squashed. The title and the timer banner
always keep the height of their wrapped text: an overdue update cut to half a line is the
one thing an officer must not miss.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel

if TYPE_CHECKING:
    from ui.incidents.running import RunningIncidentWidget

CARD_AT_LEAST = 160  # the card's own scroll area never gets less than this
GOLDEN_HOUR_LINE = 72  # the golden-hour tabs and a line of their page stay in sight


def hold_heights(*labels: QLabel) -> None:
    """Each wrapped label keeps the height of its text at its width."""
    for label in labels:
        label.setMinimumHeight(label.heightForWidth(label.width()) if label.isVisible() else 0)


def keep_card_whole(widget: RunningIncidentWidget) -> None:
    if widget.incident is None:
        widget.setMinimumHeight(0)
        return
    card, area = widget.card.layout(), widget.card_area
    scroll_bar = area.verticalScrollBar().sizeHint().width()
    area.setMinimumWidth(card.totalMinimumSize().width() + scroll_bar)  # no sideways scrolling
    needed = card.totalHeightForWidth(widget.card.width()) if card.hasHeightForWidth() else card.totalSizeHint().height()
    needed = max(needed, widget.right_part.minimumSizeHint().height())
    area.setMinimumHeight(min(needed, CARD_AT_LEAST))
    hold_heights(widget.title_label, widget.meta_label, widget.timer_banner)
    least = widget.layout().totalMinimumHeightForWidth(widget.width())  # all whole, the card at its least
    parent = widget.parentWidget()
    room = parent.height() - GOLDEN_HOUR_LINE if parent is not None else least
    widget.setMinimumHeight(max(least, min(least - area.minimumHeight() + needed, room)))
