"""Widgets of the shift log: the lazy entry table, the fast entry line, dialogs."""
