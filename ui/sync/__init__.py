"""Widgets of the Sync view and the status bar segment."""
