"""The shift log: shifts, numbered and chained entries, amendments, handover."""
