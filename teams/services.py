"""teams services."""
