"""problemsolving selectors."""
