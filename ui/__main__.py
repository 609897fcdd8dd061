"""``python -m ui``: same as the ``dutydesk`` command."""

import sys

from ui.entry import main

sys.exit(main())
