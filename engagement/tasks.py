"""engagement tasks."""
