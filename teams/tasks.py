"""teams tasks."""
