"""The team: officers and team-wide settings (shared data)."""
