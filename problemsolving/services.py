"""problemsolving services."""
