"""engagement api."""
