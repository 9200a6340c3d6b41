"""inspections api."""
