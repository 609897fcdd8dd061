"""Sections of Settings. Each module: ``ORDER``, ``TITLE`` and ``create_section(shell)`` returning a
``base.SettingsSection``."""
