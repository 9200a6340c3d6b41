"""inspections services."""
