"""Status bar segments. Each module: ``ORDER`` and ``create_segment(shell) -> QWidget``."""
