"""Duty Desk's Qt widgets: a thin layer over the ``app`` services."""
