"""Shared-drive sync: each laptop keeps its own SQLite; the team's changes meet on the share.

See ``docs/sync.md``. Modules: ``fileops`` (every file operation, with a fault hook for
tests), ``share`` (layout, root marker, segment format), ``merge`` (applying remote
changes generically to every ``SharedRecord`` table), ``engine`` (one sync round),
``service`` (what the CLI and the GUI call).
"""
