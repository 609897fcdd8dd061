"""``python -m app``: the command line without the GUI layer."""

import multiprocessing
import sys

from app.cli import main

multiprocessing.freeze_support()  # in the bundle, a worker process runs here and exits

sys.exit(main())
