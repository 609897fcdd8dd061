"""The team in the window: the Team settings page and its table model."""
