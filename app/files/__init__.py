"""Files the app writes and names it makes: one way to write, one way to name."""
