"""The one road from a widget to ``app/``: query and write ops, and jobs for long work.

See ``docs/ARCHITECTURE.md`` ("The one path"). Views reach these through the shell:
``shell.ops.query(...)``, ``shell.ops.write(...)``, ``shell.jobs.start(...)``.
"""

from app.db.changes import Changes
from ui.ops.jobs import Job, JobControl, JobRunner
from ui.ops.operations import Ops, QueryOp, WriteOp

__all__ = ["Changes", "Job", "JobControl", "JobRunner", "Ops", "QueryOp", "WriteOp"]
