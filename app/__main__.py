"""``python -m app``: the command line without the GUI layer."""

import sys

from app.cli import main

if len(sys.argv) > 1 and sys.argv[1] == "--dutydesk-worker":  # the bundle's worker process (app/worker.py)
    from app.worker import serve

    sys.exit(serve())

sys.exit(main())
