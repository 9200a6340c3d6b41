"""priorities services."""
