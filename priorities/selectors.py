"""priorities selectors."""
