"""The team's contact directory (shared data): the roles incident templates call."""
