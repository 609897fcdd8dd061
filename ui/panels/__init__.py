"""Panels of the Today view. Each module: ``ORDER`` and ``create_panel(shell) -> QWidget | None``."""
