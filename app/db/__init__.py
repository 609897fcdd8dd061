"""The local SQLite store: models base, engine, migrations and the change log."""
