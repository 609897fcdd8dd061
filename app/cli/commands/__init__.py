"""Subcommand modules; each defines ``register(subparsers, common)``."""
