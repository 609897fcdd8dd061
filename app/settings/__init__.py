"""Settings of this device (local) and of the team (shared)."""
