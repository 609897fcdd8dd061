"""One module per main view; ``registry`` says which exist and their shortcuts."""
