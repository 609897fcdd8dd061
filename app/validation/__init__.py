"""Validation at the edge: one module per kind of input."""
