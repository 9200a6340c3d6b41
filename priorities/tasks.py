"""priorities tasks."""
