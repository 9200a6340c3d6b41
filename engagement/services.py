"""engagement services."""
