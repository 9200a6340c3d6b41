"""problemsolving tasks."""
