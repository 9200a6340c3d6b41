"""problemsolving api."""
