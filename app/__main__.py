"""``python -m app``: the command line without the GUI layer."""

import sys

from app.cli import main

sys.exit(main())
