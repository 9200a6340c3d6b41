"""inspections tasks."""
