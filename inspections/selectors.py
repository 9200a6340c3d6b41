"""inspections selectors."""
