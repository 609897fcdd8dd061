"""Duty Desk domain core.

Nothing below this package imports Qt: the command line, the tests and the GUI all
drive the same services defined here.
"""

__version__ = "0.1.0"
