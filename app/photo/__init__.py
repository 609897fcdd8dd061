"""Photo tool: make event photos ready for each channel (crops, edits, clean metadata)."""
