"""engagement selectors."""
